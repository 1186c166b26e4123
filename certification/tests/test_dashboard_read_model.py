"""The dashboard keeps the pathway in the cache (certification/pathway_cache.py) and never shows
a stale one: after each kind of change, the very next page shows the new state. A warm
dashboard reads no pathway table at all."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.discipline import suspend_license
from accounts.models import MedicalLicense, ReviewStatus, User
from accounts.services import expire_and_remind, verify_submission
from accounts.tests.factories import (
    ApplicantProfileFactory,
    MedicalLicenseFactory,
    SupportingCredentialFactory,
    UserFactory,
)
from certification import services
from certification.models import Certificate
from certification.pathway import Step, pathway_for
from certification.pathway_cache import PATHWAY_INPUTS, _valid_until
from certification.tests.certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)
from exams.services.written import start_attempt, submit_attempt
from exams.tests.written.factories import exam_with_bank
from programs.models import HandsOnSession
from programs.services import add_module, record_module_completion, verify_session
from programs.tests.factories import (
    HandsOnSessionFactory,
    program_with_hands_on,
    trainee_in,
    trainee_with_hands_on_complete,
)

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("certification:dashboard")
# The signed-in user and the catalogue version: the session and the pathway come from the cache,
# the roles from the process.
WARM_DASHBOARD_QUERIES = 2


@pytest.fixture(autouse=True)
def _documents(private_storage):
    return private_storage


def states(client) -> dict[int, str]:
    page = client.get(DASHBOARD).content.decode()
    return {int(n): state for n, state in re.findall(r'data-step="(\d)" data-state="(\w+)"', page)}


def page_of(client) -> str:
    return client.get(DASHBOARD).content.decode().lower()


def test_a_warm_dashboard_reads_no_pathway_table(client, django_assert_max_num_queries):
    enrollment = trainee_with_hands_on_complete()
    client.force_login(enrollment.applicant)
    client.get(DASHBOARD)  # works the pathway out and keeps it

    with django_assert_max_num_queries(WARM_DASHBOARD_QUERIES):
        page = page_of(client)

    assert 'data-step="3" data-state="complete"' in page


def test_a_warm_dashboard_shows_the_steps_rendered_when_they_were_worked_out(client):
    enrollment = trainee_with_hands_on_complete()
    client.force_login(enrollment.applicant)
    cold = client.get(DASHBOARD)

    warm = client.get(DASHBOARD)

    steps_template = "certification/_pathway_steps.html"
    assert steps_template in [t.name for t in cold.templates]
    assert steps_template not in [t.name for t in warm.templates]
    assert 'data-step="3" data-state="complete"' in warm.content.decode()
    pathway = re.compile(r'<ol class="list-unstyled" data-testid="pathway">.*?</ol>', re.S)
    assert pathway.search(warm.content.decode())[0] == pathway.search(cold.content.decode())[0]


def test_a_verified_license_completes_step_1_at_once(client, admin_user):
    applicant = UserFactory()
    ApplicantProfileFactory(user=applicant)
    license = MedicalLicenseFactory(applicant=applicant)
    SupportingCredentialFactory(applicant=applicant, verified=True)
    SupportingCredentialFactory(applicant=applicant, verified=True, bls=True)
    client.force_login(applicant)
    assert states(client)[1] == "in_progress"

    verify_submission(item=license, actor=admin_user)

    assert states(client)[1] == "complete"


def test_a_license_expired_by_the_daily_job_shows_at_once(client):
    applicant = UserFactory()
    ApplicantProfileFactory(user=applicant)
    yesterday = timezone.localdate() - timedelta(days=1)
    MedicalLicenseFactory(applicant=applicant, verified=True, expires_on=yesterday)
    client.force_login(applicant)
    assert "license expired" not in page_of(client)

    expire_and_remind()  # a queryset update: no model signal

    assert MedicalLicense.objects.get(applicant=applicant).status == ReviewStatus.EXPIRED
    assert "license expired: submit your renewed license" in page_of(client)


def test_a_suspended_license_reopens_step_1_at_once(client, admin_user):
    enrollment = trainee_in(program_with_hands_on())
    client.force_login(enrollment.applicant)
    assert states(client)[1] == "complete"

    suspend_license(
        license=MedicalLicense.objects.get(applicant=enrollment.applicant),
        actor=admin_user,
        reason="Board order 12",
        source="State medical board",
        action_date=timezone.localdate(),
    )

    assert states(client)[1] == "in_progress"


def test_a_recorded_theory_module_shows_at_once(client):
    enrollment = trainee_in(program_with_hands_on())
    instructor = enrollment.cohort.instructors.get()
    client.force_login(enrollment.applicant)
    assert 'value="0"' in page_of(client) and states(client)[2] == "in_progress"

    for module in enrollment.program.modules.all():
        record_module_completion(
            enrollment=enrollment,
            module=module,
            actor=instructor,
            attended=True,
            passed_assessment=True,
            completed_on=timezone.localdate(),
        )

    assert states(client)[2] == "complete"


def test_a_verified_session_shows_at_once(client):
    enrollment = trainee_in(program_with_hands_on())
    session = HandsOnSessionFactory(enrollment=enrollment)
    client.force_login(enrollment.applicant)
    assert "1 session waits for" in page_of(client)

    verify_session(
        session=session,
        actor=session.supervisor,
        technique=4,
        communication=4,
        judgement=4,
        comment="Steady technique.",
    )

    assert HandsOnSession.objects.get(pk=session.pk).status == HandsOnSession.Status.VERIFIED
    assert "1 session waits for" not in page_of(client)


def test_a_submitted_written_attempt_shows_at_once(client):
    enrollment = trainee_with_hands_on_complete()
    exam = exam_with_bank(questions=2, program=enrollment.program)
    candidate = enrollment.applicant
    attempt = start_attempt(exam=exam, candidate=candidate)
    client.force_login(candidate)
    assert "finish the written exam attempt in progress" in page_of(client)

    submit_attempt(attempt=attempt, actor=candidate)  # claimed by a queryset update

    page = page_of(client)
    assert "finish the written exam attempt in progress" not in page
    assert "written exam: pass the written exam" in page


@pytest.mark.usefixtures("certificate_storage")
def test_a_passed_practical_and_the_certificate_show_at_once(client, admin_user):
    applicant, sitting, examiner = candidate_at_last_step()
    client.force_login(applicant)
    assert states(client)[4] == "in_progress"

    pass_practical(sitting, examiner)
    assert states(client)[4] == "complete"
    assert states(client)[5] == "in_progress"  # being prepared

    certificate = Certificate.objects.get(holder=applicant)
    services.render_and_issue(certificate_id=certificate.pk)
    assert states(client)[5] == "complete"

    services.revoke_certificate(certificate=certificate, actor=admin_user, reason="Fraudulent log")
    assert states(client)[5] == "blocked"


def test_a_module_added_to_the_program_shows_at_once(client, admin_user):
    enrollment = trainee_with_hands_on_complete()
    client.force_login(enrollment.applicant)
    assert states(client)[2] == "complete"

    add_module(
        program=enrollment.program,
        values={"title": "Managing complications", "topic": "safety", "position": 9},
        actor=admin_user,
    )

    assert states(client)[2] == "in_progress"


def test_the_answer_is_kept_no_later_than_midnight_or_the_moment_it_changes():
    now = timezone.now()
    soon = now + timedelta(minutes=30)
    steps = [Step(4, "Certification exam", "", changes_at=soon), Step(5, "Certificate", "")]

    midnight = _valid_until([], now)
    assert timezone.localtime(midnight).time().hour == 0 and midnight > now
    assert _valid_until(steps, now) == min(soon, midnight)
    # A moment already past says nothing about the future.
    steps[0].changes_at = now - timedelta(minutes=1)
    assert _valid_until(steps, now) == midnight


def test_a_full_save_of_an_old_copy_keeps_the_new_version(client):
    enrollment = trainee_in(program_with_hands_on())
    old_copy = User.objects.get(pk=enrollment.applicant_id)
    HandsOnSessionFactory(enrollment=enrollment)  # replaces the version
    new_version = User.objects.get(pk=old_copy.pk).pathway_version
    assert new_version != old_copy.pathway_version

    old_copy.full_legal_name = "Renamed Person"
    old_copy.save()

    stored = User.objects.get(pk=old_copy.pk)
    assert (stored.full_legal_name, stored.pathway_version) == ("Renamed Person", new_version)


@pytest.mark.usefixtures("certificate_storage")
def test_the_pathway_reads_only_tables_whose_writes_replace_a_version():
    """Every table the pathway reads is watched: a new input must be added to PATHWAY_INPUTS
    (with its receiver) or the cache could keep an answer its change made wrong."""
    applicant, sitting, examiner = candidate_at_last_step()
    HandsOnSessionFactory(enrollment=applicant.enrollments.get())
    pass_practical(sitting, examiner)
    services.render_and_issue(certificate_id=Certificate.objects.get(holder=applicant).pk)

    with CaptureQueriesContext(connection) as queries:
        pathway_for(applicant)

    read = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }
    assert read - {"accounts_user"} <= PATHWAY_INPUTS, read - PATHWAY_INPUTS
