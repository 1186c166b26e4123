"""`seed_demo`: idempotent, refused without DEBUG, and its people stand where the pathway and
the README put them (the demo is built through the services, so it obeys the rules)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.access import has_role
from accounts.demo import DEMO_PASSWORD, DEMO_PEOPLE
from accounts.models import AuditEntry, MedicalLicense, ReviewStatus, User
from accounts.monitoring import MonitoringMatch
from certification.models import Appeal, Certificate, Renewal
from certification.pathway import StepState, pathway_for, requirements_met
from certification.pipeline import CERTIFIED, step_reached
from certification.selectors import current_certificate
from exams.models import Attempt, ExaminerAssignment, PracticalSitting
from programs.models import Enrollment, HandsOnSession

from .certificates import certificate_storage  # noqa: F401 (fixture)

COMPLETE, IN_PROGRESS = StepState.COMPLETE, StepState.IN_PROGRESS
NOT_STARTED = StepState.NOT_STARTED


def snapshot():
    return {
        "users": User.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "emails": EmailAddress.objects.filter(verified=True).count(),
        "audit": AuditEntry.objects.count(),
        "groups": Group.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "sessions": HandsOnSession.objects.count(),
        "attempts": Attempt.objects.count(),
        "sittings": PracticalSitting.objects.count(),
        "certificates": Certificate.objects.count(),
    }


def states(email: str) -> list[str]:
    return [step.state for step in pathway_for(User.objects.get(email=email))]


def enrollment_of(email: str) -> Enrollment:
    return Enrollment.objects.select_related("cohort", "program").get(applicant__email=email)


def check_the_logins(out: str, client):
    """Every login is printed, and each reaches its role's home with the demo password."""
    assert DEMO_PASSWORD in out
    for person in DEMO_PEOPLE:
        assert person.email in out
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": person.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, person.email
        user = User.objects.get(email=person.email)
        assert all(has_role(user, role) for role in person.roles)
        assert client.get(reverse("home"), follow=True).status_code == 200


def check_the_readme():
    """Each person the README names stands where the README says."""
    assert states("applicant@demo.test")[:2] == [COMPLETE, IN_PROGRESS]
    assert enrollment_of("applicant@demo.test").cohort.name == "Spring cohort"
    assert states("new@demo.test")[0] == NOT_STARTED
    for email, status in [
        ("submitted@demo.test", ReviewStatus.SUBMITTED),
        ("rejected@demo.test", ReviewStatus.REJECTED),
        ("expired@demo.test", ReviewStatus.EXPIRED),
    ]:
        assert MedicalLicense.objects.get(applicant__email=email).status == status, email
        assert states(email)[0] == IN_PROGRESS, email

    maya = enrollment_of("trainee@demo.test")
    assert maya.cohort.name == "Autumn cohort" and maya.module_completions.count() == 3
    logged = sorted(maya.hands_on_sessions.values_list("status", flat=True))
    S = HandsOnSession.Status
    assert logged == sorted([S.VERIFIED, S.VERIFIED, S.SUBMITTED, S.RETURNED])
    assert states("ready@demo.test")[:4] == [COMPLETE, COMPLETE, COMPLETE, IN_PROGRESS]
    assert enrollment_of("completed@demo.test").status == Enrollment.Status.COMPLETED
    for email, status in [
        ("masterclass@demo.test", Enrollment.Status.ENROLLED),
        ("waitlisted@demo.test", Enrollment.Status.WAITLISTED),
        ("applied@demo.test", Enrollment.Status.APPLIED),
    ]:
        enrollment = enrollment_of(email)
        assert enrollment.status == status, email
        assert enrollment.program.name == "Advanced Neuromodulator Program"
    flagged = enrollment_of("flagged@demo.test")
    assert flagged.status == Enrollment.Status.ENROLLED and not flagged.program.is_accredited()

    ryan = User.objects.get(email="ryan.doyle@demo.test")
    assert states(ryan.email)[1] == COMPLETE
    assert not Attempt.objects.filter(candidate=ryan).exists()
    tom = PracticalSitting.objects.get(candidate__email="tom.reilly@demo.test")
    assert tom.status == PracticalSitting.Status.SCHEDULED and tom.assignments.count() == 2
    assert PracticalSitting.objects.filter(status=PracticalSitting.Status.FLAGGED).exists()
    assert ExaminerAssignment.objects.filter(
        examiner__email="examiner@demo.test", status=ExaminerAssignment.Status.DRAFT
    ).exists()

    holder = Certificate.objects.get(holder__email="holder@demo.test")
    assert holder.public_status() == Certificate.PublicStatus.VALID
    assert holder.pdf.read().startswith(b"%PDF-")
    assert states("holder@demo.test") == [COMPLETE] * 5
    revoked = Certificate.objects.get(holder__email="revoked@demo.test")
    assert revoked.status == Certificate.Status.REVOKED and revoked.revocation_reason
    check_the_later_life()


