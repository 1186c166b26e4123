"""Step 3 state changes: the trainee's hands-on log and the supervisor's verification."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts import audit, events
from accounts.errors import DomainError

from ..models import (
    Enrollment,
    HandsOnSession,
    SessionArea,
    SessionFollowUp,
    TrainingProgram,
)
from ..selectors import hands_on_status_of, requirements_of

Status = Enrollment.Status


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
    elif enrollment.enrolled_at and entry.performed_on < timezone.localdate(enrollment.enrolled_at):
        # A trainee seated late (from the waitlist) was not under the program's supervision
        # before the day they took their seat.
        errors["performed_on"] = (
            "The session is dated before you were enrolled "
            f"({timezone.localdate(enrollment.enrolled_at):%d %b %Y})."
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


# The rules below are asked twice: by the trainee's pages before showing a form (so nobody fills
# in a form that is bound to be refused) and by the transitions themselves. They live here once.


def why_session_cannot_be_logged(enrollment: Enrollment) -> str | None:
    """Why no session can be logged in this enrollment now, or None when one can."""
    if enrollment.status != Status.ENROLLED:
        return (
            "Sessions can only be logged while you are enrolled; this enrollment is "
            f"{enrollment.get_status_display().lower()}."
        )
    return None


def why_session_cannot_be_resubmitted(session: HandsOnSession) -> str | None:
    if session.status != HandsOnSession.Status.RETURNED:
        return "Only a session sent back for correction can be edited."
    return None


def why_session_cannot_be_corrected(session: HandsOnSession) -> str | None:
    if session.status != HandsOnSession.Status.VERIFIED:
        return "Only a verified session is corrected by a new entry."
    return None


def _refuse_if(reason: str | None) -> None:
    if reason:
        raise DomainError(reason)


def _check_can_log(enrollment: Enrollment, actor) -> None:
    if enrollment.applicant_id != actor.pk:
        raise DomainError("You can only log sessions in your own training record.")
    _refuse_if(why_session_cannot_be_logged(enrollment))


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
def log_session(*, enrollment: Enrollment, actor, entry: SessionEntry) -> HandsOnSession:
    """The trainee logs a supervised session; it waits for the supervisor's verification."""
    enrollment = (
        Enrollment.objects.select_for_update().select_related("cohort").get(pk=enrollment.pk)
    )
    _check_can_log(enrollment, actor)
    _check_entry(enrollment, entry)
    session = HandsOnSession(enrollment=enrollment)
    _write_entry(session, entry)
    session.save()
    _write_areas(session, entry)
    audit.record(actor=actor, action="session.submitted", target=session, to_state=session.status)
    return session


@transaction.atomic
def resubmit_session(*, session: HandsOnSession, actor, entry: SessionEntry) -> HandsOnSession:
    """The trainee corrects a session sent back to them and submits it again."""
    session = _lock_session(session)
    _check_can_log(session.enrollment, actor)
    _refuse_if(why_session_cannot_be_resubmitted(session))
    _check_entry(session.enrollment, entry)
    changed = _write_entry(session, entry)
    session.status = HandsOnSession.Status.SUBMITTED
    session.submitted_at = timezone.now()
    session.save(update_fields=[*changed, "status", "submitted_at"])
    _write_areas(session, entry)
    audit.record(
        actor=actor,
        action="session.resubmitted",
        target=session,
        from_state=HandsOnSession.Status.RETURNED,
        to_state=session.status,
    )
    return session


@transaction.atomic
def correct_verified_session(
    *, session: HandsOnSession, actor, entry: SessionEntry
) -> HandsOnSession:
    """A verified session stays locked; its correction is a new entry that replaces it once
    the supervisor verifies the correction."""
    session = _lock_session(session)
    _check_can_log(session.enrollment, actor)
    _refuse_if(why_session_cannot_be_corrected(session))
    if HandsOnSession.objects.filter(replaces=session).exists():
        raise DomainError("A correction of this session is already waiting for verification.")
    _check_entry(session.enrollment, entry)
    correction = HandsOnSession(enrollment=session.enrollment, replaces=session)
    _write_entry(correction, entry)
    correction.save()
    _write_areas(correction, entry)
    audit.record(
        actor=actor,
        action="session.correction_submitted",
        target=correction,
        to_state=correction.status,
        data={"replaces": session.pk},
    )
    return correction


