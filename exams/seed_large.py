"""The exams part of `manage.py seed_large`: each program's written exam editions and practical
rubric, the written attempts, the practical sittings with their examiners' forms.

Built on `programs.seed_large` (programs and trainees); the rows the services would have written,
by COPY (see `accounts.seed_large`).
"""

from datetime import timedelta
from decimal import Decimal

from accounts.roles import Role
from accounts.seed_large import next_id
from programs.models import Enrollment

from .models import (
    Attempt,
    CriterionScore,
    ExaminerAssignment,
    PracticalSitting,
    Rubric,
    RubricCriterion,
    RubricVersion,
    WrittenExam,
)
from .models.practical import RubricSection

WRITTEN_EDITIONS = 3  # two retired editions and the active one, per program
CRITERIA_PER_SECTION = 2


def tables() -> list:
    return [Attempt, PracticalSitting, ExaminerAssignment, CriterionScore]


def seed_exam_setup(seed) -> str:
    """Per program: the written exam's editions and the practical rubric with its criteria."""
    for p, spec in enumerate(seed.programs):
        program = spec["program"]
        spec["exams"] = [
            WrittenExam.objects.create(
                program=program,
                title=f"Written exam {2024 + e}",
                is_active=e == WRITTEN_EDITIONS - 1,
                created_at=seed.now - timedelta(days=365 * (WRITTEN_EDITIONS - 1 - e)),
            )
            for e in range(WRITTEN_EDITIONS)
        ]
        rubric = Rubric.objects.create(program=program, name=f"Practical rubric {p + 1}")
        spec["version"] = version = RubricVersion.objects.create(rubric=rubric, number=1)
        criteria = RubricCriterion.objects.bulk_create(
            RubricCriterion(
                version=version,
                section=section,
                position=c,
                text=f"{RubricSection(section).label}: criterion {c + 1}",
                anchors=["poor", "weak", "adequate", "good", "excellent"],
                is_critical=c == 0 and s < 2,
                critical_pass_level=2 if c == 0 and s < 2 else None,
            )
            for s, section in enumerate(RubricSection.values)
            for c in range(CRITERIA_PER_SECTION)
        )
        spec["criteria"] = [c.pk for c in criteria]
    return f"{len(seed.programs) * WRITTEN_EDITIONS} written exams, {len(seed.programs)} rubrics"


