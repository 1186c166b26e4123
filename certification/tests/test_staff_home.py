"""The staff home (/staff/) lists what waits for the signed-in person, for every role they hold."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.models import ReviewStatus
from accounts.roles import Role
from accounts.tests.factories import (
    PASSWORD,
    MedicalLicenseFactory,
    SupportingCredentialFactory,
    UserFactory,
)
from certification.menus import tiles_for
from certification.tests.certificates import pending_certificate
from exams.models import ExaminerAssignment, PracticalSitting
from exams.tests.practical.factories import rubric, sitting
from programs.models import Enrollment
from programs.tests.factories import CohortFactory, EnrollmentFactory, HandsOnSessionFactory

STAFF_HOME = reverse("certification:staff_home")


@pytest.fixture(autouse=True)
def _documents(private_storage):
    return private_storage


def tiles(html: str) -> dict[str, str]:
    """The HTML of each tile, by its key."""
    parts = re.split(r'<section class="card h-100" data-tile="', html)[1:]
    return {part.split('"', 1)[0]: part.split("</section>", 1)[0] for part in parts}


def count_in(tile_html: str) -> int:
    return int(re.search(r'data-count="(\d+)"', tile_html).group(1))


# The ready-for-the-practical tile reads the candidates' hands-on status in one batch.
READY_QUEUE_QUERIES = 6


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


@pytest.mark.parametrize(
    "roles",
    [
        [Role.PROGRAM_ADMIN],
        [Role.INSTRUCTOR],
        [Role.EXAMINER],
        [Role.PROGRAM_ADMIN, Role.INSTRUCTOR, Role.EXAMINER],
    ],
)
def test_it_lands_every_staff_role_on_the_staff_home_after_sign_in(client, db, roles):
    person = UserFactory(email="staff@example.test", roles=roles)

    response = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == STAFF_HOME
    assert response.status_code == 200


def test_it_refuses_applicants_and_sends_strangers_to_sign_in(client, applicant):
    assert client.get(STAFF_HOME).url.startswith(reverse("account_login"))
    client.force_login(applicant)
    assert client.get(STAFF_HOME).status_code == 403


def test_it_counts_the_admins_queues_with_the_oldest_items_age(client, admin_user):
    MedicalLicenseFactory(submitted_at=days_ago(3))
    MedicalLicenseFactory(submitted_at=days_ago(1), status=ReviewStatus.UNDER_REVIEW)
    MedicalLicenseFactory(verified=True, submitted_at=days_ago(30))  # decided: not waiting
    SupportingCredentialFactory(submitted_at=days_ago(5))
    EnrollmentFactory(status=Enrollment.Status.APPLIED, applied_at=days_ago(2))
    EnrollmentFactory(status=Enrollment.Status.ENROLLED)
    sitting(status=PracticalSitting.Status.FLAGGED, result_at=days_ago(4))
    sitting()  # scheduled: not flagged
    failed = pending_certificate()
    failed.last_error = "RuntimeError('render failed')"
    failed.save(update_fields=["last_error"])
    pending_certificate()
    client.force_login(admin_user)

    found = tiles(client.get(STAFF_HOME).content.decode())

    assert count_in(found["reviews"]) == 3
    assert "Oldest waiting for 5\xa0days" in found["reviews"]
    assert f'href="{reverse("accounts:review_queue")}"' in found["reviews"]
    assert count_in(found["enrollments"]) == 1
    assert "Oldest waiting for 2\xa0days" in found["enrollments"]
    assert f'href="{reverse("programs:applications")}"' in found["enrollments"]
    assert count_in(found["flagged_sittings"]) == 1
    assert f'href="{reverse("exams:sittings")}?status=flagged"' in found["flagged_sittings"]
    assert count_in(found["certificates_pending"]) == 2
    assert "1 failed to render" in found["certificates_pending"]
    assert "sessions" not in found and "score_forms" not in found


def test_it_lists_the_admins_own_last_ten_decisions_newest_first(client, admin_user):
    other_admin = UserFactory(roles=[Role.PROGRAM_ADMIN])
    target = UserFactory(full_legal_name="Target Person")
    for n in range(12):
        entry = audit.record(actor=admin_user, action=f"license.decision_{n}", target=target)
        entry.at = days_ago(12 - n)
        entry.save(update_fields=["at"])
    audit.record(actor=other_admin, action="license.someone_else", target=target)
    client.force_login(admin_user)

    decisions = tiles(client.get(STAFF_HOME).content.decode())["decisions"]

    shown = re.findall(r"License decision (\d+)", decisions)
    assert shown == [str(n) for n in range(11, 1, -1)]
    assert "someone else" not in decisions


def test_it_shows_an_instructor_the_sessions_waiting_for_them_and_their_cohorts(client, instructor):
    cohort = CohortFactory(name="Spring cohort")
    cohort.instructors.add(instructor)
    enrollment = EnrollmentFactory(cohort=cohort)
    HandsOnSessionFactory(enrollment=enrollment, supervisor=instructor, submitted_at=days_ago(6))
    HandsOnSessionFactory(enrollment=enrollment, supervisor=instructor, verified=True)
    HandsOnSessionFactory(supervisor=UserFactory(roles=[Role.INSTRUCTOR]))  # someone else's
    CohortFactory(name="Not mine")
    client.force_login(instructor)

    found = tiles(client.get(STAFF_HOME).content.decode())

    assert count_in(found["sessions"]) == 1
    assert "Oldest waiting for 6\xa0days" in found["sessions"]
    assert "Spring cohort" in found["cohorts"] and "Not mine" not in found["cohorts"]
    assert reverse("programs:teaching_cohort", args=[cohort.pk]) in found["cohorts"]
    assert "reviews" not in found and "decisions" not in found


def test_it_shows_an_examiner_the_forms_to_submit_and_the_next_sittings(client, examiner):
    other = UserFactory(roles=[Role.EXAMINER])
    rubric_ = rubric()
    held = sitting(rubric_=rubric_, examiners=[examiner], starts_at=days_ago(2))
    coming = sitting(
        rubric_=rubric_, examiners=[examiner, other], place="Room 7", starts_at=days_ago(-1)
    )
    done = sitting(rubric_=rubric_, examiners=[examiner], starts_at=days_ago(9))
    ExaminerAssignment.objects.filter(sitting=done).update(
        status=ExaminerAssignment.Status.SUBMITTED, submitted_at=days_ago(9), global_rating="pass"
    )
    sitting(rubric_=rubric_, examiners=[other])  # someone else's
    client.force_login(examiner)

    found = tiles(client.get(STAFF_HOME).content.decode())

    assert count_in(found["score_forms"]) == 2  # held and coming, not the submitted one
    assert "Oldest waiting for 2\xa0days" in found["score_forms"]
    next_sittings = found["next_sittings"]
    assert "Room 7" in next_sittings
    assert reverse("exams:score_form", args=[coming.assignments.get(examiner=examiner).pk]) in (
        next_sittings
    )
    assert reverse("exams:score_form", args=[held.assignments.get().pk]) not in next_sittings


def test_it_shows_every_tile_of_a_person_holding_three_staff_roles(client, db):
    person = UserFactory(roles=[Role.PROGRAM_ADMIN, Role.INSTRUCTOR, Role.EXAMINER])
    client.force_login(person)

    found = tiles(client.get(STAFF_HOME).content.decode())

    assert list(found) == [tile.key for tile in tiles_for(frozenset(Role) - {Role.APPLICANT})]
    assert {"reviews", "sessions", "score_forms", "decisions"} <= set(found)


def _busy_desk(person, size: int) -> None:
    rubric_ = rubric()
    cohort = CohortFactory()
    cohort.instructors.add(person)
    for _ in range(size):
        MedicalLicenseFactory()
        EnrollmentFactory(status=Enrollment.Status.APPLIED)
        HandsOnSessionFactory(enrollment=EnrollmentFactory(cohort=cohort), supervisor=person)
        sitting(rubric_=rubric_, examiners=[person])
        sitting(rubric_=rubric_, status=PracticalSitting.Status.FLAGGED, result_at=days_ago(1))
        audit.record(actor=person, action="license.verified", target=person)


@pytest.mark.parametrize("size", [1, 6])
def test_it_keeps_a_constant_query_count_however_much_waits(
    client, db, django_assert_max_num_queries, size
):
    person = UserFactory(roles=[Role.PROGRAM_ADMIN, Role.INSTRUCTOR, Role.EXAMINER])
    _busy_desk(person, size)
    client.force_login(person)

    # session, user, roles (first request), then for reviews the queue's version token and
    # (nothing kept yet) four aggregates, and one per other tile
    with django_assert_max_num_queries(3 + 5 + 9 + READY_QUEUE_QUERIES):  # whatever the size
        response = client.get(STAFF_HOME)

    assert response.status_code == 200
