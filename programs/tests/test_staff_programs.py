"""Program admins list, create and edit training programs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from programs.demo import MODULES
from programs.models import Enrollment, HandsOnRequirements, TrainingProgram
from programs.tests.factories import CohortFactory, EnrollmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db
LIST = reverse("programs:staff_programs")
NEW = reverse("programs:staff_program_new")


def today():
    return timezone.localdate()


def lapsed(**fields):
    return ProgramFactory(
        accredited_from=today() - timedelta(days=800),
        accredited_until=today() - timedelta(days=1),
        **fields,
    )


def program_data(**changes):
    data = {
        "name": "Advanced Neurotoxin Program",
        "provider": "Coastal Academy",
        "accreditation_body": "Council for Aesthetic Education",
        "accreditation_number": "CAE-9001",
        "accredited_from": today().isoformat(),
        "accredited_until": (today() + timedelta(days=365)).isoformat(),
        "description": "Theory and supervised practice.",
        "approves_enrollment_automatically": "on",
        # The resit policy, at its defaults.
        "practical_attempts_allowed": "3",
        "practical_wait_days": "0",
        "written_after_last_failure": "hands_on",
        "practical_after_last_failure": "hands_on",
        "resit_sessions_required": "2",
        # The renewal rules, at their defaults (no CE audit, as ProgramFactory).
        "renewal_ce_hours_required": "8.0",
        "renewal_ce_categories": ["neuromodulators", "fillers", "anatomy", "complications"],
        "renewal_min_practice_entries": "10",
        "renewal_opens_days_before": "90",
        "renewal_closes_days_after": "30",
        "renewal_audit_percent": "0",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def enroll(cohort, status=Enrollment.Status.ENROLLED):
    return EnrollmentFactory(applicant=UserFactory(), cohort=cohort, status=status)


# --- list ----------------------------------------------------------------------------------------


def test_it_lists_programs_with_accreditation_and_counts(client, admin_user):
    program = ProgramFactory(name="Current")
    cohort = CohortFactory(program=program)
    CohortFactory(program=program)
    enroll(cohort)
    enroll(cohort, Enrollment.Status.WAITLISTED)
    enroll(cohort, Enrollment.Status.WITHDRAWN)
    client.force_login(admin_user)

    response = client.get(LIST)

    row = response.context["programs"].get(pk=program.pk)
    assert (row.cohort_count, row.active_enrollments, row.flagged_enrollments) == (2, 2, 0)
    html = response.content.decode()
    assert "Accredited" in html and program.provider in html


def test_it_flags_the_active_enrollments_of_a_lapsed_program(client, admin_user):
    program = lapsed(name="Old")
    cohort = CohortFactory(program=program)
    enroll(cohort)
    enroll(cohort, Enrollment.Status.APPLIED)
    enroll(cohort, Enrollment.Status.COMPLETED)
    client.force_login(admin_user)

    response = client.get(LIST)

    row = response.context["programs"].get(pk=program.pk)
    assert (row.active_enrollments, row.flagged_enrollments) == (2, 2)
    assert "Accreditation lapsed" in response.content.decode()


def test_it_lists_a_program_not_yet_accredited_as_such(client, admin_user):
    ProgramFactory(
        accredited_from=today() + timedelta(days=10), accredited_until=today() + timedelta(days=400)
    )
    client.force_login(admin_user)

    assert "Accreditation not yet valid" in client.get(LIST).content.decode()


def _grow(programs: int, enrollments_each: int):
    for n in range(programs):
        program = lapsed() if n % 2 else ProgramFactory()
        cohort = CohortFactory(program=program)
        CohortFactory(program=program)
        for _ in range(enrollments_each):
            enroll(cohort)


def test_it_keeps_the_list_query_count_as_data_grows(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    _grow(2, 1)
    client.get(LIST)  # warm per-process caches

    with django_assert_max_num_queries(30) as small:
        client.get(LIST)
    _grow(8, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count("data-program=") == 10


# --- create --------------------------------------------------------------------------------------


def test_it_creates_a_program_with_the_six_standard_modules_and_default_minimums(
    client, admin_user
):
    client.force_login(admin_user)

    response = client.post(NEW, program_data())

    program = TrainingProgram.objects.get(accreditation_number="CAE-9001")
    assert response.status_code == 302
    assert response.url == reverse("programs:staff_program", args=[program.pk])
    assert program.approves_enrollment_automatically
    assert [(m.title, m.topic) for m in program.modules.order_by("position")] == MODULES
    requirements = HandsOnRequirements.objects.get(program=program)
    assert requirements.min_verified_sessions == 10
    entry = AuditEntry.objects.get(action="program.created")
    assert entry.actor == admin_user and entry.data["name"] == "Advanced Neurotoxin Program"


def test_it_refuses_an_accreditation_that_ends_before_it_starts(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        NEW, program_data(accredited_until=(today() - timedelta(days=1)).isoformat())
    )

    assert response.status_code == 200
    assert "The accreditation cannot end before it starts." in response.content.decode()
    assert not TrainingProgram.objects.exists()
    assert not AuditEntry.objects.filter(action="program.created").exists()


def test_it_shows_required_fields_and_saves_nothing(client, admin_user):
    client.force_login(admin_user)

    response = client.post(NEW, program_data(name="", accredited_from="not a date"))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "accredited_from"}
    assert not TrainingProgram.objects.exists()


# --- edit ----------------------------------------------------------------------------------------


def test_it_edits_a_program_and_audits_the_changed_fields(client, admin_user):
    program = ProgramFactory(approves_enrollment_automatically=True)
    client.force_login(admin_user)
    data = program_data(
        name=program.name,
        provider="New Provider",
        accreditation_number=program.accreditation_number,
        accredited_from=program.accredited_from.isoformat(),
        accredited_until=program.accredited_until.isoformat(),
        description="",
        approves_enrollment_automatically=None,
    )

    response = client.post(reverse("programs:staff_program_edit", args=[program.pk]), data)

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.provider == "New Provider"
    assert not program.approves_enrollment_automatically
    entry = AuditEntry.objects.get(action="program.changed")
    assert set(entry.data["changed"]) == {"provider", "approves_enrollment_automatically"}
    assert entry.data["changed"]["provider"] == ["Institute of Aesthetic Medicine", "New Provider"]


def test_an_edit_with_no_change_writes_no_audit_entry(client, admin_user):
    program = ProgramFactory(description="")
    client.force_login(admin_user)
    form = client.get(reverse("programs:staff_program_edit", args=[program.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if k in form.fields}
    data["approves_enrollment_automatically"] = "on"

    client.post(reverse("programs:staff_program_edit", args=[program.pk]), data)

    assert not AuditEntry.objects.filter(action="program.changed").exists()


def test_an_invalid_edit_saves_nothing(client, admin_user):
    program = ProgramFactory()
    before = program.accredited_until
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_program_edit", args=[program.pk]),
        program_data(
            provider="Changed",
            accredited_from=today().isoformat(),
            accredited_until=(today() - timedelta(days=3)).isoformat(),
        ),
    )

    assert "The accreditation cannot end before it starts." in response.content.decode()
    program.refresh_from_db()
    assert program.accredited_until == before and program.provider != "Changed"


# --- program page --------------------------------------------------------------------------------


def test_the_program_page_warns_that_a_lapsed_program_keeps_and_flags_its_enrollments(
    client, admin_user
):
    program = lapsed()
    cohort = CohortFactory(program=program)
    enroll(cohort)
    enroll(cohort, Enrollment.Status.WAITLISTED)
    enroll(cohort, Enrollment.Status.WITHDRAWN)
    client.force_login(admin_user)

    html = client.get(reverse("programs:staff_program", args=[program.pk])).content.decode()

    assert "takes no new enrollments; 2 running enrollments are kept and flagged" in html


def test_the_program_page_has_no_warning_while_accredited(client, admin_user):
    program = ProgramFactory()
    client.force_login(admin_user)

    html = client.get(reverse("programs:staff_program", args=[program.pk])).content.decode()

    assert "takes no new enrollments" not in html


def test_the_program_page_lists_cohorts_with_their_counts(client, admin_user):
    cohort = CohortFactory(capacity=3)
    enroll(cohort)
    enroll(cohort, Enrollment.Status.WAITLISTED)
    client.force_login(admin_user)

    response = client.get(reverse("programs:staff_program", args=[cohort.program.pk]))

    html = response.content.decode()
    assert reverse("programs:staff_cohort", args=[cohort.pk]) in html
    assert "1 / 3" in html


def test_the_program_page_keeps_its_query_count_as_cohorts_grow(
    client, admin_user, instructor, django_assert_max_num_queries
):
    program = ProgramFactory()
    client.force_login(admin_user)
    url = reverse("programs:staff_program", args=[program.pk])

    def grow(count):
        for _ in range(count):
            cohort = CohortFactory(program=program, capacity=5)
            cohort.instructors.add(instructor)
            enroll(cohort)
            enroll(cohort, Enrollment.Status.WAITLISTED)

    grow(1)
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    grow(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("data-cohort=") == 7


def test_it_edits_the_resit_policy_and_audits_it(client, admin_user):
    program = ProgramFactory(approves_enrollment_automatically=False)
    client.force_login(admin_user)
    data = program_data(
        name=program.name,
        provider=program.provider,
        accreditation_body=program.accreditation_body,
        accreditation_number=program.accreditation_number,
        accredited_from=program.accredited_from.isoformat(),
        accredited_until=program.accredited_until.isoformat(),
        description=program.description,
        approves_enrollment_automatically="on"
        if program.approves_enrollment_automatically
        else None,
        practical_attempts_allowed="2",
        practical_wait_days="21",
        practical_after_last_failure="new_enrollment",
    )

    client.post(reverse("programs:staff_program_edit", args=[program.pk]), data)

    program.refresh_from_db()
    assert (program.practical_attempts_allowed, program.practical_wait_days) == (2, 21)
    assert program.practical_after_last_failure == TrainingProgram.AfterLastFailure.NEW_ENROLLMENT
    entry = AuditEntry.objects.get(action="program.changed")
    assert set(entry.data["changed"]) == {
        "practical_attempts_allowed",
        "practical_wait_days",
        "practical_after_last_failure",
    }
