"""Instructors record theory modules, per trainee and for the whole cohort; trainees see them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import DomainError
from accounts.models import AuditEntry
from programs import selectors, services
from programs.models import Enrollment, ModuleCompletion
from programs.tests.factories import program_with_modules, trainee_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment(instructor):
    enrollment = trainee_in(program_with_modules(3))
    enrollment.cohort.instructors.set([instructor])
    return enrollment


def record(enrollment, module, instructor, **fields):
    values = {"attended": True, "passed_assessment": True, "completed_on": timezone.localdate()}
    values.update(fields)
    return services.record_module_completion(
        enrollment=enrollment, module=module, actor=instructor, **values
    )


def test_it_records_a_module_and_audits_it(enrollment, instructor):
    module = enrollment.program.modules.first()
    completion = record(enrollment, module, instructor, note="Quiz 9/10")
    assert completion.is_complete()
    entry = AuditEntry.objects.get(action="module.recorded")
    assert (entry.actor, entry.from_state, entry.to_state) == (
        instructor,
        "not recorded",
        "complete",
    )


def test_it_does_not_audit_a_row_that_did_not_change(enrollment, instructor):
    module = enrollment.program.modules.first()
    record(enrollment, module, instructor)
    record(enrollment, module, instructor)
    assert AuditEntry.objects.filter(action="module.recorded").count() == 1


def test_it_refuses_an_instructor_of_another_cohort(enrollment):
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory

    other = UserFactory(roles=[Role.INSTRUCTOR])
    with pytest.raises(DomainError, match="instructor of this cohort"):
        record(enrollment, enrollment.program.modules.first(), other)
    assert not ModuleCompletion.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"completed_on": None}, "date"),
        ({"completed_on": timezone.localdate() + timedelta(days=1)}, "future"),
        ({"attended": False}, "did not attend"),
    ],
)
def test_it_refuses_an_inconsistent_record(enrollment, instructor, fields, message):
    with pytest.raises(DomainError, match=message):
        record(enrollment, enrollment.program.modules.first(), instructor, **fields)
    assert not ModuleCompletion.objects.exists()


def test_it_refuses_a_trainee_who_is_not_enrolled(enrollment, instructor):
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.WITHDRAWN)
    with pytest.raises(DomainError, match="withdrawn"):
        record(enrollment, enrollment.program.modules.first(), instructor)


def test_it_refuses_a_module_of_another_program(enrollment, instructor):
    foreign = program_with_modules(1).modules.get()
    with pytest.raises(DomainError, match="another program"):
        record(enrollment, foreign, instructor)


def test_theory_is_complete_only_when_every_module_is_attended_and_passed(enrollment, instructor):
    modules = list(enrollment.program.modules.all())
    for module in modules[:-1]:
        record(enrollment, module, instructor)
    record(enrollment, modules[-1], instructor, passed_assessment=False)
    assert not selectors.theory_complete(enrollment.applicant, enrollment.program)
    record(enrollment, modules[-1], instructor)
    assert selectors.theory_complete(enrollment.applicant, enrollment.program)


def test_the_whole_cohort_is_recorded_at_once_on_the_roster(client, enrollment, instructor):
    second = trainee_in(enrollment.program)
    second.cohort = enrollment.cohort
    Enrollment.objects.filter(pk=second.pk).update(cohort=enrollment.cohort)
    module = enrollment.program.modules.first()
    client.force_login(instructor)
    url = reverse("programs:module_roster", args=[enrollment.cohort.pk, module.pk])
    today = timezone.localdate().isoformat()
    response = client.post(
        url,
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-attended": "on",
            "form-0-passed_assessment": "on",
            "form-0-completed_on": today,
            "form-1-attended": "on",
            "form-1-completed_on": today,
            "form-1-note": "Resit the quiz next week",
        },
    )
    assert response.status_code == 302
    completions = ModuleCompletion.objects.filter(module=module).order_by("enrollment__pk")
    assert [c.is_complete() for c in completions] != []
    assert sorted(c.is_complete() for c in completions) == [False, True]
    assert completions.get(note="Resit the quiz next week").attended


def test_a_roster_with_one_bad_row_saves_nothing(client, enrollment, instructor):
    module = enrollment.program.modules.first()
    client.force_login(instructor)
    url = reverse("programs:module_roster", args=[enrollment.cohort.pk, module.pk])
    response = client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-passed_assessment": "on",
            "form-0-completed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "cannot have passed" in response.content.decode()
    assert not ModuleCompletion.objects.exists()


def test_one_trainee_is_recorded_module_by_module(client, enrollment, instructor):
    client.force_login(instructor)
    url = reverse("programs:trainee_modules", args=[enrollment.cohort.pk, enrollment.pk])
    today = timezone.localdate().isoformat()
    data = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "3"}
    for n in range(3):
        data |= {
            f"form-{n}-attended": "on",
            f"form-{n}-passed_assessment": "on",
            f"form-{n}-completed_on": today,
        }
    assert client.post(url, data).status_code == 302
    assert selectors.theory_progress(enrollment).is_complete


def test_instructors_see_only_their_own_cohorts(client, enrollment):
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    module = enrollment.program.modules.first()
    cohort = enrollment.cohort.pk
    for url in [
        reverse("programs:teaching_cohort", args=[cohort]),
        reverse("programs:module_roster", args=[cohort, module.pk]),
        reverse("programs:trainee_modules", args=[cohort, enrollment.pk]),
    ]:
        assert client.get(url).status_code == 404


def test_applicants_cannot_open_the_roster(client, enrollment):
    client.force_login(enrollment.applicant)
    response = client.get(reverse("programs:teaching_cohort", args=[enrollment.cohort.pk]))
    assert response.status_code == 403


def test_the_trainee_sees_their_modules_and_progress(client, enrollment, instructor):
    record(enrollment, enrollment.program.modules.first(), instructor, note="Well prepared")
    client.force_login(enrollment.applicant)
    page = client.get(reverse("programs:training")).content.decode()
    assert "1 of 3 complete" in page
    assert "Well prepared" in page


def test_the_roster_keeps_a_constant_number_of_queries(
    client, enrollment, instructor, django_assert_max_num_queries
):
    client.force_login(instructor)
    url = reverse("programs:teaching_cohort", args=[enrollment.cohort.pk])
    # 12 for the roster, and the progress chart's hands-on figures for the whole cohort.
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200
    for _ in range(8):
        extra = trainee_in(enrollment.program)
        Enrollment.objects.filter(pk=extra.pk).update(cohort=enrollment.cohort)
    for e in enrollment.cohort.enrollments.all():
        for module in enrollment.program.modules.all():
            record(e, module, instructor)
    with django_assert_max_num_queries(13):
        response = client.get(url)
    assert response.content.decode().count("bi-check-circle-fill") == 27
