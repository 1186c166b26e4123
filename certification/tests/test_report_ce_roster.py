"""The CE roster of a period: each holder's CE hours by category, from the CE items of renewals
put to review, completed inside the period; on screen, as CSV and as XLSX."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from certification.models import CEItem, Renewal
from certification.reports.ce_roster import CATEGORIES, RosterFilters, ce_roster, roster_row

from .certificates import pending_certificate

pytestmark = pytest.mark.django_db

FROM, TO = date(2026, 1, 1), date(2026, 6, 30)


def renewal_with(status, *items, holder_name="Hana Holder"):
    certificate = pending_certificate()
    certificate.holder.full_legal_name = holder_name
    certificate.holder.save(update_fields=["full_legal_name"])
    renewal = Renewal.objects.create(
        certificate=certificate, holder=certificate.holder, status=status
    )
    for category, hours, day in items:
        CEItem.objects.create(
            renewal=renewal,
            provider="Society",
            title="Course",
            category=category,
            completed_on=day,
            hours=Decimal(hours),
        )
    return renewal


@pytest.fixture
def renewals():
    counted = renewal_with(
        Renewal.Status.APPROVED,
        ("neuromodulators", "6", date(2026, 2, 1)),
        ("neuromodulators", "2.5", date(2026, 6, 30)),
        ("safety", "3", date(2026, 3, 1)),
        ("safety", "4", date(2025, 12, 31)),  # before the period
        holder_name="Ava Approved",
    )
    renewal_with(
        Renewal.Status.SUBMITTED, ("fillers", "5", date(2026, 4, 1)), holder_name="Sam Submitted"
    )
    renewal_with(Renewal.Status.DRAFT, ("fillers", "9", date(2026, 4, 1)), holder_name="Dora Draft")
    renewal_with(
        Renewal.Status.REFUSED, ("fillers", "9", date(2026, 4, 1)), holder_name="Rex Refused"
    )
    return counted


def test_each_holders_hours_by_category_in_the_period(renewals):
    rows = [roster_row(values) for values in ce_roster(RosterFilters(FROM, TO))]

    assert [row.name for row in rows] == ["Ava Approved", "Sam Submitted"]
    ava = dict(zip([c.value for c in CATEGORIES], rows[0].hours, strict=True))
    assert ava["neuromodulators"] == Decimal("8.5") and ava["safety"] == Decimal("3")
    assert ava["fillers"] == 0
    assert (rows[0].total, rows[0].items) == (Decimal("11.5"), 3)
    assert rows[1].total == Decimal("5")


def test_it_filters_by_program(renewals):
    program = renewals.certificate.program
    rows = list(ce_roster(RosterFilters(FROM, TO, program=program)))
    assert [row["renewal__holder__full_legal_name"] for row in rows] == ["Ava Approved"]


def test_the_page_and_its_csv_and_xlsx(client, admin_user, renewals, django_assert_max_num_queries):
    client.force_login(admin_user)
    url = reverse("certification:reports_ce_roster")
    query = {"date_from": "2026-01-01", "date_to": "2026-06-30"}
    client.get(url, query)
    with django_assert_max_num_queries(12):
        page = client.get(url, query)
    assert page.content.decode().count("data-roster-holder") == 2

    download = reverse("certification:reports_ce_roster_download")
    response = client.post(download, {**query, "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Holder" and rows[0][-2:] == ["Total hours", "CE items"]
    assert rows[1][0] == "Ava Approved" and rows[1][-2:] == ["11.5", "3"]

    response = client.post(download, {**query, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "Ava Approved" and values[1][-2:] == (11.5, 3)


def test_a_period_that_ends_before_it_starts_is_refused_with_a_message(client, admin_user):
    client.force_login(admin_user)
    page = client.get(
        reverse("certification:reports_ce_roster"),
        {"date_from": "2026-06-30", "date_to": "2026-01-01"},
    )
    assert page.status_code == 200
    assert "The start date is after the end date." in page.content.decode()
