"""The question bank: questions with their versions, and the cases of case studies.

Editing a question whose current version candidates have drawn makes a new version, so their
attempts keep the wording and key they saw; an unseen version is edited in place.
"""

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from accounts import audit
from accounts.access import has_role
from accounts.errors import DomainError
from accounts.roles import Role

from ..models.written import AttemptItem, Difficulty, Question, QuestionVersion, Topic, Vignette


def require_admin(actor) -> None:
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can change the question bank and exams.")


@dataclass
class QuestionContent:
    """A question as an author writes it (from the form or an import file)."""

    kind: str
    topic: Topic
    difficulty: str
    stem: str
    options: list[dict]  # [{"key": "A", "text": "...", "feedback": ""}]
    correct: list[str]
    explanation: str = ""
    vignette: Vignette | None = None
    code: str = ""
    is_active: bool = True
    where: str = ""  # "question 3 (line 41)": prefixed to error messages of imports

    def check(self) -> None:
        """Raise DomainError naming the problem if the question cannot be used as written."""
        prefix = f"{self.where}: " if self.where else ""
        if self.kind not in Question.Kind.values:
            raise DomainError(f"{prefix}unknown kind of question {self.kind!r}.")
        if self.difficulty not in Difficulty.values:
            raise DomainError(f"{prefix}unknown difficulty {self.difficulty!r}.")
        if not self.stem.strip():
            raise DomainError(f"{prefix}the question text is empty.")
        keys = [option.get("key", "") for option in self.options]
        if len(keys) < 2:
            raise DomainError(f"{prefix}a question needs at least two options.")
        if len(set(keys)) != len(keys) or not all(keys):
            raise DomainError(f"{prefix}each option needs its own key.")
        if any(not str(option.get("text", "")).strip() for option in self.options):
            raise DomainError(f"{prefix}an option has no text.")
        if not self.correct or not set(self.correct) <= set(keys):
            raise DomainError(f"{prefix}mark at least one of its options as correct.")
        if len(set(self.correct)) != len(self.correct):
            raise DomainError(f"{prefix}an option is marked correct twice.")
        if self.kind != Question.Kind.MULTIPLE and len(self.correct) != 1:
            raise DomainError(
                f"{prefix}a {Question.Kind(self.kind).label.lower()} question has exactly one "
                "correct option; use multiple response for more."
            )
        if self.kind == Question.Kind.CASE and self.vignette is None:
            raise DomainError(f"{prefix}a case study sub-question needs its case (vignette).")
        if self.kind != Question.Kind.CASE and self.vignette is not None:
            raise DomainError(f"{prefix}only case study sub-questions belong to a case.")

    def version_fields(self) -> dict:
        return {
            "topic_id": self.topic.pk,
            "difficulty": self.difficulty,
            "stem": self.stem.strip(),
            "options": [
                {"key": o["key"], "text": str(o["text"]).strip(), "feedback": o.get("feedback", "")}
                for o in self.options
            ],
            "correct": sorted(self.correct),
            "explanation": self.explanation.strip(),
        }


def _new_code(content: QuestionContent) -> str:
    return f"{slugify(content.topic.code)[:20]}-{secrets.token_hex(3)}"


@transaction.atomic
def create_question(*, content: QuestionContent, actor) -> Question:
    require_admin(actor)
    content.check()
    code = content.code or _new_code(content)
    if Question.objects.filter(code=code).exists():
        raise DomainError(f"A question with the code {code!r} already exists.")
    question = Question.objects.create(
        code=code, kind=content.kind, vignette=content.vignette, is_active=content.is_active
    )
    version = QuestionVersion.objects.create(
        question=question, number=1, created_by=actor, **content.version_fields()
    )
    question.current_version = version
    question.save(update_fields=["current_version"])
    audit.record(actor=actor, action="written_question.created", target=question, to_state="v1")
    return question


def version_was_drawn(version_id: int) -> bool:
    return AttemptItem.objects.filter(version_id=version_id).exists()


def vignette_was_drawn(vignette_id: int) -> bool:
    return AttemptItem.objects.filter(version__question__vignette_id=vignette_id).exists()


@transaction.atomic
def edit_question(*, question: Question, content: QuestionContent, actor) -> Question:
    """Change a question. If candidates ever drew its current version, the change is a new
    version (their attempts keep the one they saw); otherwise the version is edited in place."""
    require_admin(actor)
    content.check()
    question = Question.objects.select_for_update().get(pk=question.pk)
    if content.kind != question.kind:
        raise DomainError("The kind of a question cannot change; write a new question instead.")
    current = QuestionVersion.objects.get(pk=question.current_version_id)
    fields = content.version_fields()
    changed_structure = question.vignette_id != (content.vignette.pk if content.vignette else None)
    changed_active = question.is_active != content.is_active
    if changed_structure or changed_active:
        question.vignette = content.vignette
        question.is_active = content.is_active
        question.save(update_fields=["vignette", "is_active"])
    if current.content() == fields:
        if changed_active:
            audit.record(
                actor=actor,
                action="written_question.activated"
                if content.is_active
                else "written_question.retired",
                target=question,
            )
        return question
    if version_was_drawn(current.pk):
        version = QuestionVersion.objects.create(
            question=question, number=current.number + 1, created_by=actor, **fields
        )
        question.current_version = version
        question.save(update_fields=["current_version"])
        audit.record(
            actor=actor,
            action="written_question.new_version",
            target=question,
            from_state=f"v{current.number}",
            to_state=f"v{version.number}",
        )
    else:
        for name, value in fields.items():
            setattr(current, name, value)
        current.save(update_fields=list(fields))
        audit.record(
            actor=actor,
            action="written_question.edited",
            target=question,
            from_state=f"v{current.number}",
            to_state=f"v{current.number}",
        )
    return question


@transaction.atomic
def save_vignette(*, code: str, title: str, text: str, actor, vignette: Vignette | None = None):
    require_admin(actor)
    if not title.strip() or not text.strip():
        raise DomainError("A case needs a title and its text.")
    if vignette is None:
        code = slugify(code or title)[:64]
        vignette, created = Vignette.objects.get_or_create(
            code=code, defaults={"title": title.strip(), "text": text.strip()}
        )
        if created:
            audit.record(actor=actor, action="written_vignette.created", target=vignette)
            return vignette
    if (vignette.title, vignette.text) != (title.strip(), text.strip()):
        # Past attempts show the case as it is stored: once drawn, its words are frozen.
        if vignette.text != text.strip() and vignette_was_drawn(vignette.pk):
            raise DomainError(
                "Candidates have seen this case as it is written, so its text cannot change. "
                "Create a new case study with the corrected text and move its questions there."
            )
        vignette.title, vignette.text = title.strip(), text.strip()
        vignette.save(update_fields=["title", "text"])
        audit.record(actor=actor, action="written_vignette.edited", target=vignette)
    return vignette
