"""The pathway: for an applicant, the state of each of the five steps and what is missing.

Each step reads its own app's selector; nothing here re-implements a step's rules. Steps unlock
in order: enrollment needs step 1; theory (step 2) and the hands-on log (step 3) run side by side
once enrolled; the written exam needs theory complete, the practical exam the hands-on minimums.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse

from accounts import events
from accounts.selectors import QualificationStatus, qualification_status
from exams.selectors.practical import practical_exam_status
from exams.selectors.written import written_exam_status
from programs.selectors import (
    COUNTING_STATUSES,
    current_enrollment,
    hands_on_status_of,
    theory_progress,
)


class StepState:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    BLOCKED = "blocked"

    LABELS = {
        NOT_STARTED: "Not started",
        IN_PROGRESS: "In progress",
        COMPLETE: "Complete",
        BLOCKED: "Locked",
    }


YOU = "you"


@dataclass
class Need:
    """One thing still needed for a step, in the applicant's words, with who acts on it and
    where it is done. `items` are its parts when it has several (the hands-on minimums)."""

    text: str
    url: str = ""
    link_label: str = ""
    who: str = YOU  # who acts next: "you", "your instructor", "a program admin", ...
    returned: bool = False  # sent back to the applicant to correct: listed first
    items: list[str] = field(default_factory=list)

    @property
    def waiting(self) -> bool:
        """Someone else's turn: nothing for the applicant to do but wait."""
        return self.who != YOU


@dataclass
class Step:
    number: int
    title: str
    description: str
    state: str = StepState.BLOCKED
    needs: list[Need] = field(default_factory=list)
    done: int = 0
    total: int = 0
    action_label: str = ""
    action_url: str = ""
    # Partial progress (0-1) where counting whole items would understate it (the hands-on
    # minimums: 2 of 6 sessions is a third of the way, not nothing); None: done / total.
    progress: float | None = None
    parts: list = field(default_factory=list)  # the hands-on minimums, each with its figures
    certificate: object = None  # step 5: the current certificate, if any
    # When this step's answer changes by the clock alone, within the day (a resit's waiting
    # period ending): the dashboard's cached copy (pathway_cache.py) is not used past it.
    changes_at: datetime | None = None

    @property
    def state_label(self) -> str:
        return StepState.LABELS[self.state]

    @property
    def percent(self) -> int:
        if self.progress is not None:
            return round(100 * self.progress)
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def missing(self) -> list[str]:
        """What is still needed as plain texts (each part of a need on its own)."""
        return [text for need in self.needs for text in (need.items or [need.text])]

    @property
    def returned(self) -> list[Need]:
        return [need for need in self.needs if need.returned]

    @property
    def has_action(self) -> bool:
        # A button needs both an address and a text: never an empty link.
        return bool(self.action_url and self.action_label)


STEP_TEXTS = [
    ("Qualifications", "Your medical license and the credentials your jurisdiction asks for."),
    (
        "Program enrollment",
        "Enroll in an accredited program; your instructor records its theory modules.",
    ),
    ("Hands-on training", "Supervised sessions on live models, each verified by your instructor."),
    ("Certification exam", "The written exam and the practical exam."),
    ("Certificate", "Your certificate, verifiable by anyone through its QR code."),
]

ADMIN = "a program admin"
INSTRUCTOR = "your instructor"
SUPERVISOR = "your supervisor"
# How many theory modules a step lists by name before "and N more": the list stays short.
MODULES_LISTED = 4


def _qualifications_step(applicant, status: QualificationStatus | None) -> Step:
    status = status or qualification_status(applicant)
    step = Step(1, *STEP_TEXTS[0])
    step.done = sum(point.ok for point in status.points)
    step.total = len(status.points)
    url = reverse("accounts:qualifications")
    for point in status.missing:
        if point.pending:
            step.needs.append(Need(point.text, who=ADMIN))
        elif point.returned:
            step.needs.append(Need(point.text, url, "Correct and resubmit", returned=True))
        else:
            step.needs.append(Need(point.text, url, "Your qualifications"))
    if status.eligible:
        step.state = StepState.COMPLETE
    elif status.license is not None or step.done or len(status.points) > 2:
        # Some license was submitted (its rules are listed) or something already holds.
        step.state = StepState.IN_PROGRESS
    else:
        step.state = StepState.NOT_STARTED
    step.action_url = url
    step.action_label = "Review your qualifications" if status.eligible else "Continue step 1"
    return step


