"""The examiner's list puts the forms still to score first, on their own, so the work never
drifts behind a growing history; the history is paged after them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exams.models import ExaminerAssignment

from .factories import form_of, rubric, sitting, submit

pytestmark = pytest.mark.django_db


def _submitted_history(examiner, count):
    shared = rubric()
    for _ in range(count):
        done = sitting(rubric_=shared, examiners=[examiner])
        submit(done, examiner, 4, 4, 4)


def test_it_lists_a_draft_for_a_later_sitting_before_thirty_submitted_forms(client, examiner):
    _submitted_history(examiner, 30)
    later = sitting(examiners=[examiner], starts_at=timezone.now() + timedelta(days=400))
    draft = form_of(later, examiner)
    client.force_login(examiner)

    response = client.get(reverse("exams:examiner_home"))

    assert [f.pk for f in response.context["to_score"]] == [draft.pk]
    html = response.content.decode()
    first_row = html.index("data-assignment=")
    assert html[first_row:].startswith(f'data-assignment="{draft.pk}" data-draft')
    # 30 submitted forms page as 25 + 5, and the draft is on page 1 all the same
    assert len(response.context["history"]) == 25
    assert response.context["page"].paginator.num_pages == 2
    assert ExaminerAssignment.objects.filter(examiner=examiner, status="submitted").count() == 30


def test_it_lists_drafts_nearest_sitting_first(client, examiner):
    far = sitting(examiners=[examiner], starts_at=timezone.now() + timedelta(days=30))
    near = sitting(examiners=[examiner], starts_at=timezone.now() + timedelta(days=2))
    client.force_login(examiner)

    response = client.get(reverse("exams:examiner_home"))

    assert [f.sitting_id for f in response.context["to_score"]] == [near.pk, far.pk]


def test_it_pages_the_history_latest_submission_first_and_keeps_drafts_on_every_page(
    client, examiner
):
    _submitted_history(examiner, 27)
    draft = form_of(sitting(examiners=[examiner]), examiner)
    latest = (
        ExaminerAssignment.objects.filter(examiner=examiner, status="submitted")
        .order_by("-submitted_at", "-id")
        .first()
    )
    client.force_login(examiner)

    first = client.get(reverse("exams:examiner_home"))
    second = client.get(reverse("exams:examiner_home"), {"page": "2"})

    assert first.context["history"][0].pk == latest.pk
    assert len(second.context["history"]) == 2
    assert [f.pk for f in second.context["to_score"]] == [draft.pk]


def test_it_keeps_its_query_count_as_the_history_grows(
    client, examiner, django_assert_max_num_queries
):
    _submitted_history(examiner, 2)
    sitting(examiners=[examiner])
    client.force_login(examiner)
    url = reverse("exams:examiner_home")
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    baseline = len(few.captured_queries)

    _submitted_history(examiner, 30)
    for _ in range(5):
        sitting(examiners=[examiner])

    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert len(response.context["to_score"]) == 6
    assert len(response.context["history"]) == 25


def test_it_shows_each_form_status_and_score_in_words(client, examiner):
    _submitted_history(examiner, 1)
    sitting(examiners=[examiner])
    client.force_login(examiner)

    html = client.get(reverse("exams:examiner_home")).content.decode()

    assert "To score" in html and "Submitted" in html
    assert 'data-label="Score"' in html and "100.0" in html


def test_the_page_rejects_a_nonsense_page_number_without_an_error(client, examiner):
    client.force_login(examiner)

    response = client.get(reverse("exams:examiner_home"), {"page": "x' OR 1=1"})

    assert response.status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_each_form_shows_its_status_and_score_within_the_window(new_page):
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory

    examiner = UserFactory(roles=[Role.EXAMINER])
    _submitted_history(examiner, 2)
    sitting(examiners=[examiner])
    page = new_page(examiner)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("exams:examiner_home"))

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for cell in page.locator("[data-status], [data-score]").all():
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert cell.is_visible()
    assert page.locator("[data-score]").first.inner_text() == "100.0"


@pytest.mark.django_db
def test_the_history_page_is_read_in_index_order_without_sorting_the_sittings(examiner):
    from django.db import connection

    from exams.selectors.examiner_forms import scored_forms

    if connection.vendor != "sqlite":
        pytest.skip("the plan is checked on SQLite; PostgreSQL picks by table statistics")
    _submitted_history(examiner, 3)

    plan = scored_forms(examiner)[:25].explain()

    assert "USING INDEX examiner_forms_by_submission" in plan
    assert "TEMP B-TREE" not in plan  # no sort step: the index gives the order


@pytest.mark.django_db
def test_a_draft_of_a_sitting_no_longer_awaiting_scores_is_not_work(client, examiner):
    from exams.models import PracticalSitting

    open_form = form_of(sitting(examiners=[examiner]), examiner)
    closed = sitting(examiners=[examiner])
    PracticalSitting.objects.filter(pk=closed.pk).update(status=PracticalSitting.Status.FAILED)
    client.force_login(examiner)

    response = client.get(reverse("exams:examiner_home"))

    assert [f.pk for f in response.context["to_score"]] == [open_form.pk]
