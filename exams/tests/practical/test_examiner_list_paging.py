"""The examiner's list pages the forms to score too (a national exam day leaves an examiner
dozens of drafts), shows how many there are, and writes each row as the template did: the
sitting's date as `date:"j M Y H:i"`, the form's link, the score to one decimal, every value
escaped."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from accounts.compiled_reads import sql_run
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from exams.models import ExaminerAssignment

from .factories import form_of, rubric, sitting, submit

pytestmark = pytest.mark.django_db


def _drafts(examiner, count, shared):
    soon = timezone.now() + timedelta(days=1)
    return [
        form_of(
            sitting(rubric_=shared, examiners=[examiner], starts_at=soon + timedelta(hours=h)),
            examiner,
        )
        for h in range(count)
    ]


def test_it_pages_the_forms_to_score_and_counts_them_all(client, examiner):
    drafts = _drafts(examiner, 27, rubric())
    client.force_login(examiner)
    url = reverse("exams:examiner_home")

    first = client.get(url)
    second = client.get(url, {"to_score": "2"})

    assert [f.pk for f in first.context["to_score"]] == [d.pk for d in drafts[:25]]
    assert [f.pk for f in second.context["to_score"]] == [d.pk for d in drafts[25:]]
    html = first.content.decode()
    assert "data-to-score-count>27</span>" in html
    assert 'aria-label="Pages of the forms to score"' in html
    assert 'href="?to_score=2"' in html
    assert html.count("data-draft") == 25


def test_each_list_keeps_the_other_lists_page_in_its_links(client, examiner):
    shared = rubric()
    _drafts(examiner, 26, shared)
    for _ in range(26):
        submit(sitting(rubric_=shared, examiners=[examiner]), examiner, 4, 4, 4)
    client.force_login(examiner)

    html = client.get(reverse("exams:examiner_home"), {"to_score": "2", "page": "2"}).content
    html = html.decode()

    assert 'href="?to_score=1&amp;page=2"' in html  # the forms to score: previous page
    assert 'href="?to_score=2&amp;page=1"' in html  # the history: previous page


def test_a_bad_page_number_of_the_forms_to_score_gives_the_nearest_page(client, examiner):
    drafts = _drafts(examiner, 2, rubric())
    client.force_login(examiner)

    for number in ["x' OR 1=1", "0", "99"]:
        response = client.get(reverse("exams:examiner_home"), {"to_score": number})
        assert response.status_code == 200
        assert [f.pk for f in response.context["to_score"]] == [d.pk for d in drafts]


def test_a_row_shows_what_the_template_showed(client, examiner):
    candidate = UserFactory(full_legal_name="Ada <b>Lovelace</b> & Co", roles=[Role.APPLICANT])
    shared = rubric(name="Glabella rubric")
    held = sitting(rubric_=shared, examiners=[examiner], candidate=candidate, place="Room <1>")
    submit(held, examiner, 4, 2, 3)
    later = sitting(
        rubric_=shared,
        examiners=[examiner],
        candidate=candidate,
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=45,
    )
    done, draft = form_of(held, examiner), form_of(later, examiner)
    client.force_login(examiner)

    html = client.get(reverse("exams:examiner_home")).content.decode()

    name = "Ada &lt;b&gt;Lovelace&lt;/b&gt; &amp; Co"
    assert (
        f'<td data-label="Sitting">{date_filter(later.starts_at, "j M Y H:i")} '
        '<span class="small text-body-secondary">· 45 min</span></td>'
    ) in html
    assert f'<div class="small text-body-secondary">{shared.program.name}</div>' in html
    assert '<td data-label="Rubric">Glabella rubric v1</td>' in html
    assert f'href="{reverse("exams:score_form", args=[draft.pk])}">Score' in html
    assert f'<span class="visually-hidden"> {name}</span>' in html
    assert f'<td data-label="Submitted">{date_filter(done.submitted_at, "j M Y H:i")}</td>' in html
    assert '<div class="small text-body-secondary">Room &lt;1&gt;</div>' in html
    assert done.weighted_score == Decimal("81.25")
    assert "data-score>81.3</td>" in html  # floatformat:1 rounds half up
    assert f'href="{reverse("exams:score_form", args=[done.pk])}">View' in html
    assert "<b>Lovelace" not in html


def test_the_page_reads_both_counts_and_a_page_of_each_whatever_their_length(
    client, examiner, django_assert_max_num_queries
):
    shared = rubric()
    _drafts(examiner, 1, shared)
    submit(sitting(rubric_=shared, examiners=[examiner]), examiner, 4, 4, 4)
    client.force_login(examiner)
    url = reverse("exams:examiner_home")
    client.get(url)  # the session and roles settle
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    _drafts(examiner, 29, shared)
    for _ in range(29):
        submit(sitting(rubric_=shared, examiners=[examiner]), examiner, 4, 4, 4)
    assert ExaminerAssignment.objects.filter(examiner=examiner).count() == 60

    with django_assert_max_num_queries(len(few.captured_queries)) as full:
        response = client.get(url)

    assert response.content.decode().count("data-assignment=") == 50
    ran = [sql_run(q["sql"]) for q in full.captured_queries]
    examiner_queries = [sql for sql in ran if "examinerassignment" in sql]
    assert len(examiner_queries) == 3  # both counts in one, then a page of each list