def seed_written(seed) -> str:
    attempts = seed.copier(
        Attempt,
        ["exam", "candidate", "number", "status", "started_at", "deadline", "submitted_at"]
        + ["submission", "score_points", "max_points", "score_percent", "passed"]
        + ["topic_scores"],
    )
    target = seed.sizes["attempts"]

    def attempt(exam, user, number, passed, day):
        started = seed.moment(day)
        points = seed.rng.randint(28, 40) if passed else seed.rng.randint(12, 27)
        attempts.add(
            exam.pk,
            user,
            number,
            Attempt.Status.SUBMITTED,
            started,
            started + timedelta(minutes=exam.time_limit_minutes),
            started + timedelta(minutes=seed.rng.randint(25, 58)),
            Attempt.Submission.CANDIDATE,
            points,
            40,
            points * 100 // 40,
            passed,
            {"Pharmacology": {"correct": points // 4, "total": 10}},
        )

    # The active edition: candidates who finished theory sit it; most pass within 3 tries.
    for e in seed.counting:
        e["written_passed"] = False
        if not e["theory_done"] or attempts.count + attempts.pending >= target:
            continue
        exam = e["cohort"]["spec"]["exams"][-1]
        tries = 1 if e["status"] == Enrollment.Status.COMPLETED else seed.rng.randint(0, 3)
        for number in range(1, tries + 1):
            passed = e["status"] == Enrollment.Status.COMPLETED or (
                number == tries and seed.rng.random() < 0.7
            )
            attempt(exam, e["user"], number, passed, seed.days_ago(1, 90))
            e["written_passed"] = passed
    # The rest of the volume: attempts at the retired editions of the program's exam
    # (earlier sittings of the same candidates), up to the exam's 3 attempts each.
    for edition in range(WRITTEN_EDITIONS - 1):
        for e in seed.counting:
            if attempts.count + attempts.pending >= target:
                break
            exam = e["cohort"]["spec"]["exams"][edition]
            for number in range(1, 4):
                passed = number == 3 and seed.rng.random() < 0.5
                attempt(exam, e["user"], number, passed, seed.days_ago(200, 700))
    attempts.flush()
    note = "" if attempts.count >= target else " (capped: 3 per candidate and edition)"
    return f"{attempts.count:,} written attempts, no attempt items{note}"


def seed_practical(seed) -> str:
    sittings = seed.copier(
        PracticalSitting,
        ["id", "candidate", "program", "rubric_version", "starts_at", "duration_minutes"]
        + ["ends_at", "place", "status", "weighted_score", "cut_score", "critical_failed"]
        + ["flag_reason", "result_at", "scheduled_by", "created_at", "decision_reason"],
    )
    assignments = seed.copier(
        ExaminerAssignment,
        ["id", "sitting", "examiner", "status", "global_rating", "overall_comment"]
        + ["weighted_score", "verdict_passed", "assigned_at", "assigned_by", "updated_at"]
        + ["submitted_at"],
        [sittings],
    )
    scores = seed.copier(
        CriterionScore, ["assignment", "criterion", "score", "comment"], [assignments]
    )
    examiners = seed.people[Role.EXAMINER]
    admins = seed.people[Role.PROGRAM_ADMIN]
    PS = PracticalSitting.Status
    sitting_pk = next_id(PracticalSitting)
    assignment_pk = next_id(ExaminerAssignment)
    for e in seed.counting:
        if not (e["written_passed"] and e["verified"] >= 12):
            continue
        spec = e["cohort"]["spec"]
        if e["status"] == Enrollment.Status.COMPLETED:
            status = PS.PASSED
        else:
            status = seed.rng.choices([PS.SCHEDULED, PS.FAILED, PS.PASSED], [70, 10, 20])[0]
        final = status != PS.SCHEDULED
        starts = seed.moment(
            seed.days_ago(5, 200) if final else seed.today + timedelta(seed.rng.randint(1, 40))
        )
        score = Decimal(seed.rng.randint(62, 95) if status == PS.PASSED else 48)
        sittings.add(
            sitting_pk,
            e["user"],
            spec["program"].pk,
            spec["version"].pk,
            starts,
            60,
            starts + timedelta(minutes=60),
            f"{e['cohort']['spec']['program'].provider}, room {seed.rng.randint(1, 9)}",
            status,
            score if final else None,
            Decimal(60) if final else None,
            [],
            "",
            starts + timedelta(days=1) if final else None,
            seed.rng.choice(admins),
            starts - timedelta(days=20),
            "",
        )
        for examiner in seed.rng.sample(examiners, 2):
            rating = "clear_pass" if status == PS.PASSED else "clear_fail"
            assignments.add(
                assignment_pk,
                sitting_pk,
                examiner,
                "submitted" if final else "draft",
                rating if final else "",
                "Safe and methodical." if final else "",
                score if final else None,
                (status == PS.PASSED) if final else None,
                starts - timedelta(days=20),
                seed.rng.choice(admins),
                starts if final else None,
                starts + timedelta(hours=2) if final else None,
            )
            if final:
                for criterion in spec["criteria"]:
                    level = seed.rng.randint(2, 4) if status == PS.PASSED else 1
                    scores.add(assignment_pk, criterion, level, "" if level > 1 else "Weak")
            assignment_pk += 1
        sitting_pk += 1
    for copier in (sittings, assignments, scores):
        copier.flush()
    return (
        f"{sittings.count:,} practical sittings, {assignments.count:,} examiner forms, "
        f"{scores.count:,} criterion scores"
    )
