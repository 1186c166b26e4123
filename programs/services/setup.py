"""Program admins' set-up of programs and cohorts: every create, edit and delete, audited.

Each function takes the new values as a dict of model fields (what a form's cleaned_data
holds), locks the row it changes, returns early when nothing changes, saves with
`update_fields` and writes one audit entry naming the changed fields with their old and new
values. The forms check the same rules first to show them next to the fields; the checks here
are the ones that hold under concurrent edits.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction

from accounts import audit
from accounts.access import has_role
from accounts.errors import DomainError
from accounts.roles import Role

from ..models import (
    Cohort,
    Enrollment,
    HandsOnRequirements,
    HandsOnSession,
    SessionArea,
    TheoryModule,
    TrainingProgram,
    TreatmentArea,
)
from .enrollment import promote_from_waitlist
from .hands_on import refresh_hands_on_met_in_program

__all__ = [
    "STANDARD_MODULES",
    "PROGRAM_FIELDS",
    "MODULE_FIELDS",
    "AREA_FIELDS",
    "REQUIREMENT_FIELDS",
    "COHORT_FIELDS",
    "create_program",
    "update_program",
    "add_module",
    "update_module",
    "delete_module",
    "add_treatment_area",
    "update_treatment_area",
    "delete_treatment_area",
    "change_hands_on_requirements",
    "create_cohort",
    "update_cohort",
    "REQUIREMENT_BOUNDS",
]

# The six modules every program starts with (programs/demo.py seeds the same list).
STANDARD_MODULES = [
    ("Pharmacology of botulinum toxins", TheoryModule.Topic.PHARMACOLOGY),
    ("Patient assessment", TheoryModule.Topic.PATIENT_ASSESSMENT),
    ("Facial anatomy", TheoryModule.Topic.FACIAL_ANATOMY),
    ("Complications and their management", TheoryModule.Topic.COMPLICATIONS),
    ("Ethics and consent", TheoryModule.Topic.ETHICS_CONSENT),
    ("Case studies", TheoryModule.Topic.CASE_STUDIES),
]

PROGRAM_FIELDS = (
    "name",
    "provider",
    "accreditation_body",
    "accreditation_number",
    "accredited_from",
    "accredited_until",
    "description",
    "director_name",
    "director_title",
    "approves_enrollment_automatically",
    "practical_attempts_allowed",
    "practical_wait_days",
    "written_after_last_failure",
    "practical_after_last_failure",
    "resit_sessions_required",
    "renewal_ce_hours_required",
    "renewal_ce_categories",
    "renewal_min_practice_entries",
    "renewal_opens_days_before",
    "renewal_closes_days_after",
    "renewal_audit_percent",
)
MODULE_FIELDS = ("title", "topic", "position", "description")
AREA_FIELDS = ("name", "position", "min_sessions_performed")
REQUIREMENT_FIELDS = (
    "min_verified_sessions",
    "min_total_hours",
    "min_skin_types",
    "min_treatment_goals",
    "verification_window_days",
)
COHORT_FIELDS = ("name", "starts_on", "ends_on", "location", "capacity")


def _require_admin(actor) -> None:
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can change programs and cohorts.")


def _only(values: dict, allowed: tuple[str, ...]) -> dict:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    return values


def _shown(value) -> object:
    """A field value as the audit entry's JSON keeps it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)  # dates, decimals


def _apply(instance, values: dict) -> dict:
    """Set the values on the instance; return {field: [old, new]} of those that changed."""
    changed = {}
    for name, new in values.items():
        old = getattr(instance, name)
        if old != new:
            changed[name] = [_shown(old), _shown(new)]
            setattr(instance, name, new)
    return changed


def _snapshot(values: dict) -> dict:
    return {name: _shown(value) for name, value in values.items()}


# --- programs ----------------------------------------------------------------------------------


def _check_accreditation_period(values: dict) -> None:
    if values["accredited_until"] < values["accredited_from"]:
        raise DomainError("The accreditation cannot end before it starts.")


@transaction.atomic
def create_program(*, values: dict, actor) -> TrainingProgram:
    """A new program, with the six standard theory modules and the default hands-on minimums."""
    _require_admin(actor)
    values = _only(values, PROGRAM_FIELDS)
    _check_accreditation_period(values)
    program = TrainingProgram.objects.create(**values)
    TheoryModule.objects.bulk_create(
        TheoryModule(program=program, title=title, topic=topic, position=position)
        for position, (title, topic) in enumerate(STANDARD_MODULES, start=1)
    )
    HandsOnRequirements.objects.create(program=program)
    audit.record(actor=actor, action="program.created", target=program, data=_snapshot(values))
    return program


@transaction.atomic
def update_program(*, program: TrainingProgram, values: dict, actor) -> TrainingProgram:
    _require_admin(actor)
    values = _only(values, PROGRAM_FIELDS)
    program = TrainingProgram.objects.select_for_update().get(pk=program.pk)
    _check_accreditation_period(
        {name: values.get(name, getattr(program, name)) for name in PROGRAM_FIELDS}
    )
    was = program.accreditation()
    changed = _apply(program, values)
    if not changed:
        return program
    program.save(update_fields=list(changed))
    audit.record(
        actor=actor,
        action="program.changed",
        target=program,
        from_state=was,
        to_state=program.accreditation(),
        data={"changed": changed},
    )
    return program