def refresh_hands_on_met(enrollment: Enrollment, *, at=None) -> bool:
    """Store whether the enrollment's hands-on minimums are met (`Enrollment.hands_on_met_at`,
    the read model the admins' ready-for-practical queue lists by), by the one rule of
    `hands_on_status_of`; returns the answer. Called in the transaction of every writer that can
    change it; `at` is when they were found met (the verification that met them, else now).

    The enrollment row is locked first: two sessions verified at once by two instructors would
    otherwise each count without the other's and both store "not met"; the second now waits
    and counts both."""
    rows = Enrollment.objects.filter(pk=enrollment.pk)
    list(rows.select_for_update().values_list("pk"))
    met = hands_on_status_of(enrollment).minimums_met
    # Conditional updates: a date already stored stays (it says since when), nothing is written
    # when nothing changes.
    if met:
        rows.filter(hands_on_met_at__isnull=True).update(hands_on_met_at=at or timezone.now())
    else:
        rows.filter(hands_on_met_at__isnull=False).update(hands_on_met_at=None)
    return met


def refresh_hands_on_met_in_program(program, *, raised: bool | None = None) -> int:
    """After the program's minimums or treatment areas change: its running enrollments
    re-checked (a rare admin action; ~5 ms per trainee on the national seed). Only those whose
    answer can change: raised minimums (`raised=True`) can only unmeet, lowered ones
    (`raised=False`) only meet; None when both moved. Returns how many were read."""
    # Read once, shared by every trainee's check (requirements_of reads it from the program).
    program = TrainingProgram.objects.select_related("hands_on_requirements").get(pk=program.pk)
    count = 0
    enrollments = Enrollment.objects.filter(program=program, status=Status.ENROLLED)
    if raised is not None:
        enrollments = enrollments.filter(hands_on_met_at__isnull=not raised)
    for enrollment in enrollments.order_by("pk").iterator(chunk_size=500):
        enrollment.program = program
        refresh_hands_on_met(enrollment)
        count += 1
    return count


def _lock_session(session: HandsOnSession) -> HandsOnSession:
    return (
        HandsOnSession.objects.select_for_update(of=("self",))
        .select_related("enrollment__cohort__program")
        .get(pk=session.pk)
    )


def _check_supervised_by(session: HandsOnSession, actor) -> None:
    if session.supervisor_id != actor.pk:
        raise DomainError("Only the instructor who supervised a session can verify it.")
    if session.status != HandsOnSession.Status.SUBMITTED:
        raise DomainError(f"This session is {session.get_status_display().lower()}.")


@transaction.atomic
def verify_session(
    *,
    session: HandsOnSession,
    actor,
    technique: int,
    communication: int,
    judgement: int,
    comment: str,
) -> HandsOnSession:
    """The supervising instructor verifies one session with structured feedback; it is locked."""
    session = _lock_session(session)
    _check_supervised_by(session, actor)
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
        actor=actor,
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
            actor=actor,
            action="session.superseded",
            target=replaced,
            from_state=HandsOnSession.Status.VERIFIED,
            to_state=replaced.status,
            data={"correction": session.pk},
        )
    # The verification that meets the minimums dates them; a correction may also undo them.
    refresh_hands_on_met(session.enrollment, at=session.verified_at)
    events.step_completed(
        applicant=session.enrollment.applicant, program=session.enrollment.program
    )
    return session


@transaction.atomic
def return_session(*, session: HandsOnSession, actor, reason: str) -> HandsOnSession:
    """The supervisor sends a session back to the trainee for correction, saying why."""
    session = _lock_session(session)
    _check_supervised_by(session, actor)
    if not reason.strip():
        raise DomainError("Say what the trainee should correct.")
    session.status = HandsOnSession.Status.RETURNED
    session.return_reason = reason.strip()
    session.save(update_fields=["status", "return_reason"])
    audit.record(
        actor=actor,
        action="session.returned",
        target=session,
        from_state=HandsOnSession.Status.SUBMITTED,
        to_state=session.status,
        reason=session.return_reason,
    )
    return session


@transaction.atomic
def add_follow_up(*, session: HandsOnSession, actor, noted_on: date, note: str) -> SessionFollowUp:
    if session.enrollment.applicant_id != actor.pk:
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
    audit.record(actor=actor, action="session.follow_up", target=session, reason=follow_up.note)
    return follow_up