def _module_need(item) -> Need:
    # No link of its own: there is nothing to do on a page but attend; the step's button leads
    # to the theory modules.
    if item.completion is not None and item.completion.attended:
        text = f"{item.module}: attended; {INSTRUCTOR} records it once you pass its assessment"
    else:
        text = f"{item.module}: {INSTRUCTOR} records this module once you attend and pass it"
    return Need(text, who=INSTRUCTOR)


def _enrollment_step(applicant, qualifications: Step, enrollment, theory) -> Step:
    step = Step(2, *STEP_TEXTS[1])
    if qualifications.state != StepState.COMPLETE and enrollment is None:
        step.needs = [Need("opens once your qualifications are verified (step 1)")]
        return step
    catalogue = reverse("programs:catalogue")
    step.action_url = catalogue
    if enrollment is None:
        step.state = StepState.NOT_STARTED
        step.needs = [
            Need("enroll in a cohort of an accredited program", catalogue, "Choose a program")
        ]
        step.action_label = "Choose a program"
        return step
    if enrollment.status not in COUNTING_STATUSES:
        step.state = StepState.IN_PROGRESS
        step.action_label = "Your application"
        Status = enrollment.Status
        if enrollment.status == Status.APPLIED:
            need = Need(f"your application to {enrollment.cohort} waits for approval", who=ADMIN)
        elif enrollment.status == Status.WAITLISTED:
            need = Need(
                f"you are on the waitlist of {enrollment.cohort}: a seat goes to you when one "
                "frees up",
                who=ADMIN,
            )
        else:
            need = Need(
                f"{enrollment.get_status_display().lower()} for {enrollment.cohort}",
                catalogue,
                "Your application",
            )
        step.needs = [need]
        return step
    step.done, step.total = theory.done, theory.total
    training = reverse("programs:training")
    step.action_url = training
    step.action_label = "Your theory modules"
    if theory.is_complete:
        step.state = StepState.COMPLETE
        return step
    step.state = StepState.IN_PROGRESS
    open_modules = [item for item in theory.modules if not item.is_complete]
    step.needs = [_module_need(item) for item in open_modules[:MODULES_LISTED]]
    if len(open_modules) > MODULES_LISTED:
        more = len(open_modules) - MODULES_LISTED
        step.needs.append(
            Need(f"and {more} more module{'s' if more > 1 else ''}", training, "See them all")
        )
    if not theory.total:
        step.needs = [Need(f"{enrollment.program} has no theory modules yet", who=ADMIN)]
    return step


def _hands_on_step(enrollment, status, open_sessions) -> Step:
    step = Step(3, *STEP_TEXTS[2])
    if status is None:
        step.needs = [Need("opens once you are enrolled in a cohort (step 2)")]
        return step
    step.done = sum(m.met for m in status.minimums)
    step.total = len(status.minimums)
    step.parts = status.minimums
    if status.minimums:
        # Each minimum counts as far as it goes (capped at its target), so partial work shows.
        step.progress = sum(m.percent for m in status.minimums) / (100 * len(status.minimums))
    returned = [s for s in open_sessions if s.status == s.Status.RETURNED]
    waiting = [s for s in open_sessions if s.status == s.Status.SUBMITTED]
    for session in returned:
        reason = f": “{session.return_reason}”" if session.return_reason else ""
        step.needs.append(
            Need(
                f"your session of {session.performed_on:%d %b %Y} was sent back for "
                f"correction{reason}",
                reverse("programs:edit_session", args=[session.pk]),
                "Correct and resubmit",
                returned=True,
            )
        )
    can_log = enrollment.status == enrollment.Status.ENROLLED
    if status.missing:
        step.needs.append(
            Need(
                "reach the hands-on minimums with verified sessions",
                reverse("programs:log_session") if can_log else "",
                "Log a session" if can_log else "",
                items=list(status.missing),
            )
        )
    if waiting:
        count = len(waiting)
        step.needs.append(
            Need(
                f"{count} session{'s' if count > 1 else ''} wait{'' if count > 1 else 's'} for "
                f"{SUPERVISOR}'s verification",
                reverse("programs:training"),
                "Your case log",
                who=SUPERVISOR,
            )
        )
    step.action_url = reverse("programs:training")
    step.action_label = "Your case log"
    if status.minimums_met:
        step.state = StepState.COMPLETE
    elif open_sessions or (status.minimums and status.minimums[0].done):
        step.state = StepState.IN_PROGRESS
    else:
        step.state = StepState.NOT_STARTED
        if can_log:
            step.action_label = "Log your first session"
            step.action_url = reverse("programs:log_session")
    if returned:
        step.action_label = "Correct the returned session"
        step.action_url = reverse("programs:edit_session", args=[returned[0].pk])
    return step