# --- theory modules ----------------------------------------------------------------------------


@transaction.atomic
def add_module(*, program: TrainingProgram, values: dict, actor) -> TheoryModule:
    _require_admin(actor)
    module = TheoryModule.objects.create(program=program, **_only(values, MODULE_FIELDS))
    audit.record(actor=actor, action="module.added", target=module, data=_snapshot(values))
    return module


@transaction.atomic
def update_module(*, module: TheoryModule, values: dict, actor) -> TheoryModule:
    _require_admin(actor)
    module = TheoryModule.objects.select_for_update().get(pk=module.pk)
    changed = _apply(module, _only(values, MODULE_FIELDS))
    if changed:
        module.save(update_fields=list(changed))
        audit.record(actor=actor, action="module.changed", target=module, data={"changed": changed})
    return module


@transaction.atomic
def delete_module(*, module: TheoryModule, actor) -> None:
    """Only a module nobody has a completion record of: those records are a trainee's history."""
    _require_admin(actor)
    module = TheoryModule.objects.select_for_update().get(pk=module.pk)
    recorded = module.completions.count()
    if recorded:
        raise DomainError(
            f"“{module}” cannot be deleted: {recorded} trainee completion record(s) refer to it. "
            "Edit its title or description instead."
        )
    audit.record(
        actor=actor,
        action="module.deleted",
        target=module,
        data=_snapshot({name: getattr(module, name) for name in MODULE_FIELDS}),
    )
    module.delete()


# --- treatment areas ---------------------------------------------------------------------------


def _name_taken(program_id: int, name: str, exclude_pk: int | None = None) -> bool:
    areas = TreatmentArea.objects.filter(program_id=program_id, name__iexact=name)
    return areas.exclude(pk=exclude_pk).exists()


def _area_name_error(name: str) -> DomainError:
    return DomainError(f"This program already has a treatment area named “{name}”.")


@transaction.atomic
def add_treatment_area(*, program: TrainingProgram, values: dict, actor) -> TreatmentArea:
    _require_admin(actor)
    values = _only(values, AREA_FIELDS)
    if _name_taken(program.pk, values["name"]):
        raise _area_name_error(values["name"])
    try:
        with transaction.atomic():
            area = TreatmentArea.objects.create(program=program, **values)
    except IntegrityError as error:  # the same name added by someone else a moment ago
        raise _area_name_error(values["name"]) from error
    audit.record(actor=actor, action="treatment_area.added", target=area, data=_snapshot(values))
    if area.min_sessions_performed:
        refresh_hands_on_met_in_program(program, raised=True)
    return area


@transaction.atomic
def update_treatment_area(*, area: TreatmentArea, values: dict, actor) -> TreatmentArea:
    _require_admin(actor)
    area = TreatmentArea.objects.select_for_update().get(pk=area.pk)
    values = _only(values, AREA_FIELDS)
    if "name" in values and _name_taken(area.program_id, values["name"], exclude_pk=area.pk):
        raise _area_name_error(values["name"])
    changed = _apply(area, values)
    if not changed:
        return area
    try:
        with transaction.atomic():
            area.save(update_fields=list(changed))
    except IntegrityError as error:
        raise _area_name_error(area.name) from error
    audit.record(
        actor=actor, action="treatment_area.changed", target=area, data={"changed": changed}
    )
    if "min_sessions_performed" in changed:
        old, new = changed["min_sessions_performed"]
        refresh_hands_on_met_in_program(area.program, raised=new > old)
    return area


@transaction.atomic
def delete_treatment_area(*, area: TreatmentArea, actor) -> None:
    """Only an area no logged session names: a session's record of where it injected stays."""
    _require_admin(actor)
    area = TreatmentArea.objects.select_for_update().get(pk=area.pk)
    used = SessionArea.objects.filter(area=area).count()
    if used:
        raise DomainError(
            f"“{area}” cannot be deleted: {used} logged session(s) record it. "
            "Set its minimum to 0 instead if it is no longer required."
        )
    audit.record(
        actor=actor,
        action="treatment_area.deleted",
        target=area,
        data=_snapshot({name: getattr(area, name) for name in AREA_FIELDS}),
    )
    area.delete()
    if area.min_sessions_performed:
        refresh_hands_on_met_in_program(area.program, raised=False)


# --- hands-on requirements ---------------------------------------------------------------------

# Bounds a sane program stays within; the form shows the same ones.
REQUIREMENT_BOUNDS = {
    "min_verified_sessions": (1, 500),
    "min_total_hours": (Decimal("0.5"), Decimal("1000")),
    "min_skin_types": (0, len(HandsOnSession.SkinType.choices)),
    "min_treatment_goals": (0, len(HandsOnSession.Goal.choices)),
    "verification_window_days": (1, 365),
}


