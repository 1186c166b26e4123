"""The training page's case log and coverage grid, written in Python (programs/training_rows.py),
read as the template wrote them: same cells, links, badges, escaping."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

from programs.models import HandsOnSession
from programs.tests.factories import HandsOnSessionFactory, program_with_hands_on, trainee_in
from programs.training_rows import units

pytestmark = pytest.mark.django_db

Status = HandsOnSession.Status


@pytest.fixture
def enrollment():
    return trainee_in(program_with_hands_on())


def areas(enrollment):
    return (
        enrollment.program.treatment_areas.get(name="Glabellar lines"),
        enrollment.program.treatment_areas.get(name="Forehead lines"),
    )


def row_of(html: str, session) -> str:
    start = html.index(f'<tr data-session="{session.pk}">')
    return html[start : html.index("</tr>", start) + len("</tr>")]


def badge_in(html: str) -> str:
    return re.search(r'<span class="badge[^"]*" data-status="[^"]*">[^<]*</span>', html).group(0)


def test_each_row_shows_the_sessions_date_link_areas_choices_supervisor_and_status(
    client, enrollment
):
    glabella, forehead = areas(enrollment)
    supervisor = enrollment.cohort.instructors.get()
    day = timezone.localdate() - timedelta(days=3)
    session = HandsOnSessionFactory(
        enrollment=enrollment,
        verified=True,
        performed_on=day,
        skin_type=6,
        goal=HandsOnSession.Goal.PREVENTION,
        trainee_role=HandsOnSession.Role.OBSERVED,
        areas={glabella: Decimal("20"), forehead: Decimal("7.5")},
    )
    client.force_login(enrollment.applicant)

    html = client.get(reverse("programs:training")).content.decode()

    assert row_of(html, session) == (
        f'<tr data-session="{session.pk}">'
        f'<td><a href="{reverse("programs:session", args=[session.pk])}">'
        f"{day.day} {day:%b %Y}</a></td>"
        '<td class="small">Glabellar lines (20 U), Forehead lines (7.5 U)</td>'
        "<td>VI</td>"
        '<td class="small">Prevention</td>'
        '<td class="small">Observed</td>'
        f'<td class="small">{supervisor.full_legal_name}</td>'
        '<td><span class="badge text-bg-success" data-status="verified">Verified</span></td>'
        "</tr>"
    )


def test_the_log_lists_newest_first_with_each_status_badge(client, enrollment):
    today = timezone.localdate()
    by_status = {
        status: HandsOnSessionFactory(
            enrollment=enrollment,
            performed_on=today - timedelta(days=days),
            status=status,
            verified_at=timezone.now() if status == Status.VERIFIED else None,
        )
        for days, status in enumerate(
            [Status.SUBMITTED, Status.RETURNED, Status.VERIFIED, Status.SUPERSEDED]
        )
    }
    client.force_login(enrollment.applicant)

    html = client.get(reverse("programs:training")).content.decode()

    shown = [int(pk) for pk in re.findall(r'<tr data-session="(\d+)">', html)]
    assert shown == [session.pk for session in by_status.values()]
    tones = {
        status: re.search(r'text-bg-([a-z ]+)"', badge_in(row_of(html, session))).group(1)
        for status, session in by_status.items()
    }
    assert tones == {
        Status.SUBMITTED: "secondary",
        Status.RETURNED: "warning",
        Status.VERIFIED: "success",
        Status.SUPERSEDED: "light border",
    }
    for status, session in by_status.items():
        assert f'data-status="{status}">{session.get_status_display()}</span>' in row_of(
            html, session
        )


@pytest.mark.parametrize("status", Status.values)
def test_a_status_badge_reads_the_same_in_the_log_and_on_the_sessions_page(
    client, enrollment, status
):
    session = HandsOnSessionFactory(
        enrollment=enrollment,
        status=status,
        verified_at=timezone.now() if status == Status.VERIFIED else None,
    )
    client.force_login(enrollment.applicant)

    log = client.get(reverse("programs:training")).content.decode()
    page = client.get(reverse("programs:session", args=[session.pk])).content.decode()

    assert badge_in(row_of(log, session)) == badge_in(page)


def test_the_rows_escape_what_people_typed(client, enrollment):
    supervisor = enrollment.cohort.instructors.get()
    supervisor.full_legal_name = "<b>Sam</b> & co"
    supervisor.save(update_fields=["full_legal_name"])
    glabella, _ = areas(enrollment)
    glabella.name = "<i>Glabella</i>"
    glabella.save(update_fields=["name"])
    HandsOnSessionFactory(enrollment=enrollment, verified=True, areas={glabella: 20})
    client.force_login(enrollment.applicant)

    html = client.get(reverse("programs:training")).content.decode()

    assert "&lt;b&gt;Sam&lt;/b&gt; &amp; co" in html and "<b>Sam" not in html
    assert "&lt;i&gt;Glabella&lt;/i&gt; (20 U)" in html
    assert '<th scope="row" class="text-start">&lt;i&gt;Glabella&lt;/i&gt;</th>' in html
    assert "<i>Glabella" not in html


def test_the_coverage_grid_counts_by_skin_type_against_the_areas_minimum(client, enrollment):
    glabella, forehead = areas(enrollment)
    HandsOnSessionFactory(enrollment=enrollment, verified=True, skin_type=6, areas={glabella: 20})
    HandsOnSessionFactory(enrollment=enrollment, verified=True, skin_type=2, areas={forehead: 8})
    client.force_login(enrollment.applicant)

    html = client.get(reverse("programs:training")).content.decode()

    empty = '<td class="text-body-secondary">·</td>'
    assert (
        '<tr><th scope="row" class="text-start">Glabellar lines</th>'
        f'{empty * 5}<td class="table-success">1</td>'
        '<td class="table-warning">1 / 2</td></tr>'
    ) in html
    assert (
        '<tr><th scope="row" class="text-start">Forehead lines</th>'
        f'{empty}<td class="table-success">1</td>{empty * 4}'
        '<td class="">1</td></tr>'
    ) in html


def test_a_trainee_without_sessions_sees_an_empty_log(client, enrollment):
    client.force_login(enrollment.applicant)

    html = client.get(reverse("programs:training")).content.decode()

    assert "No sessions logged yet." in html and "data-session=" not in html
    assert '<th scope="row" class="text-start">Glabellar lines</th>' in html


@pytest.mark.parametrize("value", ["20", "20.0", "7.5", "0.1", "100", "12.5", "99.9"])
def test_units_read_as_floatformat_writes_them(value):
    assert units(Decimal(value)) == floatformat(Decimal(value), "-1")
