"""The ready queue's search: one "Name or e-mail" field narrows the queue (the selector's
`ReadyQueue(query=...)`), its count and its pages; hostile input is refused or matched
literally, never a server error; the page's queries do not grow with the queue."""

import html as html_module
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exams.models import PracticalReadiness, PracticalSitting
from exams.selectors.practical_queue import ReadyQueue, ready_for_practical
from programs.models import Enrollment
from programs.tests.factories import program_with_hands_on, trainee_with_hands_on_complete

from .factories import rubric, sitting

pytestmark = pytest.mark.django_db

URL = reverse("exams:practical_ready_queue")


@pytest.fixture
def program(db):
    return program_with_hands_on()


def waiting(program, name, email):
    return trainee_with_hands_on_complete(program, full_legal_name=name, email=email)


@pytest.fixture
def people(program):
    return {
        "maria": waiting(program, "Maria Okafor", "maria.okafor@clinic.test"),
        "mario": waiting(program, "Mario Rossi", "m.rossi@clinic.test"),
        "lena": waiting(program, "Lena Ng", "lena@okafor-family.test"),
    }


def listed(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-enrollment="(\d+)"', html)}


def test_it_narrows_the_queue_by_name_or_email_in_any_case(client, admin_user, people):
    client.force_login(admin_user)

    html = client.get(URL, {"q": "OKAFOR"}).content.decode()

    assert listed(html) == {people["maria"].pk, people["lena"].pk}  # name; e-mail
    assert "2 waiting match “OKAFOR”" in html
    assert f'<a class="btn btn-outline-secondary" href="{URL}">Clear</a>' in html


def test_the_search_is_stripped(client, admin_user, people):
    client.force_login(admin_user)

    html = client.get(URL, {"q": "  rossi  "}).content.decode()

    assert listed(html) == {people["mario"].pk}
    assert "1 waiting matches “rossi”" in html


def test_without_a_search_the_whole_queue_is_counted(client, admin_user, people):
    client.force_login(admin_user)

    html = client.get(URL, {"q": ""}).content.decode()

    assert listed(html) == {e.pk for e in people.values()}
    assert "3 waiting" in html and "match" not in html


def test_it_says_when_no_one_matches(client, admin_user, people):
    client.force_login(admin_user)

    html = client.get(URL, {"q": "Nakamura"}).content.decode()

    assert listed(html) == set()
    assert "No one waiting matches “Nakamura”." in html
    assert "3 waiting" not in html


def test_the_pages_keep_the_search(client, admin_user, program, settings):
    settings.PAGE_SIZE = 2
    matching = [waiting(program, f"Ana Silva {n}", f"ana{n}@clinic.test") for n in range(3)]
    for n in range(3):
        waiting(program, f"Bruno Costa {n}", f"bruno{n}@clinic.test")
    client.force_login(admin_user)

    first = client.get(URL, {"q": "silva"}).content.decode()
    (next_link,) = re.findall(r'<a class="page-link" href="([^"]+)">Next</a>', first)
    second = client.get(URL + html_module.unescape(next_link)).content.decode()

    assert "3 waiting match “silva”" in first and "3 waiting match “silva”" in second
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert listed(first) | listed(second) == {e.pk for e in matching}
    assert len(listed(first)) == 2 and len(listed(second)) == 1


def test_the_selector_narrows_the_rows_the_resit_rule_reads_too(program):
    """Those whose failures fill a round are worked out apart (`_held`): the search narrows
    them as it narrows the others, and the count agrees with the rows."""
    program.practical_attempts_allowed = 1
    program.practical_after_last_failure = program.AfterLastFailure.NEW_ENROLLMENT
    program.save(update_fields=["practical_attempts_allowed", "practical_after_last_failure"])
    clear = waiting(program, "Maria Okafor", "maria.okafor@clinic.test")
    waiting(program, "Mario Rossi", "m.rossi@clinic.test")
    reopened = []
    for name, email in [("Ada Okafor", "ada@clinic.test"), ("Bo Berg", "bo@clinic.test")]:
        enrollment = waiting(program, name, email)
        # Failed their one attempt before this enrollment: a new round, read by the resit rule.
        failed = sitting(rubric_=rubric(program=program), candidate=enrollment.applicant)
        PracticalSitting.objects.filter(pk=failed.pk).update(
            status=PracticalSitting.Status.FAILED,
            result_at=timezone.now() - timedelta(days=10),
        )
        Enrollment.objects.filter(pk=enrollment.pk).update(applied_at=timezone.now())
        reopened.append(enrollment)
    assert len(ready_for_practical()) == 4

    queue = ReadyQueue(query="okafor")

    assert queue.count() == 2
    assert {row.enrollment.pk for row in queue[0:25]} == {clear.pk, reopened[0].pk}
    assert [row.enrollment.pk for row in ReadyQueue(query="bo@")[0:25]] == [reopened[1].pk]


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("x" * 10_000, "Ensure this value has at most 100 characters (it has 10000)."),
        ("okafor\x00", "Null characters are not allowed."),
    ],
)
def test_a_search_it_cannot_run_is_refused_with_the_reason(
    client, admin_user, people, query, error
):
    client.force_login(admin_user)

    response = client.get(URL, {"q": query})

    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    assert listed(html) == set()  # nothing listed until the search is valid
    assert "Correct the search above." in html


@pytest.mark.parametrize("wildcard", ["%", "_", "%okafor%", "m_ria"])
def test_like_wildcards_are_matched_literally(client, admin_user, people, program, wildcard):
    underscored = waiting(program, "Kim Lee", "kim_lee@clinic.test")
    client.force_login(admin_user)

    response = client.get(URL, {"q": wildcard})

    assert response.status_code == 200
    expected = {underscored.pk} if wildcard == "_" else set()
    assert listed(response.content.decode()) == expected


def test_markup_in_the_search_is_shown_as_text(client, admin_user, people):
    client.force_login(admin_user)
    hostile = '"><script>alert(1)</script>'

    html = client.get(URL, {"q": hostile}).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "No one waiting matches “&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;”." in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_the_search_takes_the_same_queries_however_long_the_queue(
    client, admin_user, program, django_assert_max_num_queries
):
    waiting(program, "Ana Silva", "ana@clinic.test")
    waiting(program, "Bruno Costa", "bruno@clinic.test")
    client.force_login(admin_user)
    with django_assert_max_num_queries(30) as few:
        client.get(URL, {"q": "silva"})
    baseline = len(few.captured_queries)
    for n in range(4):
        enrollment = waiting(program, f"Ana Silva {n}", f"ana{n}@clinic.test")
        PracticalReadiness.objects.create(candidate=enrollment.applicant, program=program)
        waiting(program, f"Bruno Costa {n}", f"bruno{n}@clinic.test")

    with django_assert_max_num_queries(baseline):
        response = client.get(URL, {"q": "silva"})

    assert len(listed(response.content.decode())) == 5
