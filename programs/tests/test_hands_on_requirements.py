"""Verified sessions count against the program's minimums; the trainee sees progress and
coverage, and exports the case log."""

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from programs.models import HandsOnSession
from programs.selectors import hands_on_status_of
from programs.tests.factories import (
    HandsOnSessionFactory,
    program_with_hands_on,
    trainee_in,
    trainee_with_hands_on_complete,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment():
    return trainee_in(program_with_hands_on())


def areas(enrollment):
    glabella, forehead = enrollment.program.treatment_areas.order_by("position")
    return glabella, forehead


def minimum(status, label):
    return next(m for m in status.minimums if m.label.startswith(label))


def test_only_verified_sessions_count(enrollment):
    glabella, _ = areas(enrollment)
    HandsOnSessionFactory(enrollment=enrollment, areas={glabella: 20})
    HandsOnSessionFactory(enrollment=enrollment, verified=True, areas={glabella: 20})
    status = hands_on_status_of(enrollment)
    assert minimum(status, "Verified sessions").done == 1
    assert minimum(status, "Hours").done == 1.0


def test_areas_skin_types_and_goals_count_only_sessions_the_trainee_performed(enrollment):
    glabella, _ = areas(enrollment)
    for role, skin in [("observed", 5), ("performed", 2)]:
        HandsOnSessionFactory(
            enrollment=enrollment,
            verified=True,
            trainee_role=role,
            skin_type=skin,
            areas={glabella: 20},
        )
    status = hands_on_status_of(enrollment)
    assert minimum(status, "Different Fitzpatrick").done == 1
    assert minimum(status, "Glabellar lines performed").done == 1
    assert minimum(status, "Verified sessions").done == 2


def test_every_minimum_must_hold(enrollment):
    glabella, forehead = areas(enrollment)
    # 3 sessions, 3 hours, 2 skin types, 2 goals, but glabellar lines performed only once
    HandsOnSessionFactory(enrollment=enrollment, verified=True, skin_type=1, areas={glabella: 20})
    HandsOnSessionFactory(
        enrollment=enrollment, verified=True, skin_type=4, goal="prevention", areas={forehead: 10}
    )
    HandsOnSessionFactory(enrollment=enrollment, verified=True, areas={forehead: 10})
    status = hands_on_status_of(enrollment)
    assert not status.minimums_met
    assert status.missing == ["glabellar lines performed: 1 of 2"]
    HandsOnSessionFactory(enrollment=enrollment, verified=True, areas={glabella: 20})
    assert hands_on_status_of(enrollment).minimums_met


@pytest.mark.parametrize(
    ("requirement", "label"),
    [
        ("min_verified_sessions", "verified sessions"),
        ("min_total_hours", "hours of supervised practice"),
        ("min_skin_types", "different fitzpatrick skin types treated"),
        ("min_treatment_goals", "different treatment goals"),
    ],
)
def test_raising_a_minimum_makes_it_missing(requirement, label):
    enrollment = trainee_with_hands_on_complete()
    assert hands_on_status_of(enrollment).minimums_met
    requirements = enrollment.program.hands_on_requirements
    setattr(requirements, requirement, 50)
    requirements.save()
    enrollment.program.refresh_from_db()
    status = hands_on_status_of(enrollment)
    assert not status.minimums_met
    assert [m for m in status.missing if m.startswith(label)]


def test_the_coverage_grid_shows_area_by_skin_type(enrollment):
    glabella, forehead = areas(enrollment)
    HandsOnSessionFactory(
        enrollment=enrollment, verified=True, skin_type=6, areas={glabella: 20, forehead: 8}
    )
    coverage = {row.area.name: row.counts for row in hands_on_status_of(enrollment).coverage}
    assert coverage == {"Glabellar lines": [0, 0, 0, 0, 0, 1], "Forehead lines": [0, 0, 0, 0, 0, 1]}


def test_the_trainees_page_shows_progress_and_coverage(client, enrollment):
    glabella, _ = areas(enrollment)
    HandsOnSessionFactory(enrollment=enrollment, verified=True, areas={glabella: 20})
    client.force_login(enrollment.applicant)
    page = client.get(reverse("programs:training")).content.decode()
    assert 'data-minimum="Verified sessions"' in page
    assert 'data-testid="coverage"' in page
    assert "1 of 3" in page


def test_the_trainees_page_keeps_a_constant_number_of_queries(
    client, enrollment, django_assert_max_num_queries
):
    glabella, forehead = areas(enrollment)
    client.force_login(enrollment.applicant)
    HandsOnSessionFactory(enrollment=enrollment, verified=True, areas={glabella: 20})
    with django_assert_max_num_queries(22) as first:
        client.get(reverse("programs:training"))
    HandsOnSessionFactory.create_batch(
        20, enrollment=enrollment, verified=True, areas={glabella: 20, forehead: 10}
    )
    # Rows of every kind (waiting, sent back, by another supervisor): none reads more.
    other_supervisor = UserFactory(roles=[Role.INSTRUCTOR])
    enrollment.cohort.instructors.add(other_supervisor)
    HandsOnSessionFactory.create_batch(3, enrollment=enrollment, areas={forehead: 5})
    HandsOnSessionFactory.create_batch(
        2, enrollment=enrollment, status=HandsOnSession.Status.RETURNED, supervisor=other_supervisor
    )
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("programs:training"))
    assert response.content.decode().count("data-session=") == 26


def test_the_case_log_exports_as_csv_without_formulas(client, enrollment):
    glabella, _ = areas(enrollment)
    HandsOnSessionFactory(
        enrollment=enrollment, areas={glabella: 20}, reflection='=HYPERLINK("http://x")'
    )
    client.force_login(enrollment.applicant)
    response = client.get(reverse("programs:export_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "date"
    assert rows[1][7] == "Glabellar lines (20)"
    assert rows[1][-1].startswith("'=")


def test_the_case_log_exports_as_a_pdf_summary(client, enrollment):
    glabella, _ = areas(enrollment)
    HandsOnSessionFactory(enrollment=enrollment, verified=True, areas={glabella: 20})
    client.force_login(enrollment.applicant)
    response = client.get(reverse("programs:export_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert enrollment.applicant.full_legal_name in text
    assert "Glabellar lines" in text


def test_another_applicant_exports_only_their_own_log(client, enrollment, stranger):
    HandsOnSessionFactory(enrollment=enrollment)
    client.force_login(stranger)
    response = client.get(reverse("programs:export_csv"))
    assert len(response.content.decode().strip().splitlines()) == 1
