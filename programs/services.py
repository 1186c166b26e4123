"""Step 2 state changes: applying to a cohort, approval, waitlist, withdrawal, completion,
and the instructors' records of theory-module completion.

Seats are counted under a lock on the cohort row, so two applicants taking the last seat at once
end as one enrolled and one waitlisted, on PostgreSQL as on SQLite.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit, events
from accounts.access import has_role
from accounts.errors import DomainError
from accounts.roles import Role
from accounts.selectors import qualification_status

from .models import (
    Cohort,
    Enrollment,
    HandsOnSession,
    ModuleCompletion,
    SessionArea,
    SessionFollowUp,
    TheoryModule,
)
from .selectors import requirements_of

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


# --- hands-on training log (step 3) ---------------------------------------------------------------

UNITS_PER_AREA = (Decimal("0.5"), Decimal("50"))
UNITS_PER_SESSION_MAX = Decimal("100")
MINUTES = (5, 480)
RATING_SCALE = range(1, 6)


@dataclass
class SessionEntry:
    """What the trainee logs for one session (the form's cleaned data, or a test's)."""

    supervisor: object
    performed_on: date
    duration_minutes: int
    model_age_band: str
    model_sex: str
    skin_type: int
    product: str
    lot_number: str
    goal: str
    trainee_role: str
    outcome: str
    reflection: str
    areas: dict = field(default_factory=dict)  # TreatmentArea -> units
    complications: list = field(default_factory=list)
    complication_notes: str = ""

    FIELDS = (
        "supervisor",
        "performed_on",
        "duration_minutes",
        "model_age_band",
        "model_sex",
        "skin_type",
        "product",
        "lot_number",
        "goal",
        "trainee_role",
        "outcome",
        "reflection",
        "complications",
        "complication_notes",
    )


def session_entry_errors(enrollment: Enrollment, entry: SessionEntry) -> dict[str, str]:
    """Every rule a logged session must meet, by field; the form shows them, the service
    refuses to save when any holds."""
    errors = {}
    today = timezone.localdate()
    if entry.performed_on > today:
        errors["performed_on"] = "The session date cannot be in the future."
    elif entry.performed_on < enrollment.cohort.starts_on:
        errors["performed_on"] = (
            "The session is dated before your cohort started "
            f"({enrollment.cohort.starts_on:%d %b %Y})."
        )
    if not enrollment.cohort.instructors.filter(pk=getattr(entry.supervisor, "pk", None)).exists():
        errors["supervisor"] = "Choose one of your cohort's instructors as the supervisor."
    if not MINUTES[0] <= entry.duration_minutes <= MINUTES[1]:
        errors["duration_minutes"] = f"A session lasts {MINUTES[0]} to {MINUTES[1]} minutes."
    if not entry.areas:
        errors["areas"] = "Give the units injected in at least one treatment area."
    elif any(area.program_id != enrollment.program_id for area in entry.areas):
        errors["areas"] = "A treatment area does not belong to your program."
    elif any(not UNITS_PER_AREA[0] <= units <= UNITS_PER_AREA[1] for units in entry.areas.values()):
        errors["areas"] = (
            f"Units per area must be between {UNITS_PER_AREA[0]} and {UNITS_PER_AREA[1]}."
        )
    elif sum(entry.areas.values()) > UNITS_PER_SESSION_MAX:
        errors["areas"] = (
            f"More than {UNITS_PER_SESSION_MAX} units in one session is not plausible."
        )
    known = set(HandsOnSession.Complication.values)
    if any(code not in known for code in entry.complications):
        errors["complications"] = "Choose complications from the list."
    elif HandsOnSession.Complication.OTHER in entry.complications and not (
        entry.complication_notes.strip()
    ):
        errors["complication_notes"] = "Describe the other complication."
    return errors


def _check_can_log(enrollment: Enrollment, by) -> None:
    if enrollment.applicant_id != by.pk:
        raise DomainError("You can only log sessions in your own training record.")
    if enrollment.status != Status.ENROLLED:
        raise DomainError(
            "Sessions can only be logged while you are enrolled; this enrollment is "
            f"{enrollment.get_status_display().lower()}."
        )


def _check_entry(enrollment: Enrollment, entry: SessionEntry) -> None:
    errors = session_entry_errors(enrollment, entry)
    if errors:
        raise DomainError(" ".join(errors.values()))


def _write_entry(session: HandsOnSession, entry: SessionEntry) -> list[str]:
    for name in SessionEntry.FIELDS:
        setattr(session, name, getattr(entry, name))
    session.complication_notes = session.complication_notes.strip()
    return list(SessionEntry.FIELDS)


def _write_areas(session: HandsOnSession, entry: SessionEntry) -> None:
    session.areas.all().delete()
    SessionArea.objects.bulk_create(
        SessionArea(session=session, area=area, units=units) for area, units in entry.areas.items()
    )


@transaction.atomic
def log_session(*, enrollment: Enrollment, by, entry: SessionEntry) -> HandsOnSession:
    """The trainee logs a supervised session; it waits for the supervisor's verification."""
    enrollment = (
        Enrollment.objects.select_for_update().select_related("cohort").get(pk=enrollment.pk)
    )
    _check_can_log(enrollment, by)
    _check_entry(enrollment, entry)
    session = HandsOnSession(enrollment=enrollment)
    _write_entry(session, entry)
    session.save()
    _write_areas(session, entry)
    audit.record(actor=by, action="session.submitted", target=session, to_state=session.status)
    return session


