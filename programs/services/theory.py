"""Theory modules: the instructors' records of each trainee's attendance and assessment."""

from django.db import transaction
from django.utils import timezone

from accounts import audit, events
from accounts.errors import DomainError

from ..models import (
    Cohort,
    Enrollment,
    ModuleCompletion,
    TheoryModule,
)

Status = Enrollment.Status


def module_record_errors(*, attended: bool, passed_assessment: bool, completed_on) -> dict:
    """What is wrong with one record, by field: the roster shows it per row, the service
    refuses to save while any holds."""
    errors = {}
    if (attended or passed_assessment) and completed_on is None:
        errors["completed_on"] = "Give the date of the session or assessment."
    elif completed_on is not None and completed_on > timezone.localdate():
        errors["completed_on"] = "The date cannot be in the future."
    if passed_assessment and not attended:
        errors["attended"] = "A trainee who did not attend cannot have passed the module."
    return errors


def _check_teaches(actor, cohort: Cohort) -> None:
    if not cohort.instructors.filter(pk=actor.pk).exists():
        raise DomainError("Only an instructor of this cohort can record its trainees' modules.")


@transaction.atomic
def record_module_completion(
    *,
    enrollment: Enrollment,
    module: TheoryModule,
    actor,
    attended: bool,
    passed_assessment: bool,
    completed_on=None,
    note: str = "",
) -> ModuleCompletion:
    """An instructor records (or updates) one trainee's attendance and assessment in one module.

    Returns early without an audit entry when nothing changes, so saving a whole roster only
    records the rows the instructor actually touched.
    """
    _check_teaches(actor, enrollment.cohort)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Status.ENROLLED:
        raise DomainError(
            f"{enrollment.applicant.full_legal_name} is "
            f"{enrollment.get_status_display().lower()}, not enrolled; nothing was recorded."
        )
    if module.program_id != enrollment.program_id:
        raise DomainError("This module belongs to another program.")
    errors = module_record_errors(
        attended=attended, passed_assessment=passed_assessment, completed_on=completed_on
    )
    if errors:
        raise DomainError(next(iter(errors.values())))
    completion = ModuleCompletion.objects.filter(enrollment=enrollment, module=module).first()
    wanted = {
        "attended": attended,
        "passed_assessment": passed_assessment,
        "completed_on": completed_on if (attended or passed_assessment) else None,
        "note": note.strip(),
    }
    if completion is None:
        if not any([attended, passed_assessment, wanted["note"]]):
            return None
        completion = ModuleCompletion(enrollment=enrollment, module=module, recorded_by=actor)
        before = "not recorded"
    else:
        current = {name: getattr(completion, name) for name in wanted}
        if current == wanted:
            return completion
        before = _completion_state(completion)
    for name, value in wanted.items():
        setattr(completion, name, value)
    completion.recorded_by = actor
    completion.recorded_at = timezone.now()
    if completion.pk is None:
        completion.save()
    else:
        completion.save(update_fields=[*wanted, "recorded_by", "recorded_at"])
    audit.record(
        actor=actor,
        action="module.recorded",
        target=completion,
        from_state=before,
        to_state=_completion_state(completion),
        reason=completion.note,
        data={"enrollment": enrollment.pk, "module": module.pk},
    )
    if completion.is_complete():
        events.step_completed(applicant=enrollment.applicant, program=enrollment.program)
    return completion


def _completion_state(completion: ModuleCompletion) -> str:
    if completion.is_complete():
        return "complete"
    return "attended" if completion.attended else "not attended"
