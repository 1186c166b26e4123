"""Export and import of the question bank.

JSON (export and import, round-trips the bank)
------------------------------------------------
One object::

    {
      "format": "written-question-bank",
      "version": 1,
      "topics":    [{"code": "pharmacology", "name": "Pharmacology and pharmacodynamics"}],
      "vignettes": [{"code": "case-forehead", "title": "A first treatment", "text": "..."}],
      "questions": [{
        "code": "pharm-onset",               # stable identifier; import updates by code
        "kind": "single",                    # single | multiple | case | scenario
        "topic": "pharmacology",             # a topic code (listed above or already here)
        "difficulty": "medium",              # easy | medium | hard
        "vignette": null,                    # a vignette code, for kind "case" only
        "stem": "When does the effect ...?",
        "options": [{"key": "A", "text": "...", "feedback": ""}, ...],
        "correct": ["B"],                    # keys; exactly one except for "multiple"
        "explanation": "...",
        "active": true
      }]
    }

Importing a question whose code exists changes it through the same rule as the edit page (a
new version if candidates drew the current one); an identical question is left alone.

Moodle XML (import)
-------------------
`<quiz>` with `<question type="category">` (the last part of the category path names the
topic) and `<question type="multichoice">`: `<single>true</single>` for single best answer,
`false` for multiple response; answers with `fraction` > 0 are correct; `<feedback>` per answer
and `<generalfeedback>` (the explanation) are kept; HTML is reduced to text.

GIFT (import)
-------------
Questions separated by blank lines; `// comments`; `$CATEGORY: Topic name`; an optional
`::title::`; answers in braces: `=right ~wrong` (single best answer) or `~%50%right ~%-100%wrong`
(multiple response: positive weights are the correct options); `#feedback` after an answer and
`####general feedback` before the closing brace. `\\` escapes `~ = # { } :`.

Every format: an unreadable file or a bad question is an error naming the line or question,
and nothing at all is imported.
"""

import json
import re
from dataclasses import dataclass
from html import unescape
from xml.etree import ElementTree
from xml.parsers import expat

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import slugify

from accounts.errors import DomainError

from ..models.written import Difficulty, Question, Topic, Vignette
from .written_bank import QuestionContent, create_question, edit_question, require_admin

FORMAT = "written-question-bank"


# --- export -------------------------------------------------------------------------------------


def export_bank() -> dict:
    """The whole bank in the JSON format above (3 queries)."""
    questions = Question.objects.select_related("current_version__topic", "vignette").order_by(
        "code"
    )
    return {
        "format": FORMAT,
        "version": 1,
        "topics": [{"code": t.code, "name": t.name} for t in Topic.objects.all()],
        "vignettes": [
            {"code": v.code, "title": v.title, "text": v.text} for v in Vignette.objects.all()
        ],
        "questions": [
            {
                "code": q.code,
                "kind": q.kind,
                "topic": q.current_version.topic.code,
                "difficulty": q.current_version.difficulty,
                "vignette": q.vignette.code if q.vignette else None,
                "stem": q.current_version.stem,
                "options": q.current_version.options,
                "correct": q.current_version.correct,
                "explanation": q.current_version.explanation,
                "active": q.is_active,
            }
            for q in questions
        ],
    }


# --- what the parsers produce -------------------------------------------------------------------


@dataclass
class Parsed:
    """A question read from a file, before topics and cases are looked up."""

    where: str
    kind: str
    topic_name: str
    stem: str
    options: list[dict]
    correct: list[str]
    explanation: str = ""
    difficulty: str = Difficulty.MEDIUM
    code: str = ""
    topic_code: str = ""
    vignette_code: str = ""
    active: bool = True


@dataclass
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def __str__(self):
        return (
            f"{self.created} questions added, {self.changed} changed, "
            f"{self.unchanged} already up to date."
        )


def _keys(count: int) -> list[str]:
    return [chr(ord("A") + n) for n in range(count)]


# --- JSON ---------------------------------------------------------------------------------------


def _texts(data: dict, *keys: str) -> bool:
    return all(isinstance(data.get(key), str) and data[key] for key in keys)


def _check_length(where: str, label: str, value: str, model, field: str) -> None:
    """PostgreSQL refuses a value longer than its varchar column (DataError, a server error);
    SQLite would store it. Refuse it here, with its place in the file, on both."""
    limit = model._meta.get_field(field).max_length
    if len(value) > limit:
        raise DomainError(f"{where}: the {label} is longer than {limit} characters.")


def _refuse_nul(where: str, *values: str) -> None:
    # JSON can carry NUL as "\\u0000"; no text column stores it (PostgreSQL raises ValueError).
    if any("\x00" in value for value in values):
        raise DomainError(f"{where}: contains a NUL character; a question bank is plain text.")