def _certificate_step(current, earlier: list[Step]) -> Step:
    step = Step(5, *STEP_TEXTS[4])
    # The dashboard's certificate card reads this (None until there is a certificate).
    step.certificate = current
    preparing = Need(
        "your certificate is being prepared; it appears here when ready",
        who="the certificate service",
    )
    if current is None:
        if not all(s.state == StepState.COMPLETE for s in earlier):
            step.needs = [Need("issued automatically once steps 1 to 4 are complete")]
            return step
        step.state = StepState.IN_PROGRESS
        step.needs = [preparing]
        return step
    certificate, status = current.certificate, current.public_status
    Public = certificate.PublicStatus
    if status == Public.PENDING:
        step.state = StepState.IN_PROGRESS
        step.needs = [preparing]
        return step
    step.action_url = reverse("certification:my_certificate", args=[certificate.pk])
    if status == Public.VALID:
        step.state = StepState.COMPLETE
        step.action_label = "Download your certificate"
        step.action_url = reverse("certification:certificate_pdf", args=[certificate.pk])
    elif status == Public.EXPIRED and current.lapsed:
        # Past the program's renewal window: renewal is closed, the exams must be sat again
        # (step 4 lists them, counting only what was sat after the lapse).
        exams = earlier[3]
        step.state = StepState.IN_PROGRESS
        step.action_label = exams.action_label or "Sit the written exam again"
        step.action_url = exams.action_url or reverse("exams:written_home")
        step.needs = [
            Need(
                f"your certificate lapsed: the renewal window closed on "
                f"{certificate.renewal_closes_on():%d %b %Y}; sit the written and practical "
                "exams again (step 4) and a new certificate is issued",
                step.action_url,
                step.action_label,
            )
        ]
    elif status == Public.EXPIRED:
        step.state = StepState.IN_PROGRESS
        step.action_label = "Renew your certificate"
        step.needs = [
            Need(
                f"your certificate expired on {certificate.expires_on:%d %b %Y}: renew it "
                f"by {certificate.renewal_closes_on():%d %b %Y}",
                step.action_url,
                step.action_label,
            )
        ]
    elif status == Public.SUSPENDED and certificate.holder_license_disciplined():
        # A board's action, not an expired license: nothing to submit, the admins record its end.
        step.state = StepState.IN_PROGRESS
        step.action_label = "Your qualifications"
        step.action_url = reverse("accounts:qualifications")
        step.needs = [
            Need(
                "your certificate is suspended while your license is under its board's "
                "disciplinary action",
                step.action_url,
                step.action_label,
            )
        ]
    elif status == Public.SUSPENDED:
        step.state = StepState.IN_PROGRESS
        step.action_label = "Submit your renewed license"
        step.action_url = reverse("accounts:qualifications")
        step.needs = [
            Need(
                "your certificate is suspended until your renewed license is verified",
                step.action_url,
                step.action_label,
            )
        ]
    else:  # revoked (a replaced certificate is never the current one)
        step.state = StepState.BLOCKED
        step.needs = [Need(f"your certificate was revoked: {certificate.revocation_reason}")]
        step.action_label = "Your certificate"
    return step


def _written_needs(written) -> list[Need]:
    if written.passed:
        return []
    if written.exam is None:
        return [Need(text, who=ADMIN) for text in written.missing]
    if not written.unlocked:
        return [Need("the written exam opens once every theory module is recorded (step 2)")]
    return [
        Need(f"written exam: {text}", written.action_url, written.action_label)
        for text in written.missing
    ]


