"""Every staff list that filters does it the one way (accounts/listing.py): the filter and the
page survive each other, the rows are the filtered ones, a bad value is named on the page (200,
nothing listed), and a page costs the same queries however many rows match.

One case per list: how to make a row that matches the filter and one that does not, the filter,
a bad value, and the attribute each row of the list carries. The page size is 2 here, so three
matching rows make two pages.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.audit import record
from accounts.tests.factories import MedicalLicenseFactory, SupportingCredentialFactory, UserFactory
from accounts.tests.helpers import committed
from certification.models import Certificate
from exams.models import PracticalSitting
from exams.tests.practical.factories import sitting
from exams.tests.written.factories import question
from programs.tests.factories import EnrollmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@dataclass
class ListCase:
    url_name: str
    matching: Callable[[int], object]  # makes the n-th row the filter keeps
    other: Callable[[], object]  # makes a row the filter leaves out
    filters: dict
    bad: dict
    row: str  # the data attribute on each row of the list
    kept: str  # how the form shows the chosen value
    key: Callable[[object], str] = lambda made: str(made.pk)  # the row attribute's value

    def __str__(self):
        return self.url_name


def _certificate(number: str) -> Certificate:
    today = timezone.localdate()
    return Certificate.objects.create(
        holder=UserFactory(),
        program=ProgramFactory(),
        number=number,
        snapshot={"holder_name": number},
        issued_on=today,
        expires_on=today + timedelta(days=730),
    )


def _audited(action: str):
    target = UserFactory()
    return record(actor=None, action=action, target=target)


CASES = [
    ListCase(
        "accounts:review_queue",
        lambda n: SupportingCredentialFactory(kind="ce"),
        lambda: MedicalLicenseFactory(),
        {"kind": "ce"},
        {"jurisdiction": "999999"},
        "data-queue-item",
        '<option value="ce" selected>',
        lambda made: f"credential-{made.pk}",
    ),
    ListCase(
        "accounts:people",
        lambda n: UserFactory(full_legal_name=f"Zed Matching {n}"),
        lambda: UserFactory(full_legal_name="Amy Other"),
        {"q": "Matching"},
        {"q": "x" * 101},
        "data-person",
        'value="Matching"',
        lambda made: made.email,
    ),
    ListCase(
        "accounts:audit_trail",
        lambda n: _audited(f"probe.step{n}"),
        lambda: _audited("other.step"),
        {"action": "probe."},
        {"date_from": "not-a-date"},
        "data-entry",
        'value="probe."',
    ),
    ListCase(
        "certification:staff_certificates",
        lambda n: _certificate(f"MATCH-{n}"),
        lambda: _certificate("OTHER-1"),
        {"q": "MATCH"},
        {"program": "²"},
        "data-certificate",
        'value="MATCH"',
        lambda made: made.number,
    ),
    ListCase(
        "certification:pipeline",
        lambda n: EnrollmentFactory(pathway_step=2),
        lambda: EnrollmentFactory(pathway_step=3),
        {"step": "2"},
        {"step": "bogus"},
        "data-enrollment",
        '<option value="2" selected>',
    ),
    ListCase(
        "exams:written_bank",
        lambda n: question(kind="multiple", correct=("A", "B")),
        lambda: question(),
        {"kind": "multiple"},
        {"kind": "bogus"},
        "data-question",
        '<option value="multiple" selected>',
        lambda made: made.code,
    ),
    ListCase(
        "exams:sittings",
        lambda n: sitting(status=PracticalSitting.Status.FLAGGED),
        lambda: sitting(),
        {"status": "flagged"},
        {"status": "bogus"},
        "data-sitting",
        '<option value="flagged" selected>',
    ),
]


def _rows(html: str, attribute: str) -> list[str]:
    return re.findall(rf'<tr {attribute}="([^"]+)"', html)


def _get(client, case: ListCase, **params):
    response = client.get(reverse(case.url_name), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def two_to_a_page(settings):
    settings.PAGE_SIZE = 2


@pytest.mark.parametrize("case", CASES, ids=str)
def test_filter_and_page_survive(client, admin_user, two_to_a_page, case):
    made = [case.matching(n) for n in range(3)]
    case.other()
    client.force_login(admin_user)

    first = _get(client, case, **case.filters)
    second = _get(client, case, **case.filters, page=2)

    on_first, on_second = _rows(first, case.row), _rows(second, case.row)
    assert len(on_first) == 2 and len(on_second) == 1
    assert set(on_first + on_second) == {case.key(row) for row in made}
    # The filter stays in the form, and in the link to the next page.
    assert case.kept in first and case.kept in second
    query = "&amp;".join(f"{name}={value}" for name, value in case.filters.items())
    assert f'href="?{query}&amp;page=2"' in first


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_bad_filter_value_is_named_and_lists_nothing(client, admin_user, case):
    case.matching(0)
    client.force_login(admin_user)

    html = _get(client, case, **case.bad)

    assert "data-filter-errors" in html
    assert 'aria-invalid="true"' in html
    assert _rows(html, case.row) == []


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_page_costs_the_same_queries_however_many_rows_match(
    client, admin_user, django_assert_max_num_queries, case
):
    case.matching(0)
    case.other()
    client.force_login(admin_user)
    _get(client, case, **case.filters)  # caches warmed (jurisdictions, sessions)
    with CaptureQueriesContext(connection) as few:
        _get(client, case, **case.filters)
    baseline = len(few)  # (a request clears the connection's log)
    with committed():  # the review queue keeps its order until a change commits
        for n in range(1, 6):
            case.matching(n)
    _get(client, case, **case.filters)  # a kept order is worked out again, once

    with django_assert_max_num_queries(baseline):
        html = _get(client, case, **case.filters)
    assert len(_rows(html, case.row)) == 6