def parse_json(raw: bytes) -> tuple[list[dict], list[dict], list[Parsed]]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise DomainError("The file is not UTF-8 text.") from error
    except json.JSONDecodeError as error:
        raise DomainError(
            f"Not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error
    except RecursionError as error:
        # The stdlib decoder recurses per level: 50,000 brackets exhaust the stack.
        raise DomainError("The JSON is nested too deeply to be a question bank.") from error
    except ValueError as error:
        # Python refuses to convert integers of more than 4,300 digits (a denial-of-service guard).
        raise DomainError("The JSON holds a number too long to read.") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DomainError(f'Not a question bank export: "format" must be "{FORMAT}".')
    topics, vignettes, questions = (
        data.get("topics", []),
        data.get("vignettes", []),
        data.get("questions"),
    )
    if not isinstance(questions, list):
        raise DomainError('The file has no "questions" list.')
    if not isinstance(topics, list) or not isinstance(vignettes, list):
        raise DomainError('"topics" and "vignettes" must be lists.')
    for n, topic in enumerate(topics, start=1):
        if not isinstance(topic, dict) or not _texts(topic, "code", "name"):
            raise DomainError(f"Topic {n}: needs a code and a name.")
        _check_length(f"Topic {n}", "code", topic["code"], Topic, "code")
        _check_length(f"Topic {n}", "name", topic["name"], Topic, "name")
        _refuse_nul(f"Topic {n}", topic["code"], topic["name"])
    for n, vignette in enumerate(vignettes, start=1):
        if not isinstance(vignette, dict) or not _texts(vignette, "code", "title", "text"):
            raise DomainError(f"Vignette {n}: needs a code, a title and a text.")
        _check_length(f"Vignette {n}", "code", vignette["code"], Vignette, "code")
        _check_length(f"Vignette {n}", "title", vignette["title"], Vignette, "title")
        _refuse_nul(f"Vignette {n}", vignette["code"], vignette["title"], vignette["text"])
    parsed = []
    for n, item in enumerate(questions, start=1):
        where = f"question {n}" + (
            f" ({item.get('code')})" if isinstance(item, dict) and item.get("code") else ""
        )
        if not isinstance(item, dict):
            raise DomainError(f"{where}: not an object.")
        options = item.get("options")
        if not isinstance(options, list) or not all(isinstance(o, dict) for o in options):
            raise DomainError(f'{where}: "options" must be a list of {{"key", "text"}} objects.')
        correct = item.get("correct")
        if not isinstance(correct, list):
            raise DomainError(f'{where}: "correct" must be a list of option keys.')
        if not item.get("topic"):
            raise DomainError(f"{where}: needs a topic.")
        parsed.append(
            Parsed(
                where=where,
                kind=str(item.get("kind", "")),
                topic_name="",
                topic_code=str(item["topic"]),
                stem=str(item.get("stem", "")),
                options=[
                    {
                        "key": str(o.get("key", "")),
                        "text": str(o.get("text", "")),
                        "feedback": str(o.get("feedback", "")),
                    }
                    for o in options
                ],
                correct=[str(key) for key in correct],
                explanation=str(item.get("explanation") or ""),
                difficulty=str(item.get("difficulty") or Difficulty.MEDIUM),
                code=str(item.get("code") or ""),
                vignette_code=str(item.get("vignette") or ""),
                active=bool(item.get("active", True)),
            )
        )
    return topics, vignettes, parsed


# --- Moodle XML ---------------------------------------------------------------------------------


def _refuse(*args):
    raise DomainError("The XML file declares entities or a DTD, which are not accepted.")


def _parse_xml(raw: bytes) -> ElementTree.Element:
    """Expat (the stdlib parser) with DTDs and entity declarations refused: no entity
    expansion, no external entities. Builds an ElementTree."""
    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    try:
        parser.Parse(raw, True)
        return builder.close()
    except expat.ExpatError as error:
        raise DomainError(
            f"Not well-formed XML at line {error.lineno}, column {error.offset + 1}: "
            f"{expat.ErrorString(error.code)}."
        ) from error


def _text(element, path: str) -> str:
    found = element.find(path) if element is not None else None
    if found is None or found.text is None:
        return ""
    return _plain(found.text)


def _plain(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())


def parse_moodle(raw: bytes) -> list[Parsed]:
    root = _parse_xml(raw)
    if root.tag != "quiz":
        raise DomainError("Not a Moodle XML question file: the root element must be <quiz>.")
    topic = "Imported"
    parsed = []
    for n, question in enumerate(root.findall("question"), start=1):
        kind = question.get("type", "")
        name = _text(question, "name/text")
        where = f"question {n}" + (f" ({name})" if name else "")
        if kind == "category":
            path = _text(question, "category/text")
            topic = path.split("/")[-1].strip() or topic
            if topic.startswith("$"):
                topic = "Imported"
            continue
        if kind != "multichoice":
            raise DomainError(
                f"{where}: Moodle questions of type {kind!r} are not supported; "
                "only multichoice (single or multiple answer)."
            )
        single = _text(question, "single").lower() in ("true", "1", "")
        options, correct = [], []
        keys = _keys(len(question.findall("answer")))
        for key, answer in zip(keys, question.findall("answer"), strict=True):
            try:
                fraction = float(answer.get("fraction", "0"))
            except ValueError as error:
                raise DomainError(f"{where}: an answer has a fraction that is not a number.") from (
                    error
                )
            options.append(
                {
                    "key": key,
                    "text": _text(answer, "text"),
                    "feedback": _text(answer, "feedback/text"),
                }
            )
            if fraction > 0:
                correct.append(key)
        parsed.append(
            Parsed(
                where=where,
                kind=Question.Kind.SINGLE if single else Question.Kind.MULTIPLE,
                topic_name=topic,
                stem=_text(question, "questiontext/text"),
                options=options,
                correct=correct,
                explanation=_text(question, "generalfeedback/text"),
                code=slugify(name)[:64] if name else "",
            )
        )
    if not parsed:
        raise DomainError("The file has no multichoice questions.")
    return parsed


# --- GIFT ---------------------------------------------------------------------------------------

_ESCAPED = {f"\\{char}": chr(n) for n, char in enumerate("~=#{}:", start=1)}
_UNESCAPE = {v: k[1] for k, v in _ESCAPED.items()}


def _hide_escapes(text: str) -> str:
    for escaped, placeholder in _ESCAPED.items():
        text = text.replace(escaped, placeholder)
    return text


def _show(text: str) -> str:
    for placeholder, char in _UNESCAPE.items():
        text = text.replace(placeholder, char)
    return " ".join(text.split())


def _gift_blocks(text: str):
    """(line number, block text, category in force) for each question."""
    category, block, start = "Imported", [], 0
    for number, line in enumerate(text.splitlines() + [""], start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if stripped.startswith("$CATEGORY:") and not block:
            category = stripped.split(":", 1)[1].strip().split("/")[-1].strip() or category
            continue
        if stripped:
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, "\n".join(block), category
            block = []


_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _gift_question(line: int, block: str, category: str) -> Parsed:
    where = f"the question at line {line}"
    text = _hide_escapes(block)
    title = ""
    match = re.match(r"^\s*::(.*?)::", text, re.S)
    if match:
        title = _show(match.group(1))
        text = text[match.end() :]
        where = f"the question at line {line} ({title})"
    if text.count("{") != 1 or text.count("}") != 1 or text.index("{") > text.index("}"):
        raise DomainError(f"{where}: needs exactly one answer block in braces {{ }}.")
    before, rest = text.split("{", 1)
    answers, after = rest.split("}", 1)
    stem = _show(re.sub(r"^\[\w+\]", "", before.strip()) + " " + after.strip())
    explanation = ""
    if "####" in answers:
        answers, explanation = answers.split("####", 1)
        explanation = _show(explanation)
    parts = re.split(r"(?=[=~])", answers.strip())
    parts = [part for part in parts if part.strip()]
    if not parts or any(part[0] not in "=~" for part in parts):
        raise DomainError(
            f"{where}: only multiple-choice answers (=right ~wrong, or ~%50%weighted) are "
            "supported."
        )
    options, correct, weighted = [], [], False
    for key, part in zip(_keys(len(parts)), parts, strict=True):
        sign, body = part[0], part[1:].strip()
        weight = None
        found = _WEIGHT.match(body)
        if found:
            weight, body = float(found.group(1)), body[found.end() :].strip()
            weighted = True
        answer, _, feedback = body.partition("#")
        if "->" in answer:
            raise DomainError(f"{where}: matching questions are not supported.")
        options.append({"key": key, "text": _show(answer), "feedback": _show(feedback)})
        if sign == "=" or (weight is not None and weight > 0):
            correct.append(key)
    if len(options) < 2:
        raise DomainError(f"{where}: a multiple-choice question needs at least two answers.")
    kind = Question.Kind.MULTIPLE if weighted and len(correct) > 1 else Question.Kind.SINGLE
    return Parsed(
        where=where,
        kind=kind,
        topic_name=_show(category),
        stem=stem,
        options=options,
        correct=correct,
        explanation=explanation,
        code=slugify(title)[:64] if title else "",
    )


def parse_gift(raw: bytes) -> list[Parsed]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError("The file is not UTF-8 text.") from error
    parsed = [_gift_question(*block) for block in _gift_blocks(text)]
    if not parsed:
        raise DomainError("The file has no questions.")
    return parsed


# --- import -------------------------------------------------------------------------------------


def _topic(parsed: Parsed, topics_by_code: dict, topics_by_name: dict) -> Topic:
    if parsed.topic_code:
        topic = topics_by_code.get(parsed.topic_code)
        if topic is None:
            raise DomainError(f"{parsed.where}: unknown topic {parsed.topic_code!r}.")
        return topic
    name = parsed.topic_name.strip()[:120] or "Imported"
    topic = topics_by_name.get(name.lower())
    if topic is None:
        code = slugify(name)[:64] or "imported"
        topic = Topic.objects.filter(code=code).first() or Topic.objects.create(
            code=code, name=name, position=len(topics_by_name) + 1
        )
        topics_by_name[name.lower()] = topics_by_code[topic.code] = topic
    return topic


@transaction.atomic
def import_bank(*, raw: bytes, file_format: str, by) -> ImportResult:
    """Import questions from a file in one of the formats above, all or nothing."""
    require_admin(by)
    if b"\x00" in raw:
        # No text column takes a NUL character (PostgreSQL refuses it, a ValueError).
        raise DomainError("The file contains a NUL byte; a question bank is plain text.")
    topics_data, vignettes_data = [], []
    if file_format == "json":
        topics_data, vignettes_data, parsed = parse_json(raw)
    elif file_format == "moodle":
        parsed = parse_moodle(raw)
    elif file_format == "gift":
        parsed = parse_gift(raw)
    else:
        raise DomainError("Choose the file's format: JSON, Moodle XML or GIFT.")
    for topic in topics_data:
        Topic.objects.get_or_create(
            code=topic["code"],
            defaults={"name": topic["name"], "position": Topic.objects.count() + 1},
        )
    for vignette in vignettes_data:
        found = Vignette.objects.filter(code=vignette["code"]).first()
        if found is None:
            Vignette.objects.create(
                code=vignette["code"], title=vignette["title"], text=vignette["text"]
            )
        elif (found.title, found.text) != (vignette["title"], vignette["text"]):
            found.title, found.text = vignette["title"], vignette["text"]
            found.save(update_fields=["title", "text"])
    topics = list(Topic.objects.all())
    by_code = {t.code: t for t in topics}
    by_name = {t.name.lower(): t for t in topics}
    vignettes = {v.code: v for v in Vignette.objects.all()}
    existing = {q.code: q for q in Question.objects.select_related("current_version")}
    codes_seen = set()
    result = ImportResult()
    for item in parsed:
        if item.vignette_code and item.vignette_code not in vignettes:
            raise DomainError(f"{item.where}: unknown vignette {item.vignette_code!r}.")
        _refuse_nul(
            item.where,
            *(item.kind, item.topic_name, item.topic_code, item.stem, item.explanation),
            *(item.difficulty, item.code, item.vignette_code, *item.correct),
            *(text for option in item.options for text in option.values()),
        )
        _check_length(item.where, "code", item.code, Question, "code")
        _check_length(item.where, "topic code", item.topic_code, Topic, "code")
        _check_length(item.where, "vignette code", item.vignette_code, Vignette, "code")
        if item.code:
            if item.code in codes_seen:
                raise DomainError(f"{item.where}: the code {item.code!r} appears twice.")
            codes_seen.add(item.code)
        content = QuestionContent(
            kind=item.kind,
            topic=_topic(item, by_code, by_name),
            difficulty=item.difficulty,
            stem=item.stem,
            options=item.options,
            correct=item.correct,
            explanation=item.explanation,
            vignette=vignettes.get(item.vignette_code) if item.vignette_code else None,
            code=item.code,
            is_active=item.active,
            where=item.where,
        )
        question = existing.get(item.code) if item.code else None
        if question is None:
            create_question(content=content, by=by)
            result.created += 1
            continue
        before = (question.current_version_id, question.current_version.content())
        before_flags = (question.is_active, question.vignette_id)
        try:
            edited = edit_question(question=question, content=content, by=by)
        except DomainError as error:
            if str(error).startswith(item.where):
                raise
            raise DomainError(f"{item.where}: {error}") from error
        edited.refresh_from_db()
        after = (edited.current_version_id, edited.current_version.content())
        if before == after and before_flags == (edited.is_active, edited.vignette_id):
            result.unchanged += 1
        else:
            result.changed += 1
    return result
