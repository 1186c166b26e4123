"""Step 2 state changes: applying to a cohort, approval, waitlist, withdrawal, completion.

Seats are counted under a lock on the cohort row, so two applicants taking the last seat at once
end as one enrolled and one waitlisted, on PostgreSQL as on SQLite.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit
from accounts.access import has_role
from accounts.actors import SYSTEM, Actor
from accounts.errors import DomainError
from accounts.roles import Role
from accounts.selectors import qualification_status

from ..models import (
    Cohort,
    Enrollment,
)
from ..selectors import hands_on_status_of, theory_progress

Status = Enrollment.Status


def _lock_cohort(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)


def _has_free_seat(cohort: Cohort) -> bool:
    return cohort.enrollments.filter(status=Status.ENROLLED).count() < cohort.capacity


def _qualification_gap(applicant) -> str:
    """What the applicant lacks to be enrolled today, or "" when they qualify.

    The same rule `apply_for_cohort` applies, asked again at every move into "enrolled": a
    license can expire (or be superseded) between applying and being seated.
    """
    status = qualification_status(applicant)
    if status.eligible:
        return ""
    return ", ".join(point.text for point in status.missing)


def _set_status(enrollment: Enrollment, status: str, *, actor: Actor, reason: str = "") -> None:
    previous = enrollment.status
    enrollment.status = status
    enrollment.decided_at = timezone.now()
    fields = ["status", "decided_at"]
    if status == Status.ENROLLED:
        enrollment.enrolled_at = enrollment.decided_at
        fields.append("enrolled_at")
    enrollment.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=f"enrollment.{status}",
        target=enrollment,
        from_state=previous,
        to_state=status,
        reason=reason,
    )


@transaction.atomic
def apply_for_cohort(*, actor, cohort: Cohort) -> Enrollment:
    """An eligible applicant applies; enrolled at once if the program says so and a seat is free."""
    if not has_role(actor, Role.APPLICANT):
        raise DomainError("Only applicants can enroll.")
    missing = _qualification_gap(actor)
    if missing:
        raise DomainError(f"Complete your qualifications first: {missing}.")
    cohort = _lock_cohort(cohort)
    if cohort.instructors.filter(pk=actor.pk).exists():
        raise DomainError("You teach this cohort; you cannot also be its trainee.")
    if not cohort.program.is_accredited():
        raise DomainError(
            f"{cohort.program} is not accredited at present and takes no new enrollments."
        )
    if cohort.ends_on < timezone.localdate():
        raise DomainError("This cohort has ended; choose a later one.")
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                applicant=actor, cohort=cohort, program=cohort.program, status=Status.APPLIED
            )
    except IntegrityError as error:
        raise DomainError(
            f"You already have an active enrollment in {cohort.program}; withdraw from it first."
        ) from error
    audit.record(
        actor=actor, action="enrollment.applied", target=enrollment, to_state=Status.APPLIED
    )
    if cohort.program.approves_enrollment_automatically:
        _seat_or_waitlist(enrollment, cohort, actor=SYSTEM)
    return enrollment


def _seat_or_waitlist(enrollment: Enrollment, cohort: Cohort, *, actor: Actor) -> None:
    _set_status(
        enrollment, Status.ENROLLED if _has_free_seat(cohort) else Status.WAITLISTED, actor=actor
    )


@transaction.atomic
def approve_enrollment(*, enrollment: Enrollment, actor) -> Enrollment:
    """A program admin admits an applicant: enrolled if a seat is free, else waitlisted."""
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can approve enrollments.")
    cohort = _lock_cohort(enrollment.cohort)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Status.APPLIED:
        raise DomainError(f"This application is already {enrollment.get_status_display().lower()}.")
    missing = _qualification_gap(enrollment.applicant)
    if missing:
        raise DomainError(
            f"{enrollment.applicant} no longer qualifies and cannot be admitted: {missing}."
        )
    _seat_or_waitlist(enrollment, cohort, actor=actor)
    return enrollment


@transaction.atomic
def withdraw_enrollment(*, enrollment: Enrollment, actor, reason: str = "") -> Enrollment:
    """The trainee (or an admin) withdraws; a freed seat goes to the longest-waiting applicant."""
    is_admin = has_role(actor, Role.PROGRAM_ADMIN)
    if enrollment.applicant_id != actor.pk and not is_admin:
        raise DomainError("You can only withdraw your own enrollment.")
    cohort = _lock_cohort(enrollment.cohort)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if not enrollment.is_active():
        raise DomainError(f"This enrollment is already {enrollment.get_status_display().lower()}.")
    held_a_seat = enrollment.status == Status.ENROLLED
    _set_status(enrollment, Status.WITHDRAWN, actor=actor, reason=reason)
    if held_a_seat:
        promote_from_waitlist(cohort=cohort)
    return enrollment


def promote_from_waitlist(*, cohort: Cohort) -> Enrollment | None:
    """Give free seats to waitlisted applicants in the order they applied. Call under the lock.

    An applicant who no longer qualifies (a license expired while waiting) is passed over, not
    removed: they stay waitlisted, the skip is audited, and the seat goes to the next in line.
    """
    promoted = None
    free_seats = cohort.capacity - cohort.enrollments.filter(status=Status.ENROLLED).count()
    if free_seats <= 0:
        return None
    waiting_list = (
        cohort.enrollments.select_for_update()
        .filter(status=Status.WAITLISTED)
        .select_related("applicant")
        .order_by("applied_at", "id")
    )
    for waiting in waiting_list:
        if free_seats <= 0:
            break
        missing = _qualification_gap(waiting.applicant)
        if missing:
            audit.record(
                actor=SYSTEM,
                action="enrollment.promotion_skipped",
                target=waiting,
                from_state=Status.WAITLISTED,
                to_state=Status.WAITLISTED,
                reason=f"no longer qualifies: {missing}",
            )
            continue
        _set_status(waiting, Status.ENROLLED, actor=SYSTEM, reason="a seat became free")
        promoted = waiting
        free_seats -= 1
    return promoted


@transaction.atomic
def complete_enrollment(*, enrollment: Enrollment, actor) -> Enrollment:
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can mark an enrollment completed.")
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Status.ENROLLED:
        raise DomainError("Only an enrolled trainee can complete the program.")
    missing = []
    theory = theory_progress(enrollment)
    if not theory.is_complete:
        modules = ", ".join(str(module) for module in theory.missing) or "the program has none"
        missing.append(f"theory modules not complete ({modules})")
    hands_on = hands_on_status_of(enrollment)
    if not hands_on.minimums_met:
        missing.append(f"hands-on minimums not met ({'; '.join(hands_on.missing)})")
    if missing:
        raise DomainError(f"Not ready to complete: {'; '.join(missing)}.")
    _set_status(enrollment, Status.COMPLETED, actor=actor)
    return enrollment
