"""`Enrollment.hands_on_met_at`: every writer that can change whether the hands-on minimums
are met stores the answer in the same transaction (the ready queue reads only this field).

The program (factories.program_with_hands_on) asks 3 verified sessions, 2 hours, 2 skin types,
2 goals and 2 performed in the glabellar lines; each session here lasts 45 minutes."""

from decimal import Decimal

import pytest

from programs import services
from programs.models import Enrollment
from programs.tests.factories import program_with_hands_on, trainee_in
from programs.tests.test_hands_on_log import entry_for

pytestmark = pytest.mark.django_db
FEEDBACK = {"technique": 4, "communication": 4, "judgement": 4, "comment": "Steady hands."}
SKIN_AND_GOAL = [(3, "soften_dynamic"), (4, "prevention"), (5, "soften_dynamic")]


@pytest.fixture
def program():
    return program_with_hands_on()


def _log_and_verify(enrollment, **changes):
    session = services.log_session(
        enrollment=enrollment, actor=enrollment.applicant, entry=entry_for(enrollment, **changes)
    )
    supervisor = enrollment.cohort.instructors.first()
    return services.verify_session(session=session, actor=supervisor, **FEEDBACK)


def _met_at(enrollment):
    return Enrollment.objects.values_list("hands_on_met_at", flat=True).get(pk=enrollment.pk)


def _trainee_who_met_the_minimums(program, sessions: int = 3):
    enrollment = trainee_in(program)
    for number in range(sessions):
        skin_type, goal = SKIN_AND_GOAL[number % 3]
        last = _log_and_verify(enrollment, skin_type=skin_type, goal=goal)
    return enrollment, last


def test_the_verification_that_meets_the_minimums_dates_them(program):
    enrollment = trainee_in(program)
    for skin_type, goal in SKIN_AND_GOAL[:2]:
        _log_and_verify(enrollment, skin_type=skin_type, goal=goal)
        assert _met_at(enrollment) is None

    third = _log_and_verify(enrollment, skin_type=5, goal="soften_dynamic")

    assert _met_at(enrollment) == third.verified_at
    # A later verification keeps the date they were first met.
    _log_and_verify(enrollment, skin_type=6, goal="prevention")
    assert _met_at(enrollment) == third.verified_at


def test_raising_a_minimum_clears_it_for_those_below_only(program, admin_user):
    below, _ = _trainee_who_met_the_minimums(program, sessions=3)
    above, _ = _trainee_who_met_the_minimums(program, sessions=4)
    since = _met_at(above)

    services.change_hands_on_requirements(
        program=program, values={"min_verified_sessions": 4}, actor=admin_user
    )

    assert _met_at(below) is None
    assert _met_at(above) == since  # still met: the date stays
    # Lowering it again finds the first trainee met (from now: the moment it was found).
    services.change_hands_on_requirements(
        program=program, values={"min_verified_sessions": 3}, actor=admin_user
    )
    assert _met_at(below) is not None


def test_raising_an_areas_minimum_clears_it(program, admin_user):
    enrollment, _ = _trainee_who_met_the_minimums(program)
    forehead = program.treatment_areas.get(name="Forehead lines")

    services.update_treatment_area(
        area=forehead, values={"min_sessions_performed": 1}, actor=admin_user
    )

    assert _met_at(enrollment) is None


def test_a_verified_correction_that_undoes_a_minimum_clears_it(program):
    enrollment, last = _trainee_who_met_the_minimums(program)
    correction = services.correct_verified_session(
        session=last, actor=enrollment.applicant, entry=entry_for(enrollment, duration_minutes=5)
    )
    assert _met_at(enrollment) is not None  # the verified session counts until then

    services.verify_session(
        session=correction, actor=enrollment.cohort.instructors.first(), **FEEDBACK
    )

    # 45 + 45 + 5 minutes: 1.6 hours of the 2 asked.
    assert _met_at(enrollment) is None


def test_a_change_that_raises_one_minimum_and_lowers_another_rechecks_everyone(program, admin_user):
    met, _ = _trainee_who_met_the_minimums(program, sessions=3)
    short_of_hours = trainee_in(program)
    for number in range(4):
        skin_type, goal = SKIN_AND_GOAL[number % 3]
        _log_and_verify(short_of_hours, skin_type=skin_type, goal=goal, duration_minutes=20)
    assert _met_at(short_of_hours) is None  # 80 minutes: 1.3 of the 2 hours

    services.change_hands_on_requirements(
        program=program,
        values={"min_verified_sessions": 4, "min_total_hours": Decimal("1")},
        actor=admin_user,
    )

    assert _met_at(met) is None
    assert _met_at(short_of_hours) is not None
