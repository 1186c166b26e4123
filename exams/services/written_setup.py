"""The written exam's settings: its blueprint, time limit and pass mark, one exam active per
program (the bank is in written_bank.py, attempts and accommodations in written.py)."""

from django.db import transaction

from accounts import audit
from accounts.errors import DomainError

from ..models.written import BlueprintRow, WrittenExam
from .written_bank import require_admin

# What an admin sets on an exam (the exam form's fields): an edit writes only these.
EXAM_SETTINGS = (
    "program",
    "title",
    "time_limit_minutes",
    "pass_mark_percent",
    "attempts_allowed",
    "wait_hours_between_attempts",
    "review",
    "is_active",
)


@transaction.atomic
def save_exam(*, exam: WrittenExam, blueprint: list[BlueprintRow], actor) -> WrittenExam:
    """Create or change an exam and replace its blueprint (rows: topic, difficulty, count)."""
    require_admin(actor)
    if not blueprint:
        raise DomainError("The blueprint needs at least one row: how many questions per topic.")
    keys = [(row.topic_id, row.difficulty) for row in blueprint]
    if len(set(keys)) != len(keys):
        raise DomainError("Each topic and difficulty appears once in the blueprint.")
    creating = exam.pk is None
    if exam.is_active:
        others = WrittenExam.objects.filter(program=exam.program, is_active=True)
        if not creating:
            others = others.exclude(pk=exam.pk)
        if others.exists():
            raise DomainError(
                f"{exam.program} already has an active written exam; deactivate it first."
            )
    exam.save(update_fields=None if creating else EXAM_SETTINGS)
    exam.blueprint.all().delete()
    for row in blueprint:
        row.exam = exam
    BlueprintRow.objects.bulk_create(blueprint)
    audit.record(
        actor=actor,
        action="written_exam.created" if creating else "written_exam.changed",
        target=exam,
        data={
            "time_limit_minutes": exam.time_limit_minutes,
            "pass_mark_percent": exam.pass_mark_percent,
            "attempts_allowed": exam.attempts_allowed,
            "blueprint": [[row.topic_id, row.difficulty, row.count] for row in blueprint],
        },
    )
    return exam
