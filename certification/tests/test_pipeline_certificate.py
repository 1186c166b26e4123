"""The pipeline moves a holder to "certified" when the certificate is issued, and back when it
is revoked, without waiting for the nightly pass."""

import pytest

from certification import services
from certification.models import Certificate
from certification.pipeline import CERTIFIED
from programs.models import Enrollment

from .certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def test_issuing_and_revoking_move_the_stored_step_at_once(admin_user):
    applicant, sitting, examiner = candidate_at_last_step()
    pass_practical(sitting, examiner)  # the last step: the certificate is created, pending
    certificate = Certificate.objects.get(holder=applicant)
    enrollment = Enrollment.objects.get(applicant=applicant)
    assert enrollment.pathway_step == 5

    services.render_and_issue(certificate_id=certificate.pk)

    enrollment.refresh_from_db()
    assert enrollment.pathway_step == CERTIFIED

    services.revoke_certificate(certificate=certificate, actor=admin_user, reason="Misconduct")

    enrollment.refresh_from_db()
    assert enrollment.pathway_step == 5
