"""This product's JSON export (see the package's docstring for the layout)."""

import base64
import json

from accounts.errors import DomainError

from ...models.written import Difficulty, Question, Topic, Vignette
from . import images
from .common import Parsed, check_identifier

FORMAT = "written-question-bank"


def export_json() -> dict:
    """The whole bank (current versions), its images included (4 queries)."""
    questions = list(
        Question.objects.select_related("current_version__topic", "vignette").order_by("code")
    )
    hashes = [h for q in questions for h in images.hashes_in(q.current_version.stem)]
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
        "images": [
            {
                "sha256": image.sha256,
                "data": base64.b64encode(images.read_image(image)).decode("ascii"),
            }
            for image in images.stored_images(hashes).values()
        ],
    }


def _read_images(data: dict) -> dict[str, images.PendingImage]:
    found = {}
    listed = data.get("images", [])
    if not isinstance(listed, list):
        raise DomainError('"images" must be a list.')
    for n, item in enumerate(listed, start=1):
        where = f"image {n}"
        if not isinstance(item, dict) or not isinstance(item.get("data"), str):
            raise DomainError(f'{where}: needs its "data" (base64).')
        raw = images.decode_base64(item["data"], where=where, name=str(item.get("sha256", n)))
        image = images.check_image(raw, where=where, name=f"image {n}")
        found[image.sha256] = image
    return found


def _check_length(where: str, label: str, value, model, field: str) -> None:
    """PostgreSQL refuses a value longer than its varchar column (a server error); SQLite would
    store it. Refuse it here, with its place in the file, on both."""
    limit = model._meta.get_field(field).max_length
    if len(str(value)) > limit:
        raise DomainError(f"{where}: the {label} is longer than {limit} characters.")


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
    if not isinstance(questions, list) or not isinstance(topics, list):
        raise DomainError('The file has no "questions" list.')
    if not isinstance(vignettes, list):
        raise DomainError('"vignettes" must be a list.')
    for n, topic in enumerate(topics, start=1):
        if not isinstance(topic, dict) or not topic.get("code") or not topic.get("name"):
            raise DomainError(f"Topic {n}: needs a code and a name.")
        if any("\x00" in str(topic[k]) for k in ("code", "name")):
            raise DomainError(f"Topic {n}: holds a NUL character.")
        _check_length(f"Topic {n}", "code", topic["code"], Topic, "code")
        _check_length(f"Topic {n}", "name", topic["name"], Topic, "name")
    for n, vignette in enumerate(vignettes, start=1):
        if not isinstance(vignette, dict) or not all(
            vignette.get(k) for k in ("code", "title", "text")
        ):
            raise DomainError(f"Vignette {n}: needs a code, a title and a text.")
        if any("\x00" in str(vignette[k]) for k in ("code", "title", "text")):
            raise DomainError(f"Vignette {n}: holds a NUL character.")
        _check_length(f"Vignette {n}", "code", vignette["code"], Vignette, "code")
        _check_length(f"Vignette {n}", "title", vignette["title"], Vignette, "title")
    pending = _read_images(data)
    parsed = []
    for n, item in enumerate(questions, start=1):
        code = str(item.get("code") or "") if isinstance(item, dict) else ""
        where = f"question {n}" + (f" ({code[:60]})" if code else "")
        if not isinstance(item, dict):
            raise DomainError(f"{where}: not an object.")
        check_identifier(code, where=where, what="code")
        options = item.get("options")
        if not isinstance(options, list) or not all(isinstance(o, dict) for o in options):
            raise DomainError(f'{where}: "options" must be a list of {{"key", "text"}} objects.')
        correct = item.get("correct")
        if not isinstance(correct, list):
            raise DomainError(f'{where}: "correct" must be a list of option keys.')
        if not item.get("topic"):
            raise DomainError(f"{where}: needs a topic.")
        stem = str(item.get("stem", ""))
        parsed.append(
            Parsed(
                where=where,
                kind=str(item.get("kind", "")),
                topic_name="",
                topic_code=str(item["topic"]),
                stem=stem,
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
                code=code,
                vignette_code=str(item.get("vignette") or ""),
                active=bool(item.get("active", True)),
                images=[pending[h] for h in images.hashes_in(stem) if h in pending],
            )
        )
    return topics, vignettes, parsed
