"""The pathway: for an applicant, the state of each of the five steps and what is missing.

Each step reads its own app's selector; nothing here re-implements a step's rules. Steps unlock
in order: enrollment needs step 1; theory (step 2) and the hands-on log (step 3) run side by side
once enrolled; the written exam needs theory complete, the practical exam the hands-on minimums.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from accounts.selectors import qualification_status
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


@dataclass
class Step:
    number: int
    title: str
    description: str
    state: str = StepState.BLOCKED
    missing: list[str] = field(default_factory=list)
    done: int = 0
    total: int = 0
    action_label: str = ""
    action_url: str = ""

    @property
    def state_label(self) -> str:
        return StepState.LABELS[self.state]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


STEP_TEXTS = [
    ("Qualifications", "Your medical license and the credentials your jurisdiction asks for."),
    ("Program enrollment", "Enroll in an accredited program and complete its theory modules."),
    ("Hands-on training", "Supervised sessions on live models, each verified by your instructor."),
    ("Certification exam", "The written exam and the practical exam."),
    ("Certificate", "Your certificate, verifiable by anyone through its QR code."),
]


def _qualifications_step(applicant) -> Step:
    status = qualification_status(applicant)
    step = Step(1, *STEP_TEXTS[0])
    step.done = sum(point.ok for point in status.points)
    step.total = len(status.points)
    step.missing = [point.text for point in status.missing]
    if status.eligible:
        step.state = StepState.COMPLETE
    elif applicant.medical_licenses.exists() or step.done:
        step.state = StepState.IN_PROGRESS
    else:
        step.state = StepState.NOT_STARTED
    step.action_url = reverse("accounts:qualifications")
    step.action_label = "Review your qualifications" if status.eligible else "Continue step 1"
    return step


def _enrollment_step(applicant, qualifications: Step, enrollment) -> Step:
    step = Step(2, *STEP_TEXTS[1])
    if qualifications.state != StepState.COMPLETE and enrollment is None:
        step.missing = ["complete step 1 first"]
        return step
    step.action_url = reverse("programs:catalogue")
    if enrollment is None:
        step.state = StepState.NOT_STARTED
        step.missing = ["enroll in a cohort of an accredited program"]
        step.action_label = "Choose a program"
        return step
    if enrollment.status not in COUNTING_STATUSES:
        step.state = StepState.IN_PROGRESS
        step.action_label = "Your application"
        step.missing = [f"{enrollment.get_status_display().lower()} for {enrollment.cohort}"]
        return step
    theory = theory_progress(enrollment)
    step.done, step.total = theory.done, theory.total
    step.action_url = reverse("programs:training")
    step.action_label = "Your theory modules"
    if theory.is_complete:
        step.state = StepState.COMPLETE
    else:
        step.state = StepState.IN_PROGRESS
        step.missing = [f"complete the module {module}" for module in theory.missing]
    return step


def _hands_on_step(enrollment, status) -> Step:
    step = Step(3, *STEP_TEXTS[2])
    if status is None:
        step.missing = ["enroll in a program first"]
        return step
    step.done = sum(m.met for m in status.minimums)
    step.total = len(status.minimums)
    step.missing = status.missing
    step.action_url = reverse("programs:training")
    step.action_label = "Your case log"
    if status.minimums_met:
        step.state = StepState.COMPLETE
    elif enrollment.hands_on_sessions.exists():
        step.state = StepState.IN_PROGRESS
    else:
        step.state = StepState.NOT_STARTED
        step.action_label = "Log your first session"
    return step


def _certificate_step(applicant, enrollment, earlier: list[Step]) -> Step:
    from .selectors import current_certificate  # selectors import models; pathway stays light

    step = Step(5, *STEP_TEXTS[4])
    current = current_certificate(applicant, enrollment.program if enrollment else None)
    # The dashboard's certificate card reads this (None until there is a certificate).
    step.certificate = current
    if current is None:
        if not all(s.state == StepState.COMPLETE for s in earlier):
            step.missing = ["complete the steps before"]
            return step
        step.state = StepState.IN_PROGRESS
        step.missing = ["your certificate is being prepared"]
        return step
    certificate, status = current.certificate, current.public_status
    Public = certificate.PublicStatus
    if status == Public.PENDING:
        step.state = StepState.IN_PROGRESS
        step.missing = ["your certificate is being prepared"]
        return step
    step.action_url = reverse("certification:my_certificate", args=[certificate.pk])
    if status == Public.VALID:
        step.state = StepState.COMPLETE
        step.action_label = "Download your certificate"
        step.action_url = reverse("certification:certificate_pdf", args=[certificate.pk])
    elif status == Public.EXPIRED:
        step.state = StepState.IN_PROGRESS
        step.missing = [f"your certificate expired on {certificate.expires_on:%d %b %Y}: renew it"]
        step.action_label = "Renew your certificate"
    elif status == Public.SUSPENDED:
        step.state = StepState.IN_PROGRESS
        step.missing = ["your certificate is suspended until your renewed license is verified"]
        step.action_label = "Submit your renewed license"
        step.action_url = reverse("accounts:qualifications")
    else:  # revoked (a replaced certificate is never the current one)
        step.state = StepState.BLOCKED
        step.missing = [f"your certificate was revoked: {certificate.revocation_reason}"]
        step.action_label = "Your certificate"
    return step


def _exam_step(applicant, enrollment, hands_on) -> Step:
    step = Step(4, *STEP_TEXTS[3])
    if hands_on is None:
        step.missing = ["enroll in a program first"]
        return step
    written = written_exam_status(applicant, enrollment.program)
    practical = practical_exam_status(applicant, enrollment.program, hands_on=hands_on)
    step.done = written.passed + practical.passed
    step.total = 2
    if not written.passed:
        step.missing += [f"written exam: {text}" for text in written.missing]
    if not practical.passed:
        step.missing += [f"practical exam: {text}" for text in practical.missing]
    pending = [part for part in (written, practical) if not part.passed]
    if not pending:
        step.state = StepState.COMPLETE
        step.action_label, step.action_url = written.action_label, written.action_url
        return step
    # The next action is the first part the applicant can act on now.
    next_part = next((part for part in pending if part.unlocked), pending[0])
    step.action_label, step.action_url = next_part.action_label, next_part.action_url
    if not any(part.unlocked for part in (written, practical)):
        step.state = StepState.BLOCKED
    elif step.done or written.attempts_used or practical.sitting is not None:
        step.state = StepState.IN_PROGRESS
    else:
        step.state = StepState.NOT_STARTED
    return step


def pathway_for(applicant, program=None, *, with_certificate: bool = True) -> list[Step]:
    """The five steps for the applicant in `program` (by default the program they are in);
    the first four alone when asked `with_certificate=False`."""
    enrollment = current_enrollment(applicant, program)
    counting = enrollment is not None and enrollment.status in COUNTING_STATUSES
    # Read once: step 3 shows it and the practical exam (step 4) is unlocked by it.
    hands_on = hands_on_status_of(enrollment) if counting else None
    qualifications = _qualifications_step(applicant)
    steps = [
        qualifications,
        _enrollment_step(applicant, qualifications, enrollment),
        _hands_on_step(enrollment, hands_on),
        _exam_step(applicant, enrollment, hands_on),
    ]
    if with_certificate:
        steps.append(_certificate_step(applicant, enrollment, steps))
    return steps


def requirements_met(applicant, program) -> bool:
    """Steps 1 to 4 hold: the applicant has earned the certificate of `program`."""
    steps = pathway_for(applicant, program, with_certificate=False)
    return all(step.state == StepState.COMPLETE for step in steps)