@transaction.atomic
def resubmit_session(*, session: HandsOnSession, by, entry: SessionEntry) -> HandsOnSession:
    """The trainee corrects a session sent back to them and submits it again."""
    session = _lock_session(session)
    _check_can_log(session.enrollment, by)
    if session.status != HandsOnSession.Status.RETURNED:
        raise DomainError("Only a session sent back for correction can be edited.")
    _check_entry(session.enrollment, entry)
    changed = _write_entry(session, entry)
    session.status = HandsOnSession.Status.SUBMITTED
    session.submitted_at = timezone.now()
    session.save(update_fields=[*changed, "status", "submitted_at"])
    _write_areas(session, entry)
    audit.record(
        actor=by,
        action="session.resubmitted",
        target=session,
        from_state=HandsOnSession.Status.RETURNED,
        to_state=session.status,
    )
    return session


@transaction.atomic
def correct_verified_session(*, session: HandsOnSession, by, entry: SessionEntry) -> HandsOnSession:
    """A verified session stays locked; its correction is a new entry that replaces it once
    the supervisor verifies the correction."""
    session = _lock_session(session)
    _check_can_log(session.enrollment, by)
    if session.status != HandsOnSession.Status.VERIFIED:
        raise DomainError("Only a verified session is corrected by a new entry.")
    if HandsOnSession.objects.filter(replaces=session).exists():
        raise DomainError("A correction of this session is already waiting for verification.")
    _check_entry(session.enrollment, entry)
    correction = HandsOnSession(enrollment=session.enrollment, replaces=session)
    _write_entry(correction, entry)
    correction.save()
    _write_areas(correction, entry)
    audit.record(
        actor=by,
        action="session.correction_submitted",
        target=correction,
        to_state=correction.status,
        data={"replaces": session.pk},
    )
    return correction


def _lock_session(session: HandsOnSession) -> HandsOnSession:
    return (
        HandsOnSession.objects.select_for_update(of=("self",))
        .select_related("enrollment__cohort__program")
        .get(pk=session.pk)
    )


def _check_supervised_by(session: HandsOnSession, instructor) -> None:
    if session.supervisor_id != instructor.pk:
        raise DomainError("Only the instructor who supervised a session can verify it.")
    if session.status != HandsOnSession.Status.SUBMITTED:
        raise DomainError(f"This session is {session.get_status_display().lower()}.")


@transaction.atomic
def verify_session(
    *,
    session: HandsOnSession,
    instructor,
    technique: int,
    communication: int,
    judgement: int,
    comment: str,
) -> HandsOnSession:
    """The supervising instructor verifies one session with structured feedback; it is locked."""
    session = _lock_session(session)
    _check_supervised_by(session, instructor)
    window = requirements_of(session.enrollment.program).verification_window_days
    if timezone.localdate() > session.performed_on + timedelta(days=window):
        raise DomainError(
            f"Sessions are verified within {window} days; this one is from "
            f"{session.performed_on:%d %b %Y}. Ask a program admin how to proceed."
        )
    if any(rating not in RATING_SCALE for rating in (technique, communication, judgement)):
        raise DomainError("Rate technique, communication and judgement from 1 to 5.")
    if not comment.strip():
        raise DomainError("Add a comment for the trainee.")
    session.status = HandsOnSession.Status.VERIFIED
    session.verified_at = timezone.now()
    session.technique_rating = technique
    session.communication_rating = communication
    session.judgement_rating = judgement
    session.feedback = comment.strip()
    session.save(
        update_fields=[
            "status",
            "verified_at",
            "technique_rating",
            "communication_rating",
            "judgement_rating",
            "feedback",
        ]
    )
    audit.record(
        actor=instructor,
        action="session.verified",
        target=session,
        from_state=HandsOnSession.Status.SUBMITTED,
        to_state=session.status,
        data={"technique": technique, "communication": communication, "judgement": judgement},
    )
    if session.replaces_id:
        replaced = HandsOnSession.objects.select_for_update().get(pk=session.replaces_id)
        replaced.status = HandsOnSession.Status.SUPERSEDED
        replaced.save(update_fields=["status"])
        audit.record(
            actor=instructor,
            action="session.superseded",
            target=replaced,
            from_state=HandsOnSession.Status.VERIFIED,
            to_state=replaced.status,
            data={"correction": session.pk},
        )
    events.step_completed(
        applicant=session.enrollment.applicant, program=session.enrollment.program
    )
    return session


@transaction.atomic
def return_session(*, session: HandsOnSession, instructor, reason: str) -> HandsOnSession:
    """The supervisor sends a session back to the trainee for correction, saying why."""
    session = _lock_session(session)
    _check_supervised_by(session, instructor)
    if not reason.strip():
        raise DomainError("Say what the trainee should correct.")
    session.status = HandsOnSession.Status.RETURNED
    session.return_reason = reason.strip()
    session.save(update_fields=["status", "return_reason"])
    audit.record(
        actor=instructor,
        action="session.returned",
        target=session,
        from_state=HandsOnSession.Status.SUBMITTED,
        to_state=session.status,
        reason=session.return_reason,
    )
    return session


@transaction.atomic
def add_follow_up(*, session: HandsOnSession, by, noted_on: date, note: str) -> SessionFollowUp:
    if session.enrollment.applicant_id != by.pk:
        raise DomainError("You can only add follow-up notes to your own sessions.")
    if noted_on > timezone.localdate():
        raise DomainError("The follow-up date cannot be in the future.")
    if noted_on < session.performed_on:
        raise DomainError("A follow-up cannot be dated before the session.")
    if not note.strip():
        raise DomainError("Write the follow-up note.")
    follow_up = SessionFollowUp.objects.create(
        session=session, noted_on=noted_on, note=note.strip()
    )
    audit.record(actor=by, action="session.follow_up", target=session, reason=follow_up.note)
    return follow_up
