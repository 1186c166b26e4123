"""Monthly figures: each figure counted in its month, in a constant number of queries, drawn as
SVG charts with a text alternative, and downloadable as CSV."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from accounts import audit
from accounts.models import AuditEntry, MedicalLicense
from accounts.tests.factories import MedicalLicenseFactory, UserFactory
from certification.reports.monthly import monthly_figures
from exams.models import Attempt, ExaminerAssignment, PracticalSitting, WrittenExam
from exams.tests.practical.factories import examiner_user, rubric, sitting
from programs.tests.factories import CohortFactory, EnrollmentFactory, ProgramFactory

from .certificates import certificate_storage  # noqa: F401 (fixture)
from .reports import at, certificate_issued_on, renew_on, revoke_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]

FEB, MAR = date(2026, 2, 1), date(2026, 3, 1)


def moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def written_attempt(exam, passed: bool, day: date) -> Attempt:
    return Attempt.objects.create(
        exam=exam,
        candidate=UserFactory(),
        number=1,
        status=Attempt.Status.SUBMITTED,
        started_at=moment(day) - timedelta(hours=1),
        deadline=moment(day),
        submitted_at=moment(day),
        score_percent=90 if passed else 40,
        passed=passed,
    )


def practical_result(rubric_, examiners, passed: bool, day: date) -> PracticalSitting:
    made = sitting(rubric_=rubric_, examiners=examiners, starts_at=moment(day) - timedelta(hours=2))
    status = PracticalSitting.Status.PASSED if passed else PracticalSitting.Status.FAILED
    PracticalSitting.objects.filter(pk=made.pk).update(status=status, result_at=moment(day))
    ExaminerAssignment.objects.filter(sitting=made).update(
        status=ExaminerAssignment.Status.SUBMITTED,
        submitted_at=moment(day),
        global_rating="clear_pass",
    )
    return made


@pytest.fixture
def february(admin_user):
    """February: 2 applications, 1 verification, written 2 of 3, practical 1 of 2, 2 issued
    (1 a renewal) and 1 revoked; March: 1 application and a revocation of a pending renewal
    (not counted)."""
    program = ProgramFactory()
    cohort = CohortFactory(program=program)
    for day in (FEB, FEB + timedelta(days=5), MAR):
        EnrollmentFactory(cohort=cohort, applied_at=moment(day))
    license = MedicalLicenseFactory()
    with at(FEB + timedelta(days=2)):
        audit.record(actor=admin_user, action="license.verified", target=license, to_state="x")
    exam = WrittenExam.objects.create(program=program, title="Toxin written exam")
    for passed in (True, True, False):
        written_attempt(exam, passed, FEB + timedelta(days=3))
    rubric_ = rubric(program, name="Glabella practical")
    strict, lenient = examiner_user(full_legal_name="Stella Strict"), examiner_user()
    practical_result(rubric_, [strict, lenient], True, FEB + timedelta(days=4))
    practical_result(rubric_, [strict], False, FEB + timedelta(days=6))
    first = certificate_issued_on(date(2025, 1, 5), program=program)
    renew_on(FEB + timedelta(days=7), first)
    revoked = certificate_issued_on(FEB + timedelta(days=8))
    revoke_on(FEB + timedelta(days=20), revoked, admin_user)
    return program


def test_each_figure_is_counted_in_its_month(february, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        figures = monthly_figures(FEB, MAR)

    feb, mar = figures.months
    assert (feb.month, mar.month) == (FEB, MAR)
    assert (feb.applications, mar.applications) == (2, 1)
    assert feb.verifications == 1
    assert (feb.written.passed, feb.written.total, feb.written.percent) == (2, 3, 67)
    assert (feb.practical.passed, feb.practical.total) == (1, 2)
    assert (feb.issued, feb.renewed, feb.revoked) == (2, 1, 1)
    assert (mar.issued, mar.revoked, mar.written.total) == (0, 0, 0)
    assert [(r.name, r.rate.passed, r.rate.total) for r in figures.written_by_exam] == [
        ("Toxin written exam", 2, 3)
    ]
    assert [(r.name, r.rate.total) for r in figures.practical_by_exam] == [
        ("Glabella practical", 2)
    ]
    by_examiner = {r.name: (r.rate.passed, r.rate.total) for r in figures.practical_by_examiner}
    assert by_examiner["Stella Strict"] == (1, 2)


def test_the_page_shows_table_and_charts_in_constant_queries(
    client, admin_user, february, django_assert_max_num_queries
):
    client.force_login(admin_user)
    url = reverse("certification:reports_monthly")
    client.get(url, {"first": "2026-02", "last": "2026-03"})  # warm the session and roles
    with django_assert_max_num_queries(14):
        page = client.get(url, {"first": "2026-02", "last": "2026-03"})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-chart="activity"' in body and 'data-chart="pass-rates"' in body
    assert "Written pass rate: Feb 2026 67%, Mar 2026 –" in body  # the chart's text alternative
    assert 'data-month="2026-02"' in body
    with django_assert_max_num_queries(14):
        longer = client.get(url, {"first": "2025-01", "last": "2026-03"})
    assert longer.status_code == 200


def test_the_csv_has_the_months_and_the_pass_rates_per_exam_and_examiner(
    client, admin_user, february
):
    client.force_login(admin_user)
    response = client.post(
        reverse("certification:reports_monthly_download"),
        {"first": "2026-02", "last": "2026-03", "format": "csv"},
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Month", "Applications", "License verifications"]
    assert rows[1][:3] == ["2026-02", "2", "1"]
    assert ["2026-02", "Practical, per examiner", "Stella Strict", "1", "2", "50"] in rows
    entry = AuditEntry.objects.get(action="report.downloaded")
    assert entry.actor == admin_user and entry.data["kind"] == "monthly"


@pytest.mark.parametrize(
    "query",
    [
        {"first": "2026-03", "last": "2026-02"},
        {"first": "1999-01", "last": "2026-02"},
        {"first": "2020-01", "last": "2026-02"},
        {"first": "March", "last": "2026-02"},
        {"first": "99999-01", "last": ""},
    ],
)
def test_bad_months_are_a_message_never_an_error(client, admin_user, query):
    client.force_login(admin_user)
    page = client.get(reverse("certification:reports_monthly"), query)
    assert page.status_code == 200
    assert "data-form-error" in page.content.decode() or "data-field-error" in page.content.decode()


def test_it_is_for_program_admins_only(client, applicant, examiner):
    for user in (applicant, examiner):
        client.force_login(user)
        assert client.get(reverse("certification:reports_monthly")).status_code == 403
    assert MedicalLicense.objects.count() == 0