@transaction.atomic
def change_hands_on_requirements(
    *, program: TrainingProgram, values: dict, actor
) -> HandsOnRequirements:
    """The program's minimums for the hands-on log; they apply to every running trainee."""
    _require_admin(actor)
    values = _only(values, REQUIREMENT_FIELDS)
    for name, value in values.items():
        low, high = REQUIREMENT_BOUNDS[name]
        if not low <= value <= high:
            label = HandsOnRequirements._meta.get_field(name).verbose_name
            raise DomainError(f"The {label} must be between {low} and {high}.")
    TrainingProgram.objects.select_for_update().get(pk=program.pk)
    requirements, created = HandsOnRequirements.objects.get_or_create(program=program)
    before = {name: getattr(requirements, name) for name in values}
    changed = _apply(requirements, values)
    if not changed and not created:
        return requirements
    if changed:
        requirements.save(update_fields=list(changed))
    audit.record(
        actor=actor,
        action="hands_on_requirements.changed",
        target=program,
        data={"changed": changed},
    )
    # Which way the minimums moved (the audit's values are shown as text; compare the real ones).
    moved = {values[name] > before[name] for name in changed if name != "verification_window_days"}
    if moved:
        refresh_hands_on_met_in_program(program, raised=moved.pop() if len(moved) == 1 else None)
    return requirements


# --- cohorts -----------------------------------------------------------------------------------


def _check_cohort_dates(cohort: Cohort) -> None:
    if cohort.ends_on < cohort.starts_on:
        raise DomainError("The cohort cannot end before it starts.")
    if cohort.capacity < 1:
        raise DomainError("A cohort needs at least one seat.")


def _check_instructors(cohort: Cohort, instructors) -> None:
    """Never a staff role over one's own application: no trainee teaches their own cohort."""
    if any(not has_role(person, Role.INSTRUCTOR) for person in instructors):
        raise DomainError("Only people who hold the instructor role can teach a cohort.")
    if cohort.pk is None:
        return
    trainees = cohort.enrollments.filter(
        status__in=Enrollment.ACTIVE, applicant__in=list(instructors)
    ).select_related("applicant")
    names = sorted(e.applicant.full_legal_name or e.applicant.email for e in trainees)
    if names:
        raise DomainError(
            f"{', '.join(names)} cannot teach this cohort: they are enrolled in it as a trainee."
        )


def _waitlisted_ids(cohort: Cohort) -> set[int]:
    waiting = cohort.enrollments.filter(status=Enrollment.Status.WAITLISTED)
    return set(waiting.values_list("pk", flat=True))


def _instructor_ids(instructors) -> list[int]:
    return sorted(person.pk for person in instructors)


@transaction.atomic
def create_cohort(*, program: TrainingProgram, values: dict, instructors, actor) -> Cohort:
    _require_admin(actor)
    values = _only(values, COHORT_FIELDS)
    instructors = list(instructors)
    cohort = Cohort(program=program, **values)
    _check_cohort_dates(cohort)
    _check_instructors(cohort, instructors)
    cohort.save()
    cohort.instructors.set(instructors)
    audit.record(
        actor=actor,
        action="cohort.created",
        target=cohort,
        data={**_snapshot(values), "instructors": _instructor_ids(instructors)},
    )
    return cohort


@transaction.atomic
def update_cohort(*, cohort: Cohort, values: dict, instructors, actor) -> Cohort:
    """Edit a cohort under its lock. Capacity never drops below the trainees already seated;
    a raised capacity gives the new seats to the waitlist in the order people applied."""
    _require_admin(actor)
    values = _only(values, COHORT_FIELDS)
    instructors = list(instructors)
    # The same lock apply/approve/withdraw take, so nobody takes a seat while we count them.
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
    old_capacity = cohort.capacity
    changed = _apply(cohort, values)
    _check_cohort_dates(cohort)
    enrolled = cohort.enrollments.filter(status=Enrollment.Status.ENROLLED).count()
    if cohort.capacity < enrolled:
        raise DomainError(
            f"The capacity cannot be {cohort.capacity}: {enrolled} trainees are enrolled. "
            "Withdraw trainees first, or keep at least that many seats."
        )
    _check_instructors(cohort, instructors)
    old_instructors = list(cohort.instructors.values_list("pk", flat=True).order_by("pk"))
    new_instructors = _instructor_ids(instructors)
    if new_instructors != old_instructors:
        changed["instructors"] = [old_instructors, new_instructors]
    if not changed:
        return cohort
    fields = [name for name in changed if name != "instructors"]
    if fields:
        cohort.save(update_fields=fields)
    if "instructors" in changed:
        cohort.instructors.set(instructors)
    promoted = []
    if cohort.capacity > old_capacity:
        waiting = _waitlisted_ids(cohort)
        promote_from_waitlist(cohort=cohort)
        promoted = sorted(waiting - _waitlisted_ids(cohort))
    audit.record(
        actor=actor,
        action="cohort.changed",
        target=cohort,
        data={"changed": changed, "promoted_enrollments": promoted},
    )
    return cohort
