"""The programs part of `manage.py seed_large`: programs with their modules, treatment areas
and minimums; cohorts; enrollments with their module records; the hands-on log.

Built on `accounts.seed_large` (its people and qualified applicants); the rows the services
would have written, by COPY (see there).
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from accounts.roles import Role
from accounts.seed_large import CITIES, next_id

from .models import (
    Cohort,
    Enrollment,
    HandsOnRequirements,
    HandsOnSession,
    ModuleCompletion,
    SessionArea,
    TheoryModule,
    TrainingProgram,
    TreatmentArea,
)
from .services import refresh_hands_on_met_in_program

PROGRAMS = 12
MODULES_PER_PROGRAM = 6
AREAS = ["Glabellar lines", "Forehead lines", "Crow's feet", "Bunny lines", "Masseter", "Neck"]


def tables() -> list:
    return [
        Cohort,
        Cohort.instructors.through,
        Enrollment,
        ModuleCompletion,
        HandsOnSession,
        SessionArea,
    ]


def seed_programs(seed) -> str:
    instructors = seed.people[Role.INSTRUCTOR]
    seed.programs = []
    for p in range(PROGRAMS):
        program = TrainingProgram.objects.create(
            name=f"Botulinum toxin certificate {seed.tag}-{p + 1}",
            provider=f"Academy {p + 1}",
            accreditation_body="National Board of Aesthetic Medicine",
            accreditation_number=f"NBAM-{seed.tag}-{p:03d}",
            accredited_from=seed.today - timedelta(days=900),
            accredited_until=seed.today + timedelta(days=900),
            approves_enrollment_automatically=p % 3 == 0,
        )
        HandsOnRequirements.objects.create(program=program, min_verified_sessions=10)
        modules = TheoryModule.objects.bulk_create(
            TheoryModule(program=program, title=f"Module {m + 1}", topic=topic, position=m)
            for m, topic in enumerate(TheoryModule.Topic.values[:MODULES_PER_PROGRAM])
        )
        areas = TreatmentArea.objects.bulk_create(
            TreatmentArea(program=program, name=name, position=a, min_sessions_performed=2)
            for a, name in enumerate(AREAS[:4])
        )
        seed.programs.append(
            {
                "program": program,
                "modules": [m.pk for m in modules],
                "areas": [a.pk for a in areas],
                "cohorts": [],
            }
        )
    # Cohorts of about 40 seats, two instructors each, spread over the past two years.
    cohort_count = max(PROGRAMS, seed.sizes["applicants"] // 40)
    seed.cohorts = []
    through = seed.copier(Cohort.instructors.through, ["cohort_id", "user_id"])
    cohort_rows = []
    for c in range(cohort_count):
        spec = seed.programs[c % PROGRAMS]
        starts = seed.days_ago(0, 720)
        cohort_rows.append(
            Cohort(
                program=spec["program"],
                name=f"Cohort {c + 1}",
                starts_on=starts,
                ends_on=starts + timedelta(days=120),
                location=seed.rng.choice(CITIES),
                capacity=45,
            )
        )
    for c, cohort in enumerate(Cohort.objects.bulk_create(cohort_rows, batch_size=5000)):
        spec = seed.programs[c % PROGRAMS]
        teachers = seed.rng.sample(instructors, min(2, len(instructors)))
        for teacher in teachers:
            through.add(cohort.pk, teacher)
        entry = {
            "pk": cohort.pk,
            "spec": spec,
            "teachers": teachers,
            "starts": cohort.starts_on,
        }
        spec["cohorts"].append(entry)
        seed.cohorts.append(entry)
    through.flush()
    return f"{PROGRAMS} programs, {len(seed.cohorts):,} cohorts"


def seed_enrollments(seed) -> str:
    enrollments = seed.copier(
        Enrollment,
        ["id", "applicant", "cohort", "program", "status", "applied_at", "decided_at"],
    )
    completions = seed.copier(
        ModuleCompletion,
        ["enrollment", "module", "attended", "passed_assessment", "completed_on"]
        + ["note", "recorded_by", "recorded_at"],
        [enrollments],
    )
    S = Enrollment.Status
    seed.counting = []  # enrolled or completed: they log sessions and sit exams
    pk = next_id(Enrollment)
    for user in seed.qualified:
        if seed.rng.random() > 0.88:
            continue  # qualified, not enrolled yet
        cohort = seed.rng.choice(seed.cohorts)
        started_days = (seed.today - cohort["starts"]).days
        if started_days > 150:
            status = seed.rng.choices([S.COMPLETED, S.ENROLLED, S.WITHDRAWN], [70, 22, 8])[0]
        else:
            status = seed.rng.choices(
                [S.ENROLLED, S.APPLIED, S.WAITLISTED, S.WITHDRAWN], [85, 8, 4, 3]
            )[0]
        applied = seed.moment(cohort["starts"] - timedelta(days=seed.rng.randint(10, 60)))
        decided = None if status in (S.APPLIED, S.WAITLISTED) else applied + timedelta(days=3)
        program = cohort["spec"]["program"].pk
        enrollments.add(pk, user, cohort["pk"], program, status, applied, decided)
        if status in (S.ENROLLED, S.COMPLETED):
            modules = cohort["spec"]["modules"]
            if status == S.COMPLETED or seed.rng.random() < 0.6:
                done = len(modules)
            else:
                done = seed.rng.randint(0, len(modules) - 1)
            first_day = min(cohort["starts"], seed.today)
            for m, module in enumerate(modules[: done + 1]):
                complete = m < done
                day = min(first_day + timedelta(days=7 * (m + 1)), seed.today)
                completions.add(
                    pk,
                    module,
                    True,
                    complete,
                    day,
                    "" if complete else "Quiz to retake",
                    seed.rng.choice(cohort["teachers"]),
                    seed.moment(day),
                )
            seed.counting.append(
                {
                    "pk": pk,
                    "user": user,
                    "cohort": cohort,
                    "status": status,
                    "theory_done": done == len(modules),
                }
            )
        pk += 1
    enrollments.flush()
    completions.flush()
    return f"{enrollments.count:,} enrollments, {completions.count:,} module completions"


def seed_hands_on(seed) -> str:
    sessions = seed.copier(
        HandsOnSession,
        ["id", "enrollment", "supervisor", "performed_on", "duration_minutes"]
        + ["model_age_band", "model_sex", "skin_type", "product", "lot_number", "goal"]
        + ["trainee_role", "outcome", "complications", "complication_notes", "reflection"]
        + ["status", "submitted_at", "return_reason", "verified_at", "technique_rating"]
        + ["communication_rating", "judgement_rating", "feedback"],
    )
    areas = seed.copier(SessionArea, ["session", "area", "units"], [sessions])
    S = HandsOnSession.Status
    # How many sessions each trainee logged, then scaled so the total meets the target.
    weights = []
    for e in seed.counting:
        if e["status"] == Enrollment.Status.COMPLETED:
            weights.append(seed.rng.randint(16, 26))
        elif e["theory_done"]:
            weights.append(seed.rng.randint(4, 30))
        else:
            weights.append(seed.rng.randint(0, 12))
    factor = seed.sizes["sessions"] / max(1, sum(weights))
    pk = next_id(HandsOnSession)
    age_bands = HandsOnSession.AgeBand.values
    goals = HandsOnSession.Goal.values
    roles = HandsOnSession.Role.values
    waiting = 0
    for e, weight in zip(seed.counting, weights, strict=True):
        count = round(weight * factor)
        e["verified"] = 0
        start = min(e["cohort"]["starts"], seed.today - timedelta(days=1))
        span = max(1, min(120, (seed.today - start).days))
        teachers = e["cohort"]["teachers"]
        area_ids = e["cohort"]["spec"]["areas"]
        for i in range(count):
            performed = start + timedelta(days=span * i // max(1, count))
            # The latest sessions of a trainee still in training wait for their instructor.
            if e["status"] == Enrollment.Status.COMPLETED or i < count * 0.85:
                status = S.VERIFIED if seed.rng.random() > 0.01 else S.RETURNED
            else:
                status = S.SUBMITTED if seed.rng.random() > 0.15 else S.RETURNED
            verified = status == S.VERIFIED
            e["verified"] += verified
            waiting += status == S.SUBMITTED
            submitted = seed.moment(performed)
            sessions.add(
                pk,
                e["pk"],
                seed.rng.choice(teachers),
                performed,
                seed.rng.choice([45, 60, 60, 75, 90]),
                seed.rng.choice(age_bands),
                seed.rng.choices(["female", "male", "other"], [70, 28, 2])[0],
                seed.rng.randint(1, 6),
                "OnabotulinumtoxinA",
                f"LOT{seed.rng.randint(10000, 99999)}",
                seed.rng.choice(goals),
                roles[min(2, i // 3)],
                "Good immediate result, no blanching.",
                ["bruising"] if seed.rng.random() < 0.1 else [],
                "",
                "Reconstituted and dosed per protocol; reviewed landmarks before injecting.",
                status,
                submitted,
                "Add the dilution you used." if status == S.RETURNED else "",
                submitted + timedelta(days=2) if verified else None,
                seed.rng.randint(2, 5) if verified else None,
                seed.rng.randint(2, 5) if verified else None,
                seed.rng.randint(2, 5) if verified else None,
                "Steady technique." if verified else "",
            )
            for area in seed.rng.sample(area_ids, seed.rng.randint(1, 3)):
                areas.add(pk, area, Decimal(seed.rng.randint(4, 40)) / 2)
            pk += 1
    sessions.flush()
    areas.flush()
    return (
        f"{sessions.count:,} sessions ({waiting:,} waiting for verification), "
        f"{areas.count:,} session areas"
    )


def seed_hands_on_met(seed) -> str:
    """`Enrollment.hands_on_met_at` (the ready queue's read model), which the services would have
    stored as they verified the sessions copied above: by the same rule, program by program."""
    for spec in seed.programs:
        with transaction.atomic():
            refresh_hands_on_met_in_program(spec["program"])
    met = Enrollment.objects.filter(hands_on_met_at__isnull=False).count()
    return f"{met:,} running enrollments with their hands-on minimums met"
