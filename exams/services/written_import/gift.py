"""GIFT: import (multiple choice with `=`/`~` or weights, true/false, categories, [html] texts
with embedded images) and export.

Our export writes `// meta: difficulty=... kind=... case=...` on the line before a question:
GIFT has no place for them, Moodle skips comments, and our import reads them back.
"""

import base64
import re

from accounts.errors import DomainError

from ...models.written import Difficulty, Question
from . import images
from .common import (
    CODE_SHAPE,
    Parsed,
    content_identity,
    fraction,
    gift_code,
    key_from_grades,
    keys,
    topic_of_category,
)

SPECIAL = "~=#{}:"
_ESCAPED = {f"\\{char}": chr(n) for n, char in enumerate(SPECIAL, start=1)}
_UNESCAPE = {v: k[1] for k, v in _ESCAPED.items()}
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = {"t": True, "true": True, "f": False, "false": False}


def _hide_escapes(text: str) -> str:
    for escaped, placeholder in _ESCAPED.items():
        text = text.replace(escaped, placeholder)
    return text


def _unhide(text: str) -> str:
    for placeholder, char in _UNESCAPE.items():
        text = text.replace(placeholder, char)
    return text


class _Texts:
    """Turns a GIFT text into stored text: [html] texts lose their tags and keep their images."""

    def __init__(self, html: bool, where: str):
        self.html, self.where, self.images = html, where, []

    def __call__(self, text: str, *, images_allowed: bool = False) -> str:
        text = _unhide(text)
        if not self.html:
            return " ".join(text.split())
        plain, found = images.html_to_text(text, where=self.where)
        if found and not images_allowed:
            raise DomainError(f"{self.where}: images are kept in the question text only.")
        self.images += found
        return plain


def _meta(line: str) -> dict[str, str]:
    pairs = (part.partition("=") for part in line.split(":", 1)[1].split())
    return {name: value for name, _, value in pairs if value}


