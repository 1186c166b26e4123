"""The examiner's list and form keep a constant number of SQL queries as data grows."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from exams.models import RubricCriterion

from .factories import form_data, form_of, rubric, sitting, small_criteria

pytestmark = pytest.mark.django_db


def test_the_examiner_sees_only_their_own_sittings(client, examiner, co_examiner):
    mine = sitting(examiners=[examiner])
    theirs = sitting(examiners=[co_examiner])
    client.force_login(examiner)

    html = client.get(reverse("exams:examiner_home")).content.decode()

    assert f'data-assignment="{form_of(mine, examiner).pk}"' in html
    assert f'data-assignment="{form_of(theirs, co_examiner).pk}"' not in html


def test_the_list_keeps_its_query_count_as_sittings_grow(
    client, examiner, django_assert_max_num_queries
):
    client.force_login(examiner)
    url = reverse("exams:examiner_home")
    for _ in range(3):
        sitting(examiners=[examiner])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(20):
        sitting(examiners=[examiner], candidate=UserFactory(roles=[Role.APPLICANT]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("data-assignment=") == 23


def many_criteria(count):
    base = small_criteria()
    return [base[i % 3] for i in range(count)]


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_form_keeps_its_query_count_as_criteria_and_scores_grow(
    client, examiner, django_assert_max_num_queries, method
):
    client.force_login(examiner)

    def load(criteria_count):
        exam = sitting(rubric_=rubric(criteria=many_criteria(criteria_count)), examiners=[examiner])
        form = form_of(exam, examiner)
        url = reverse("exams:score_form", args=[form.pk])
        values = [3] * criteria_count
        client.post(url, form_data(exam, *values, action="save"))  # saved scores to show
        if method == "get":
            return lambda: client.get(url)
        return lambda: client.post(url, form_data(exam, *values, action="save"))

    small = load(3)
    with django_assert_max_num_queries(40) as few:
        small()
    baseline = len(few.captured_queries)  # now: the next requests reset the query log
    large = load(30)
    assert RubricCriterion.objects.count() == 33
    with django_assert_max_num_queries(baseline):
        large()
