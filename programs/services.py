"""Step 2 state changes: applying to a cohort, approval, waitlist, withdrawal, completion,
and the instructors' records of theory-module completion.

Seats are counted under a lock on the cohort row, so two applicants taking the last seat at once
end as one enrolled and one waitlisted, on PostgreSQL as on SQLite.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit
from accounts.access import has_role
from accounts.errors import DomainError
from accounts.roles import Role
from accounts.selectors import qualification_status

from .models import Cohort, Enrollment, ModuleCompletion, TheoryModule

Status = Enrollment.Status


def _lock_cohort(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)


def _has_free_seat(cohort: Cohort) -> bool:
    return cohort.enrollments.filter(status=Status.ENROLLED).count() < cohort.capacity


def _set_status(enrollment: Enrollment, status: str, *, by, reason: str = "") -> None:
    previous = enrollment.status
    enrollment.status = status
    enrollment.decided_at = timezone.now()
    enrollment.save(update_fields=["status", "decided_at"])
    audit.record(
        actor=by,
        action=f"enrollment.{status}",
        target=enrollment,
        from_state=previous,
        to_state=status,
        reason=reason,
    )


@transaction.atomic
def apply_for_cohort(*, applicant, cohort: Cohort) -> Enrollment:
    """An eligible applicant applies; enrolled at once if the program says so and a seat is free."""
    if not has_role(applicant, Role.APPLICANT):
        raise DomainError("Only applicants can enroll.")
    status = qualification_status(applicant)
    if not status.eligible:
        missing = ", ".join(point.text for point in status.missing)
        raise DomainError(f"Complete your qualifications first: {missing}.")
    cohort = _lock_cohort(cohort)
    if not cohort.program.is_accredited():
        raise DomainError(
            f"{cohort.program} is not accredited at present and takes no new enrollments."
        )
    if cohort.ends_on < timezone.localdate():
        raise DomainError("This cohort has ended; choose a later one.")
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                applicant=applicant, cohort=cohort, program=cohort.program, status=Status.APPLIED
            )
    except IntegrityError as error:
        raise DomainError(
            f"You already have an active enrollment in {cohort.program}; withdraw from it first."
        ) from error
    audit.record(
        actor=applicant, action="enrollment.applied", target=enrollment, to_state=Status.APPLIED
    )
    if cohort.program.approves_enrollment_automatically:
        _seat_or_waitlist(enrollment, cohort, by=None)
    return enrollment


def _seat_or_waitlist(enrollment: Enrollment, cohort: Cohort, *, by) -> None:
    _set_status(enrollment, Status.ENROLLED if _has_free_seat(cohort) else Status.WAITLISTED, by=by)


@transaction.atomic
def approve_enrollment(*, enrollment: Enrollment, by) -> Enrollment:
    """A program admin admits an applicant: enrolled if a seat is free, else waitlisted."""
    if not has_role(by, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can approve enrollments.")
    cohort = _lock_cohort(enrollment.cohort)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Status.APPLIED:
        raise DomainError(f"This application is already {enrollment.get_status_display().lower()}.")
    _seat_or_waitlist(enrollment, cohort, by=by)
    return enrollment


@transaction.atomic
def withdraw_enrollment(*, enrollment: Enrollment, by, reason: str = "") -> Enrollment:
    """The trainee (or an admin) withdraws; a freed seat goes to the longest-waiting applicant."""
    is_admin = has_role(by, Role.PROGRAM_ADMIN)
    if enrollment.applicant_id != by.pk and not is_admin:
        raise DomainError("You can only withdraw your own enrollment.")
    cohort = _lock_cohort(enrollment.cohort)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if not enrollment.is_active():
        raise DomainError(f"This enrollment is already {enrollment.get_status_display().lower()}.")
    held_a_seat = enrollment.status == Status.ENROLLED
    _set_status(enrollment, Status.WITHDRAWN, by=by, reason=reason)
    if held_a_seat:
        promote_from_waitlist(cohort=cohort)
    return enrollment


def promote_from_waitlist(*, cohort: Cohort) -> Enrollment | None:
    """Give free seats to waitlisted applicants in the order they applied. Call under the lock."""
    promoted = None
    while _has_free_seat(cohort):
        waiting = (
            cohort.enrollments.select_for_update()
            .filter(status=Status.WAITLISTED)
            .order_by("applied_at", "id")
            .first()
        )
        if waiting is None:
            break
        _set_status(waiting, Status.ENROLLED, by=None, reason="a seat became free")
        promoted = waiting
    return promoted


@transaction.atomic
def complete_enrollment(*, enrollment: Enrollment, by) -> Enrollment:
    if not has_role(by, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can mark an enrollment completed.")
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Status.ENROLLED:
        raise DomainError("Only an enrolled trainee can complete the program.")
    _set_status(enrollment, Status.COMPLETED, by=by)
    return enrollment


# --- theory modules -----------------------------------------------------------------------------


def _check_teaches(instructor, cohort: Cohort) -> None:
    if not cohort.instructors.filter(pk=instructor.pk).exists():
        raise DomainError("Only an instructor of this cohort can record its trainees' modules.")


@transaction.atomic
def record_module_completion(
    *,
    enrollment: Enrollment,
    module: TheoryModule,
    instructor,
    attended: bool,
    passed_assessment: bool,
    completed_on=None,
    note: str = "",
) -> ModuleCompletion:
    """An instructor records (or updates) one trainee's attendance and assessment in one module.

    Returns early without an audit entry when nothing changes, so saving a whole roster only
    records the rows the instructor actually touched.
    """
    _check_teaches(instructor, enrollment.cohort)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Status.ENROLLED:
        raise DomainError(
            f"{enrollment.applicant.full_legal_name} is "
            f"{enrollment.get_status_display().lower()}, not enrolled; nothing was recorded."
        )
    if module.program_id != enrollment.program_id:
        raise DomainError("This module belongs to another program.")
    if (attended or passed_assessment) and completed_on is None:
        raise DomainError("Give the date of the session or assessment.")
    if completed_on is not None and completed_on > timezone.localdate():
        raise DomainError("The date cannot be in the future.")
    if passed_assessment and not attended:
        raise DomainError("A trainee who did not attend cannot have passed the module.")
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
        completion = ModuleCompletion(enrollment=enrollment, module=module, recorded_by=instructor)
        before = "not recorded"
    else:
        current = {name: getattr(completion, name) for name in wanted}
        if current == wanted:
            return completion
        before = _completion_state(completion)
    for name, value in wanted.items():
        setattr(completion, name, value)
    completion.recorded_by = instructor
    completion.recorded_at = timezone.now()
    if completion.pk is None:
        completion.save()
    else:
        completion.save(update_fields=[*wanted, "recorded_by", "recorded_at"])
    audit.record(
        actor=instructor,
        action="module.recorded",
        target=completion,
        from_state=before,
        to_state=_completion_state(completion),
        reason=completion.note,
        data={"enrollment": enrollment.pk, "module": module.pk},
    )
    return completion


def _completion_state(completion: ModuleCompletion) -> str:
    if completion.is_complete():
        return "complete"
    return "attended" if completion.attended else "not attended"
