"""Export and import of the question bank: JSON, Moodle XML and GIFT, each both ways.

JSON (this site's format)
-------------------------
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
        "stem": "When does the effect ...?", # images as [image:<sha256> alt text]
        "options": [{"key": "A", "text": "...", "feedback": ""}, ...],
        "correct": ["B"],                    # keys; exactly one except for "multiple"
        "explanation": "...",
        "active": true
      }],
      "images": [{"sha256": "...", "data": "<base64 PNG or JPEG>"}]
    }

Moodle XML
----------
`<quiz>` with `<question type="category">` (the last part of the category path names the
topic), `type="multichoice"` (`<single>true</single>` single answer, `false` multiple
response) and `type="truefalse"`. A question is identified by its `<idnumber>`. Images of the
question text (`@@PLUGINFILE@@` files) are kept; answer feedback and `<generalfeedback>` (the
explanation) too; other HTML is reduced to text. Our export adds tags `difficulty:`, `kind:`
and `case:`, which the import reads back. DTDs and entities are refused.

GIFT
----
Questions separated by blank lines; `// comments`; `$CATEGORY: path/Topic name`; `::title::`
(the identity within its category); `[html]` texts may embed images as `data:` URIs. Answers:
`=right ~wrong` (single answer), `~%50%right ~%-100%wrong` (weights), `{T}` / `{FALSE}`
(true/false); `#feedback` after an answer and `####general feedback` before the closing brace.
`\\` escapes `~ = # { } :`.

Partial credit
--------------
This product scores each item all or nothing. A single-answer question keys the answer worth
the full mark; answers worth part of it (50%) earn nothing here. A multiple-response question
keys every answer worth more than 0: the candidate must choose exactly those.

Every format: an unreadable file or a bad question is an error naming the question and its
line, and nothing at all is imported. How each format's questions get their code is in
`common.py`.
"""

import json

from django.db import transaction
from django.utils.text import slugify

from accounts.errors import DomainError

from ...models.written import Question, Topic, Vignette
from ..written_bank import QuestionContent, create_question, edit_question, require_admin
from . import images
from .common import ImportResult, Parsed
from .gift import export_gift, parse_gift
from .json_format import FORMAT, export_json, parse_json
from .moodle import export_moodle, parse_moodle

__all__ = ["FORMAT", "ImportResult", "export_bank", "export_file", "import_bank"]

EXPORTS = {
    "json": ("application/json", "json"),
    "moodle": ("application/xml", "xml"),
    "gift": ("text/plain; charset=utf-8", "gift.txt"),
}


def export_bank() -> dict:
    """The whole bank in the JSON format above."""
    return export_json()


def export_file(file_format: str) -> bytes:
    """The whole bank (current versions) as a file of `file_format` (a key of EXPORTS)."""
    if file_format == "json":
        return json.dumps(export_json(), indent=2, ensure_ascii=False).encode()
    questions = list(
        Question.objects.select_related("current_version__topic", "vignette").order_by(
            "current_version__topic__position", "current_version__topic__name", "code"
        )
    )
    stored = images.stored_images(
        h for q in questions for h in images.hashes_in(q.current_version.stem)
    )
    if file_format == "moodle":
        return export_moodle(questions, stored)
    if file_format == "gift":
        return export_gift(questions, stored).encode()
    raise DomainError("Choose the file's format: JSON, Moodle XML or GIFT.")


def _topic(parsed: Parsed, topics_by_code: dict, topics_by_name: dict) -> Topic:
    if parsed.topic_code:
        topic = topics_by_code.get(parsed.topic_code)
        if topic is None:
            raise DomainError(f"{parsed.where}: unknown topic {parsed.topic_code[:64]!r}.")
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


def _parse(raw: bytes, file_format: str):
    if file_format == "json":
        return parse_json(raw)
    if file_format == "moodle":
        return [], [], parse_moodle(raw)
    if file_format == "gift":
        return [], [], parse_gift(raw)
    raise DomainError("Choose the file's format: JSON, Moodle XML or GIFT.")


def _save_topics_and_cases(topics_data: list[dict], vignettes_data: list[dict]) -> None:
    for topic in topics_data:
        Topic.objects.get_or_create(
            code=str(topic["code"])[:64],
            defaults={"name": str(topic["name"])[:120], "position": Topic.objects.count() + 1},
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


def _check_images(item: Parsed, known: set[str]) -> None:
    """Every image the text names is in the file or already stored."""
    missing = set(images.hashes_in(item.stem)) - known - {i.sha256 for i in item.images}
    if missing:
        raise DomainError(f"{item.where}: the text names an image the file does not hold.")


@transaction.atomic
def import_bank(*, raw: bytes, file_format: str, actor) -> ImportResult:
    """Import questions from a file in one of the formats above, all or nothing."""
    require_admin(actor)
    topics_data, vignettes_data, parsed = _parse(raw, file_format)
    for item in parsed:
        item.check_text()
    _save_topics_and_cases(topics_data, vignettes_data)
    topics = list(Topic.objects.all())
    by_code = {t.code: t for t in topics}
    by_name = {t.name.lower(): t for t in topics}
    vignettes = {v.code: v for v in Vignette.objects.all()}
    existing = {q.code: q for q in Question.objects.select_related("current_version__topic")}
    known_images = set(
        images.stored_images(h for item in parsed for h in images.hashes_in(item.stem))
    )
    codes_seen = set()
    result = ImportResult()
    for item in parsed:
        if item.vignette_code and item.vignette_code not in vignettes:
            raise DomainError(f"{item.where}: unknown case (vignette) {item.vignette_code[:64]!r}.")
        _check_images(item, known_images)
        topic = _topic(item, by_code, by_name)
        alias = existing.get(item.alias) if item.alias else None
        if alias is not None and alias.current_version.topic_id == topic.pk:
            item.code = alias.code  # our own GIFT export: the title is the code
        if item.code:
            if item.code in codes_seen:
                raise DomainError(f"{item.where}: the same question appears twice in the file.")
            codes_seen.add(item.code)
        content = QuestionContent(
            kind=item.kind,
            topic=topic,
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
            question = create_question(content=content, actor=actor)
            result.created += 1
        else:
            before = (question.current_version_id, question.current_version.content())
            before_flags = (question.is_active, question.vignette_id)
            try:
                edited = edit_question(question=question, content=content, actor=actor)
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
        # The images its text names: new ones stored, and the question recorded as using them
        # (a candidate who draws it may then see them).
        images.store(item.images)
        if images.hashes_in(item.stem):
            question.images.add(*images.stored_images(images.hashes_in(item.stem)).values())
    return result