def check_the_later_life():
    """Renewals, the CE audit, a lapse, a suspension, a monitoring file and appeals."""
    renewing = Renewal.objects.get(holder__email="renewing@demo.test")
    assert renewing.status == Renewal.Status.SUBMITTED and not renewing.audited
    assert 0 < (renewing.certificate.expires_on - timezone.localdate()).days <= 60
    audited = Renewal.objects.get(holder__email="audited@demo.test")
    assert audited.status == Renewal.Status.SUBMITTED and audited.audited
    assert not any(item.has_proof() for item in audited.ce_items.all())
    lapsed = Certificate.objects.get(holder__email="lapsed@demo.test")
    assert lapsed.is_lapsed()
    assert states("lapsed@demo.test")[:4] == [COMPLETE, COMPLETE, COMPLETE, NOT_STARTED]
    suspended = Certificate.objects.get(holder__email="suspended@demo.test")
    assert suspended.public_status() == Certificate.PublicStatus.SUSPENDED
    assert suspended.holder_license_disciplined()
    assert MonitoringMatch.objects.filter(decision=MonitoringMatch.Decision.PENDING).exists()
    pending = Appeal.objects.get(status=Appeal.Status.PENDING)
    assert pending.appellant.email == "rejected@demo.test"
    decided = Appeal.objects.exclude(status=Appeal.Status.PENDING).get()
    assert decided.decided_by.email == "admin2@demo.test"


@pytest.mark.django_db
@pytest.mark.usefixtures("certificate_storage")
def test_it_is_idempotent_and_every_person_stands_where_the_pathway_says(settings, capsys, client):
    # One test, because seeding is the slow part: run twice, then every check on the result.
    settings.DEBUG = True
    call_command("seed_demo")
    first = snapshot()
    capsys.readouterr()

    call_command("seed_demo")

    assert snapshot() == first
    check_the_logins(capsys.readouterr().out, client)
    # Every listed login exists (the exams' seeds add past candidates for the statistics too).
    emails = [person.email for person in DEMO_PEOPLE]
    assert User.objects.filter(email__in=emails).count() == len(DEMO_PEOPLE)
    # The stored step of every demo enrollment is the one the pathway computes now.
    enrollments = Enrollment.objects.select_related("applicant", "program")
    assert enrollments.count() >= 25
    for enrollment in enrollments:
        applicant, program = enrollment.applicant, enrollment.program
        assert enrollment.pathway_step == step_reached(applicant, program), applicant.email
        # A certificate exactly where steps 1 to 4 are complete, and never without them.
        earned = requirements_met(applicant, program)
        has_certificate = Certificate.objects.filter(holder=applicant, program=program).exists()
        if has_certificate and not earned:
            # Earned once, since lapsed past the renewal window or its license disciplined.
            held = current_certificate(applicant, program).certificate
            assert held.is_lapsed() or held.holder_license_disciplined(), applicant.email
        else:
            assert has_certificate == earned, applicant.email
        if (
            earned
            and has_certificate
            and Certificate.objects.filter(
                holder=applicant, status=Certificate.Status.ISSUED
            ).exists()
        ):
            assert enrollment.pathway_step == CERTIFIED
    # Nobody holds a sitting or an attempt the pathway would not have let them reach.
    for sitting in PracticalSitting.objects.select_related("candidate"):
        assert states(sitting.candidate.email)[2] == COMPLETE, sitting.candidate.email
    for attempt in Attempt.objects.select_related("candidate"):
        assert states(attempt.candidate.email)[1] == COMPLETE, attempt.candidate.email
    check_the_readme()


@pytest.mark.django_db
def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")

    assert not User.objects.exists()