def _gift_blocks(text: str):
    """(line number, block text, category path, meta) for each question."""
    category, block, start, meta = "", [], 0, {}
    for number, line in enumerate(text.splitlines() + [""], start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            if not block and stripped[2:].strip().startswith("meta:"):
                meta = _meta(stripped[2:])
            continue
        if stripped.startswith("$CATEGORY:") and not block:
            category = stripped.split(":", 1)[1].strip() or category
            continue
        if stripped:
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, "\n".join(block), category, meta
            block, meta = [], {}


def _answers(answers: str, where: str, texts: _Texts, meta: dict):
    """(options, grades, single) of a multiple-choice or true/false answer block."""
    body, _, feedbacks = answers.strip().partition("#")
    if body.strip().lower() in _TRUE_FALSE:
        truth = _TRUE_FALSE[body.strip().lower()]
        wrong_feedback, _, right_feedback = feedbacks.partition("#")
        options = [
            {"key": "A", "text": "True", "feedback": ""},
            {"key": "B", "text": "False", "feedback": ""},
        ]
        right, wrong = (options[0], options[1]) if truth else (options[1], options[0])
        right["feedback"], wrong["feedback"] = texts(right_feedback), texts(wrong_feedback)
        return options, [100.0, 0.0] if truth else [0.0, 100.0], True
    parts = [part for part in re.split(r"(?=[=~])", answers.strip()) if part.strip()]
    if not parts or any(part[0] not in "=~" for part in parts):
        raise DomainError(
            f"{where}: only multiple-choice (=right ~wrong, or ~%50%weighted) and true/false "
            "answers are supported."
        )
    if not any(part[0] == "~" for part in parts):
        raise DomainError(f"{where}: short-answer questions (only = answers) are not supported.")
    options, grades = [], []
    for key, part in zip(keys(len(parts)), parts, strict=True):
        sign, body = part[0], part[1:].strip()
        grade = 100.0 if sign == "=" else 0.0
        found = _WEIGHT.match(body)
        if found:
            grade = fraction(found.group(1), where=where)
            body = body[found.end() :].strip()
        answer, _, feedback = body.partition("#")
        if "->" in answer:
            raise DomainError(f"{where}: matching questions are not supported.")
        options.append({"key": key, "text": texts(answer), "feedback": texts(feedback)})
        grades.append(grade)
    if meta.get("kind") == Question.Kind.MULTIPLE:
        single = False
    elif meta.get("kind") in Question.Kind.values or any(p[0] == "=" for p in parts):
        single = True
    else:  # weights only: one answer worth the full mark is a single answer with partial credit
        single = grades.count(100.0) == 1
    return options, grades, single


def _gift_question(line: int, block: str, category: str, meta: dict) -> Parsed:
    where = f"the question at line {line}"
    text = _hide_escapes(block)
    title = ""
    match = re.match(r"^\s*::(.*?)::", text, re.S)
    if match:
        # Only hashed into the question's code (see gift_code), so a long title does no harm.
        title = " ".join(_unhide(match.group(1)).split())
        text = text[match.end() :]
        where = f"the question at line {line} ({title[:60]})"
    if text.count("{") != 1 or text.count("}") != 1 or text.index("{") > text.index("}"):
        raise DomainError(f"{where}: needs exactly one answer block in braces {{ }}.")
    before, rest = text.split("{", 1)
    answers, after = rest.split("}", 1)
    marker = re.match(r"^\s*\[(\w+)\]", before)
    texts = _Texts(bool(marker) and marker.group(1).lower() == "html", where)
    if marker:
        before = before[marker.end() :]
    stem = texts(before.strip() + " " + after.strip(), images_allowed=True)
    explanation = ""
    if "####" in answers:
        answers, explanation = answers.split("####", 1)
        explanation = texts(explanation)
    options, grades, single = _answers(answers, where, texts, meta)
    if len(options) < 2:
        raise DomainError(f"{where}: a multiple-choice question needs at least two answers.")
    single, right = key_from_grades(grades, single=single, where=where)
    kind = meta.get("kind", "")
    if not (kind in Question.Kind.values and single == (kind != Question.Kind.MULTIPLE)):
        kind = Question.Kind.SINGLE if single else Question.Kind.MULTIPLE
    content = content_identity(stem=stem, options=options, extra=category)
    return Parsed(
        where=where,
        kind=kind,
        topic_name=topic_of_category(category) or "Imported",
        stem=stem,
        options=options,
        correct=[options[n]["key"] for n in right],
        explanation=explanation,
        difficulty=meta.get("difficulty") or Difficulty.MEDIUM,
        code=gift_code(category, title, content=content),
        alias=title if CODE_SHAPE.fullmatch(title) else "",
        vignette_code=meta.get("case", ""),
        active=meta.get("active") != "false",
        images=texts.images,
    )


def parse_gift(raw: bytes) -> list[Parsed]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError("The file is not UTF-8 text.") from error
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DomainError(f"The file holds a NUL character at line {line}; it is not GIFT text.")
    parsed = [_gift_question(*block) for block in _gift_blocks(text)]
    if not parsed:
        raise DomainError("The file has no questions.")
    return parsed


# --- export -------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    for char in SPECIAL:
        text = text.replace(char, f"\\{char}")
    return text


def _html(text: str, src=str) -> str:
    return _escape(images.text_to_html(text, src))


def _weight(count: int) -> str:
    return f"{100 / count:.5f}".rstrip("0").rstrip(".")


def export_gift(questions, stored: dict) -> str:
    """The bank as GIFT: a `$CATEGORY` per topic, the code as the title, [html] texts with
    images as data URIs, multiple response as weights (right share 100%, wrong -100%)."""

    def data_uri(sha: str) -> str:
        image = stored.get(sha)
        if image is None:
            return ""
        data = base64.b64encode(images.read_image(image)).decode("ascii")
        return f"data:{image.content_type};base64,{data}"

    out, topic = [], None
    for question in questions:
        version = question.current_version
        if version.topic_id != topic:
            topic = version.topic_id
            name = version.topic.name.replace("/", "//")
            out.append(f"$CATEGORY: $course$/top/{name}\n")
        meta = f"// meta: difficulty={version.difficulty} kind={question.kind}"
        if question.vignette_id:
            meta += f" case={question.vignette.code}"
        if not question.is_active:
            meta += " active=false"
        lines = [meta, f"::{_escape(question.code)}::[html]{_html(version.stem, data_uri)} {{"]
        right = set(version.correct)
        multiple = question.kind == Question.Kind.MULTIPLE
        for option in version.options:
            feedback = f"#{_html(option['feedback'])}" if option.get("feedback") else ""
            if multiple:
                weight = _weight(len(right)) if option["key"] in right else "-100"
                lines.append(f"~%{weight}%{_html(option['text'])}{feedback}")
            else:
                sign = "=" if option["key"] in right else "~"
                lines.append(f"{sign}{_html(option['text'])}{feedback}")
        if version.explanation:
            lines.append(f"####{_html(version.explanation)}")
        lines.append("}\n")
        out.append("\n".join(lines))
    return "\n".join(out)
