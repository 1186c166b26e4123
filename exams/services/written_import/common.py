"""What every format's reader produces, and how a question from a file gets its stable code.

How `Question.code` is chosen (the identity that decides "same question, update it" versus
"new question"; never a slug of the question's name, which two files share as "Question 1"):

- JSON (this product's export): the `code` written in the file.
- Moodle XML: the question's `<idnumber>`, Moodle's own stable identifier. Written like one of
  our codes (letters, digits, `-` and `_`, at most 64) it is the code as it stands, which is
  what our Moodle export writes, so a bank exported and imported comes back to the same
  codes. Any other idnumber ("Q 1.2", accents) becomes `moodle-` and 24 hex digits of its
  SHA-256, so two different idnumbers never meet. A question without an idnumber has no
  identity of its own: its code is `moodle-` and the hash of its content (name, text,
  answers), so the same file imported twice finds it again, and an edited copy arrives as a
  new question.
- GIFT: the `::title::` within its `$CATEGORY`. The code is `gift-` and 24 hex digits of the
  SHA-256 of category and title, so "Question 1" of two categories are two questions. One
  exception makes our own GIFT export round-trip: a title that is the code of a question
  already in the bank under the same topic (what our export writes) is that question. No
  title: the hash of the category and the content, as for Moodle.

Identifiers longer than 100 characters (Moodle's own limit) are refused.
"""

import hashlib
import re
from dataclasses import dataclass, field

from accounts.errors import DomainError

from ...models.written import Difficulty
from .images import PendingImage

CODE_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")
MAX_IDENTIFIER = 100


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
    # A code to match first, if the bank holds it under the same topic (GIFT titles).
    alias: str = ""
    images: list[PendingImage] = field(default_factory=list)

    def check_text(self) -> None:
        """NUL characters cannot be stored (PostgreSQL refuses them): a clear refusal here."""
        texts = [self.stem, self.explanation, self.topic_name, self.code, self.vignette_code]
        texts += [str(value) for option in self.options for value in option.values()]
        if any("\x00" in text for text in texts):
            raise DomainError(f"{self.where}: the text holds a NUL character.")


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


def keys(count: int) -> list[str]:
    return [chr(ord("A") + n) for n in range(count)]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def check_identifier(value: str, *, where: str, what: str) -> str:
    if len(value) > MAX_IDENTIFIER:
        raise DomainError(
            f"{where}: the {what} is {len(value)} characters long; at most {MAX_IDENTIFIER}."
        )
    if "\x00" in value:
        raise DomainError(f"{where}: the {what} holds a NUL character.")
    return value


def content_identity(*, stem: str, options: list[dict], extra: str = "") -> str:
    return _digest(extra, stem, *(option["text"] for option in options))


def moodle_code(idnumber: str, *, content: str) -> str:
    if not idnumber:
        return f"moodle-{content}"
    if CODE_SHAPE.fullmatch(idnumber):
        return idnumber
    return f"moodle-{_digest(idnumber)}"


def gift_code(category: str, title: str, *, content: str) -> str:
    if not title:
        return f"gift-{content}"
    return f"gift-{_digest(category, title)}"


def fraction(value: str, *, where: str) -> float:
    try:
        number = float(value)
    except ValueError as error:
        raise DomainError(f"{where}: an answer's grade {value[:20]!r} is not a number.") from error
    if not -100 <= number <= 100:
        raise DomainError(f"{where}: an answer's grade {value[:20]!r} is not between -100 and 100.")
    return number


def key_from_grades(grades: list[float], *, single: bool, where: str) -> tuple[bool, list[int]]:
    """(single best answer?, indexes of the correct options) for answers with Moodle/GIFT
    grades in percent. This product scores an item all or nothing, so partial credit maps so:

    - single answer: the option(s) at the top grade are the key; an option worth part of the
      mark (say 50%) earns nothing here. Two options at the top grade cannot be one key: refused.
    - multiple response: every option worth more than 0 is in the key (choose all of them and
      nothing else), the way Moodle gives full marks only for exactly those.
    """
    if not any(grade > 0 for grade in grades):
        raise DomainError(f"{where}: no answer is marked right (a grade above 0).")
    if single:
        top = max(grades)
        best = [n for n, grade in enumerate(grades) if grade == top]
        if len(best) > 1:
            raise DomainError(
                f"{where}: {len(best)} answers share the full mark of a single-answer question; "
                "make it multiple response or keep one right answer."
            )
        return True, best
    return False, [n for n, grade in enumerate(grades) if grade > 0]


def topic_of_category(path: str) -> str:
    """The topic a Moodle category path names: its last part ("" for Moodle's own `$course$`
    and the like). Moodle writes a "/" inside a category name as "//"."""
    parts = [p.replace("\x00", "/") for p in path.replace("//", "\x00").split("/")]
    topic = parts[-1].strip() if parts else ""
    return "" if not topic or topic.startswith("$") else topic