def _practical_needs(practical) -> list[Need]:
    if practical.passed:
        return []
    if not practical.unlocked:
        # Step 3 lists the minimums themselves; saying them twice would only lengthen the page.
        return [Need("the practical exam opens once the hands-on minimums are met (step 3)")]
    sitting = practical.sitting
    Status = sitting.Status if sitting is not None else None
    if sitting is None and practical.resit_since is not None:
        # A lapsed holder is in no ready list until they say they are ready to sit again.
        return [
            Need(f"practical exam: {text}", practical.action_url, practical.action_label)
            for text in practical.missing
        ]
    if sitting is None:
        return [Need("a program admin schedules your practical exam", who=ADMIN)]
    if sitting.status == Status.FLAGGED:
        return [Need(text, who=ADMIN) for text in practical.missing]
    return [
        Need(f"practical exam: {text}", practical.action_url, practical.action_label)
        for text in practical.missing
    ]


def _exam_step(applicant, enrollment, hands_on, theory, results_since) -> Step:
    step = Step(4, *STEP_TEXTS[3])
    if hands_on is None:
        step.needs = [Need("opens once you are enrolled in a cohort (step 2)")]
        return step
    if results_since is not None:
        step.description = (
            "Your certificate lapsed: sit the written and practical exams again. Results from "
            f"before {results_since:%d %b %Y} no longer count."
        )
    written = written_exam_status(
        applicant,
        enrollment.program,
        enrollment=enrollment,
        theory_done=theory.is_complete,
        results_since=results_since,
    )
    practical = practical_exam_status(
        applicant, enrollment.program, hands_on=hands_on, results_since=results_since
    )
    step.done = written.passed + practical.passed
    step.total = 2
    # The practical exam's text names its resit waiting period while it runs.
    step.changes_at = practical.next_attempt_at
    step.needs = _written_needs(written) + _practical_needs(practical)
    pending = [part for part in (written, practical) if not part.passed]
    if not pending:
        step.state = StepState.COMPLETE
        step.action_label, step.action_url = written.action_label, written.action_url
        return step
    # The next action is the first part the applicant can act on now; none while both are
    # locked (the steps before say what to do).
    next_part = next((part for part in pending if part.unlocked), None)
    if next_part is not None:
        step.action_label, step.action_url = next_part.action_label, next_part.action_url
    if not any(part.unlocked for part in (written, practical)):
        step.state = StepState.BLOCKED
    elif step.done or written.attempts_used or practical.sitting is not None:
        step.state = StepState.IN_PROGRESS
    else:
        step.state = StepState.NOT_STARTED
    return step


def pathway_for(
    applicant,
    program=None,
    *,
    with_certificate: bool = True,
    qualification: QualificationStatus | None = None,
) -> list[Step]:
    """The five steps for the applicant in `program` (by default the program they are in);
    the first four alone when asked `with_certificate=False`. `qualification`: the applicant's
    `qualification_status`, when the caller read it already."""
    enrollment = current_enrollment(applicant, program)
    counting = enrollment is not None and enrollment.status in COUNTING_STATUSES
    # Each read once and handed to the steps that need it: the hands-on status (step 3 shows
    # it, with the open sessions; it unlocks the practical exam) and the theory progress (step 2
    # shows it; it unlocks the written exam).
    hands_on = hands_on_status_of(enrollment) if counting else None
    theory = theory_progress(enrollment) if counting else None
    # A certificate past its renewal window lapsed: the exams count only what was sat after
    # (certification/lapse.py). Read with the certificate when step 5 shows it; else alone.
    current, results_since = None, None
    if with_certificate and enrollment is not None:
        # selectors import models; the pathway stays light
        from .lapse import results_since_of
        from .selectors import current_certificate

        current = current_certificate(applicant, enrollment.program)
        results_since = results_since_of(current.certificate if current else None)
    elif counting:
        results_since = events.results_since(applicant=applicant, program=enrollment.program)
    qualifications = _qualifications_step(applicant, qualification)
    steps = [
        qualifications,
        _enrollment_step(applicant, qualifications, enrollment, theory),
        _hands_on_step(enrollment, hands_on, hands_on.open_sessions if hands_on else []),
        _exam_step(applicant, enrollment, hands_on, theory, results_since),
    ]
    if with_certificate:
        steps.append(_certificate_step(current, steps))
    for step in steps:
        # What was sent back to the applicant comes first: it is theirs to fix, and blocks.
        step.needs.sort(key=lambda need: not need.returned)
    return steps


def requirements_met(applicant, program, *, qualification=None) -> bool:
    """Steps 1 to 4 hold: the applicant has earned the certificate of `program`."""
    steps = pathway_for(applicant, program, with_certificate=False, qualification=qualification)
    return all(step.state == StepState.COMPLETE for step in steps)
