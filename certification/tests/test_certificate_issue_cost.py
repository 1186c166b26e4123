"""Issuing in a burst: the issue marks the holder certified without running the pathway again
(the step is known once the certificate is issued)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
# Tables only the pathway reads: the issue must not touch them.
PATHWAY_TABLES = ("programs_handsonsession", "programs_theorymodule", "exams_attempt")


def test_issuing_marks_the_holder_certified_without_running_the_pathway():
    applicant, sitting, examiner = candidate_at_last_step()
    pass_practical(sitting, examiner)
    certificate = Certificate.objects.get(holder=applicant)

    with CaptureQueriesContext(connection) as captured:
        assert services.render_and_issue(certificate_id=certificate.pk) == "issued"

    assert Enrollment.objects.get(applicant=applicant).pathway_step == CERTIFIED
    read = [q["sql"] for q in captured if any(t in q["sql"] for t in PATHWAY_TABLES)]
    assert read == []
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.ISSUED


def test_a_withdrawn_enrollment_is_not_moved():
    applicant, sitting, examiner = candidate_at_last_step()
    pass_practical(sitting, examiner)
    certificate = Certificate.objects.get(holder=applicant)
    Enrollment.objects.filter(applicant=applicant).update(status=Enrollment.Status.WITHDRAWN)

    services.render_and_issue(certificate_id=certificate.pk)

    assert Enrollment.objects.get(applicant=applicant).pathway_step == 5


def test_an_issue_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    # A burst issues a thousand: claim, the row with its holder (for the e-mail), issued if
    # still claimed, pathway version, audit entry and the webhook endpoints, certified step,
    # e-mail outbox: eight. Counted here too, the savepoints in and out of the claim's and the
    # issue's transactions, which in a worker are their BEGIN and COMMIT, each with its
    # `SET LOCAL synchronous_commit` on PostgreSQL.
    applicant, sitting, examiner = candidate_at_last_step()
    pass_practical(sitting, examiner)
    certificate = Certificate.objects.get(holder=applicant)

    with django_assert_max_num_queries(12):
        assert services.render_and_issue(certificate_id=certificate.pk) == "issued"


def test_making_the_pending_certificate_reads_the_qualifications_once():
    # The pathway check and the certificate's frozen data (its license line) share one read of
    # the holder's qualifications: at a cohort's end a thousand are made at once.
    applicant, sitting, examiner = candidate_at_last_step()
    pass_practical(sitting, examiner)
    made = Certificate.objects.get(holder=applicant)
    program = made.program
    made.delete()

    with CaptureQueriesContext(connection) as captured:
        (certificate,) = services.issue_if_earned(applicant=applicant, program=program)

    licenses = [q["sql"] for q in captured if 'FROM "accounts_medicallicense"' in q["sql"]]
    assert len(licenses) == 1
    assert certificate.snapshot["license_number"] == made.snapshot["license_number"] != ""
    assert certificate.number.endswith(f"{certificate.pk:06d}")
    assert Certificate.objects.get(pk=certificate.pk).number == certificate.number
