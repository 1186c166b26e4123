"""A hostile-input sweep: every form each role can reach answers hostile values without a
server error (issue 18 found 38 such 5xx among ~10,650 fuzzed posts), and shows no NUL back.

Pages are discovered from the URLconf (every route without arguments) and by following the
links of each role's pages, so routes with ids are reached with real ids; one page per route.
Every POST and GET form found is sent once per hostile value, with that value in every field
(management forms of formsets included) and as the content of every file field.
"""

import json
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from accounts.tests.factories import MedicalLicenseFactory
from exams.services.written import start_attempt
from exams.tests.practical.factories import rubric, sitting
from exams.tests.written.factories import candidate_for, exam_with_bank
from programs.models import Enrollment
from programs.tests.factories import HandsOnSessionFactory

pytestmark = pytest.mark.django_db

HOSTILE = {
    "nul": "1\x00",
    "huge int": str(2**64),
    "unicode digit": "²",
    "10k chars": "x" * 10_000,
    "nested json": "[" * 5_000 + "]" * 5_000,
}
# Pages whose forms end the session or that serve downloads: not fuzzed, not followed.
SKIP = ("/accounts/logout/", "/admin/", "/static/", "/media/", "pdf", ".json", "/export")
MAX_PAGES_PER_ROLE = 40


class Forms(HTMLParser):
    """The links and forms of a page: each form's method, action and field names."""

    def __init__(self):
        super().__init__()
        self.links, self.forms = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append({"method": method, "action": attrs.get("action"), "fields": {}})
        elif tag in {"input", "select", "textarea", "button"} and self.forms and attrs.get("name"):
            kind = "file" if attrs.get("type") == "file" else "text"
            self.forms[-1]["fields"][attrs["name"]] = kind


def routes_without_arguments(resolver=None, prefix="") -> list[str]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += routes_without_arguments(entry, route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(" not in route:
            found.append("/" + route.lstrip("^").rstrip("$"))
    return [r for r in found if not any(s in r for s in SKIP)]


def world(admin_user, instructor, examiner):
    """One of everything a role's pages list, so their links lead to pages with forms."""
    exam = exam_with_bank(questions=2)
    candidate = candidate_for(exam)
    start_attempt(exam=exam, candidate=candidate)
    enrollment = Enrollment.objects.get(applicant=candidate)
    enrollment.cohort.instructors.add(instructor)
    HandsOnSessionFactory(enrollment=enrollment, supervisor=instructor)
    MedicalLicenseFactory(applicant=candidate, number="FUZZ-1")
    sitting(rubric_=rubric(program=exam.program), candidate=candidate, examiners=[examiner])
    return candidate


def route_of(url: str) -> str:
    """One page per route: /staff/people/4/ and /staff/people/5/ share their forms."""
    try:
        return resolve(url).route
    except Resolver404:
        return url


def sweep(client: Client, start: list[str], fuzzed: set) -> list[str]:
    errors, seen, queue = [], set(), list(start)
    pages = 0
    while queue and pages < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        if route_of(url) in seen or any(s in url for s in SKIP):
            continue
        seen.add(route_of(url))
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"GET {url}: {response.status_code}")
        if response.status_code in {301, 302}:
            queue.append(urlsplit(response["Location"]).path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        parser = Forms()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = urljoin(url, href)
            if urlsplit(target).netloc in {"", "testserver"}:
                queue.append(urlsplit(target).path)
        for form in parser.forms:
            action = urljoin(url, form["action"] or url)
            # The same form met again (another role's copy of the e-mail page): once is enough.
            key = (route_of(urlsplit(action).path), form["method"], tuple(form["fields"]))
            if key in fuzzed or any(s in action for s in SKIP):
                continue
            fuzzed.add(key)
            errors += fuzz_form(client, action, form)
    return errors


def fuzz_form(client: Client, action: str, form: dict) -> list[str]:
    errors = []

    for label, value in HOSTILE.items():
        data = {}
        for name, kind in form["fields"].items():
            if name == "csrfmiddlewaretoken":
                continue
            data[name] = (
                SimpleUploadedFile("hostile.json", json.dumps(value).encode() + b"\x00")
                if kind == "file"
                else value
            )
        if form["method"] == "post":
            response = client.post(action, data)
        else:
            response = client.get(action, {k: v for k, v in data.items() if isinstance(v, str)})
        if response.status_code >= 500:
            errors.append(f"{form['method'].upper()} {action} ({label}): {response.status_code}")
        elif b"\x00" in response.content and "html" in response.get("Content-Type", ""):
            # No HTML document may hold a NUL: a refused value is shown back without it.
            errors.append(f"{form['method'].upper()} {action} ({label}): a NUL shown back")
    return errors


def test_no_form_of_any_role_answers_a_server_error(admin_user, instructor, examiner):
    started = time.monotonic()
    candidate = world(admin_user, instructor, examiner)
    routes = routes_without_arguments()
    errors, fuzzed = [], set()
    for user in (None, candidate, admin_user, instructor, examiner):
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        # Signed out: every route without arguments. Signed in: what the role's pages link
        # to (its menu reaches every page of its own, with real ids).
        errors += sweep(client, ["/", *routes] if user is None else ["/"], fuzzed)

    assert errors == []
    # A budget, so the sweep stays a quick test (about 10 s on an idle 2-core machine).
    assert time.monotonic() - started < 90


REPORT_PAGES = ["/staff/reports/", "/staff/reports/ce-roster/", "/staff/reports/monthly/"]


def test_the_report_forms_answer_hostile_values_without_a_server_error(admin_user):
    """The reports' filter forms (GET) and download forms (POST): every parameter is parsed by a
    form, so hostile dates, ids, statuses and formats are messages, never a 5xx."""
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    errors = []
    for url in REPORT_PAGES:
        page = client.get(url)
        assert page.status_code == 200, url
        parser = Forms()
        parser.feed(page.content.decode())
        actions = [(urljoin(url, form["action"] or url), form) for form in parser.forms]
        reports = [(action, form) for action, form in actions if "/staff/reports/" in action]
        assert reports, url
        for action, form in reports:  # not the menu's sign-out form
            errors += fuzz_form(client, action, form)
    assert errors == []
