"""Appeals: filed by the person within the window, decided by an admin other than the one who
made the decision; the outcome goes through the owning service and the original stays on record.
Through the real URLs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import DomainError
from accounts.models import AuditEntry, MedicalLicense, ReviewStatus
from accounts.roles import Role
from accounts.services import reject_submission
from accounts.tests.factories import MedicalLicenseFactory, UserFactory, qualified_applicant
from certification.models import Appeal
from exams.models import GlobalRating, PracticalSitting
from exams.selectors.practical import practical_resit_state
from exams.services.written import start_attempt
from exams.tests.practical.factories import rubric, sitting, submit
from exams.tests.written.factories import candidate_for, exam_with_bank
from exams.tests.written.test_attempt_rules import sit_and_fail
from programs.tests.factories import program_with_hands_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage")]


def _rejected_license(applicant, by) -> MedicalLicense:
    license = MedicalLicenseFactory(applicant=applicant)
    return reject_submission(item=license, actor=by, reason="The scan is unreadable.")


def _file(client, person, kind, pk, statement="The scan was readable; see the enclosed copy."):
    client.force_login(person)
    return client.post(
        reverse("certification:file_appeal", args=[kind, pk]), {"statement": statement}
    )


def _decide(client, admin, appeal, outcome, reason="Reviewed the evidence again."):
    client.force_login(admin)
    return client.post(
        reverse("certification:staff_appeal", args=[appeal.pk]),
        {"outcome": outcome, "reason": reason, "confirmed": "1"},
    )


def test_an_appeal_decided_by_the_admin_who_made_the_decision_is_refused(
    client, applicant, admin_user
):
    license = _rejected_license(applicant, admin_user)
    _file(client, applicant, "license", license.pk)
    appeal = Appeal.objects.get()
    assert appeal.original_decided_by == admin_user

    _decide(client, admin_user, appeal, "overturned")

    appeal.refresh_from_db()
    license.refresh_from_db()
    assert appeal.status == Appeal.Status.PENDING
    assert license.status == ReviewStatus.REJECTED
    assert not AuditEntry.objects.filter(action__startswith="appeal.overturned").exists()


def test_an_overturned_rejection_verifies_the_license_and_keeps_the_original(
    client, applicant, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    other_admin = UserFactory(roles=[Role.PROGRAM_ADMIN])
    license = _rejected_license(applicant, admin_user)
    _file(client, applicant, "license", license.pk)
    appeal = Appeal.objects.get()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, other_admin, appeal, "overturned")

    appeal.refresh_from_db()
    license.refresh_from_db()
    assert (appeal.status, appeal.decided_by) == (Appeal.Status.OVERTURNED, other_admin)
    assert license.status == ReviewStatus.VERIFIED
    assert appeal.original_decision == "Rejected: The scan is unreadable."
    assert AuditEntry.objects.filter(action="license.rejected", actor=admin_user).exists()
    assert AuditEntry.objects.filter(action="license.verified_on_appeal").exists()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([applicant.email, admin_user.email])


def test_an_appeal_after_the_window_is_refused(client, applicant, admin_user, settings):
    settings.APPEAL_WINDOW_DAYS = 10
    license = _rejected_license(applicant, admin_user)
    MedicalLicense.objects.filter(pk=license.pk).update(
        reviewed_at=timezone.now() - timedelta(days=11)
    )

    _file(client, applicant, "license", license.pk)

    assert not Appeal.objects.exists()


def test_someone_elses_decision_cannot_be_appealed(client, applicant, stranger, admin_user):
    license = _rejected_license(applicant, admin_user)

    response = _file(client, stranger, "license", license.pk)

    assert response.status_code == 404
    assert not Appeal.objects.exists()


def test_a_granted_written_resit_lets_the_candidate_sit_again(client, admin_user):
    exam = exam_with_bank(questions=2, attempts_allowed=1, wait_hours_between_attempts=0)
    candidate = candidate_for(exam)
    failed = sit_and_fail(exam, candidate)
    with pytest.raises(DomainError, match="All 1 attempts have been used"):
        start_attempt(exam=exam, candidate=candidate)

    _file(client, candidate, "written", failed.pk)
    _decide(client, admin_user, Appeal.objects.get(), "resit_granted")

    assert Appeal.objects.get().status == Appeal.Status.RESIT_GRANTED
    assert start_attempt(exam=exam, candidate=candidate).number == 2


def test_a_granted_practical_resit_annuls_the_failed_sitting(client, admin_user):
    program = program_with_hands_on(practical_attempts_allowed=1, practical_wait_days=0)
    candidate = qualified_applicant()
    examiner = UserFactory(roles=[Role.EXAMINER])
    exam = sitting(rubric_=rubric(program=program), candidate=candidate, examiners=[examiner])
    submit(exam, examiner, 0, 0, 0, rating=GlobalRating.CLEAR_FAIL)
    assert practical_resit_state(candidate, program).refusal() != ""

    _file(client, candidate, "practical", exam.pk)
    _decide(client, admin_user, Appeal.objects.get(), "resit_granted")

    exam.refresh_from_db()
    assert exam.status == PracticalSitting.Status.CANCELLED
    assert practical_resit_state(candidate, program).refusal() == ""
    assert AuditEntry.objects.filter(
        action="practical_sitting.annulled_on_appeal", from_state="failed"
    ).exists()


def test_the_examiner_of_the_sitting_cannot_decide_its_appeal(client):
    program = program_with_hands_on(practical_attempts_allowed=1)
    candidate = qualified_applicant()
    examiner_admin = UserFactory(roles=[Role.EXAMINER, Role.PROGRAM_ADMIN])
    exam = sitting(rubric_=rubric(program=program), candidate=candidate, examiners=[examiner_admin])
    submit(exam, examiner_admin, 0, 0, 0, rating=GlobalRating.CLEAR_FAIL)
    _file(client, candidate, "practical", exam.pk)

    _decide(client, examiner_admin, Appeal.objects.get(), "resit_granted")

    exam.refresh_from_db()
    assert exam.status == PracticalSitting.Status.FAILED
    assert Appeal.objects.get().status == Appeal.Status.PENDING


def test_the_appeal_shows_on_the_person_file_and_in_the_queue(client, applicant, admin_user):
    license = _rejected_license(applicant, admin_user)
    _file(client, applicant, "license", license.pk)
    appeal = Appeal.objects.get()
    client.force_login(admin_user)

    queue = client.get(reverse("certification:staff_appeals")).content.decode()
    person = client.get(reverse("certification:person_file", args=[applicant.pk]))

    assert reverse("certification:staff_appeal", args=[appeal.pk]) in queue
    assert reverse("certification:staff_appeal", args=[appeal.pk]) in person.content.decode()


def test_an_admin_sets_a_programs_appeal_window(client, admin_user):
    program = program_with_hands_on()
    client.force_login(admin_user)

    client.post(reverse("certification:appeal_window"), {"program": program.pk, "days": "45"})

    assert program.certificate_policy.appeal_window_days == 45


def test_the_pages_render_in_a_fixed_number_of_queries(
    client, applicant, admin_user, django_assert_max_num_queries
):
    for _ in range(3):
        license = _rejected_license(applicant, admin_user)
    _file(client, applicant, "license", license.pk)
    appeal = Appeal.objects.get()

    with django_assert_max_num_queries(15):
        mine = client.get(reverse("certification:my_appeals"))
    assert mine.status_code == 200
    assert reverse("certification:file_appeal", args=["license", license.pk]) not in (
        mine.content.decode()
    )  # already appealed
    assert mine.content.decode().count("Appeal<span") == 2
    assert (
        client.get(reverse("certification:file_appeal", args=["license", license.pk])).status_code
        == 200
    )
    assert client.get(reverse("certification:file_appeal", args=["nonsense", 1])).status_code == 404

    client.force_login(admin_user)
    with django_assert_max_num_queries(15):
        assert (
            client.get(reverse("certification:staff_appeal", args=[appeal.pk])).status_code == 200
        )
    with django_assert_max_num_queries(15):
        assert client.get(reverse("certification:staff_appeals")).status_code == 200


def test_the_appeal_document_is_checked_by_content_and_shown_to_admins_only(
    client, applicant, admin_user, stranger
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.tests.factories import pdf_upload

    license = _rejected_license(applicant, admin_user)
    client.force_login(applicant)
    url = reverse("certification:file_appeal", args=["license", license.pk])
    fake = SimpleUploadedFile("scan.pdf", b"not a pdf at all", content_type="application/pdf")

    client.post(url, {"statement": "See the scan.", "document": fake})
    assert not Appeal.objects.exists()

    client.post(url, {"statement": "See the scan.", "document": pdf_upload("scan.pdf")})
    appeal = Appeal.objects.get()
    assert appeal.document_content_type == "application/pdf"

    document = reverse("certification:appeal_document", args=[appeal.pk])
    client.force_login(stranger)
    assert client.get(document).status_code == 404
    client.force_login(admin_user)
    assert client.get(document).status_code == 200
