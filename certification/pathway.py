"""The pathway: for an applicant, the state of each of the five steps and what is missing.

Each step reads its own app's selector; nothing here re-implements a step's rules. Steps unlock
in order: a step whose predecessor is not complete is blocked.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from accounts.selectors import qualification_status
from programs.selectors import enrollments_of


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


def _enrollment_step(applicant, qualifications: Step) -> Step:
    step = Step(2, *STEP_TEXTS[1])
    if qualifications.state != StepState.COMPLETE:
        step.missing = ["complete step 1 first"]
        return step
    active = [e for e in enrollments_of(applicant) if e.is_active()]
    step.action_url = reverse("programs:catalogue")
    if not active:
        step.state = StepState.NOT_STARTED
        step.missing = ["enroll in a cohort of an accredited program"]
        step.action_label = "Choose a program"
        return step
    enrollment = active[0]
    step.state = StepState.IN_PROGRESS
    step.action_label = "Your enrollment"
    if enrollment.status == enrollment.Status.ENROLLED:
        step.missing = [f"complete the theory modules of {enrollment.cohort.program}"]
    else:
        step.missing = [f"{enrollment.get_status_display().lower()} for {enrollment.cohort}"]
    return step


def pathway_for(applicant) -> list[Step]:
    qualifications = _qualifications_step(applicant)
    steps = [qualifications, _enrollment_step(applicant, qualifications)]
    # Steps 3-5 arrive with their own apps; until then each waits for the one before it.
    for number, (title, description) in enumerate(STEP_TEXTS[2:], start=3):
        previous_complete = steps[-1].state == StepState.COMPLETE
        state = StepState.NOT_STARTED if previous_complete else StepState.BLOCKED
        missing = [] if previous_complete else [f"complete step {number - 1} first"]
        steps.append(Step(number, title, description, state=state, missing=missing))
    return steps
