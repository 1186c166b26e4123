"""Every page of every role, as people meet it: the demo data, each demo login in Chromium, every
page reachable by following links from their home, at a phone's width (390 px), a laptop's (1280)
and a wide screen's (1920). A page fails when:

- the document is wider than the window (sideways scrolling);
- axe-core (from the npm registry, package.json; injected from node_modules, never a CDN) reports a
  serious or critical WCAG 2.2 AA violation, among them links and buttons with no accessible name.

One URL per view is visited (the first link found to it), so the walk grows with the product's
pages, not with the demo's rows.
"""

import json
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from accounts.models import User
from accounts.tests.factories import ensure_reference_data

from .certificates import certificate_storage  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("certificate_storage"),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (390, 1280, 1920)
# axe runs on every page at 1280 px, and at 390 px on each person's first page (the collapsed
# menu): a page's colours and names do not change with the width, and axe is the slow part.
REPORT = Path(settings.BASE_DIR) / "test-artifacts" / "every-page.txt"
VISITED = REPORT.with_name("every-page-visited.txt")  # which pages each person reached
MAX_PAGES_PER_PERSON = 60
# Links that leave the pages people read: sign-out, downloads, the Django back-office.
SKIP_PREFIXES = ("/accounts/logout", "/admin/", "/static/", "/healthz", "/api/")
SKIP_SUFFIXES = (".pdf", ".csv", ".json", ".jwt", ".zip", ".ics", "/pdf", "/document/", "/export/")
# The applicants at the steps whose pages differ most, and each staff role.
DEMO_LOGINS = [
    "trainee@demo.test",
    "ryan.doyle@demo.test",
    "tom.reilly@demo.test",
    "holder@demo.test",
    # The certificate's later life: renewal, CE audit proofs, a lapse, a suspension, an appeal.
    "renewing@demo.test",
    "audited@demo.test",
    "lapsed@demo.test",
    "suspended@demo.test",
    "rejected@demo.test",
    "admin@demo.test",
    "instructor@demo.test",
    "examiner@demo.test",
]

AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
    resultTypes: ['violations'],
  });
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.fixture
def demo(settings):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test`, which installs the npm packages.")
    ensure_reference_data()  # transactional tests lose the migrations' reference data
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def _view_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
            continue
        paths.append(path)
    return paths


def _check(page, path: str, *, first: bool) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append(f"{path} at {width} px: the page is {wide} px wide")
        if width == 1280 or (width == 390 and first):
            if not page.evaluate("typeof axe !== 'undefined'"):
                page.add_script_tag(path=str(AXE))
            for v in page.evaluate(AXE_RUN):
                problems.append(
                    f"{path} at {width} px: axe {v['impact']} {v['id']} ({v['help']}) "
                    f"on {json.dumps(v['nodes'])}"
                )
    return problems


def _walk(browser, live_server, user) -> tuple[list[str], list[str]]:
    # bypass_csp: the test injects axe-core as a script; the site's own policy stays strict.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    seen_views, visited, problems = set(), [], []
    queue = deque(["/"])
    try:
        while queue and len(visited) < MAX_PAGES_PER_PERSON:
            path = queue.popleft()
            try:
                response = page.goto(path)
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    continue  # a file to save, not a page to read
                raise
            landed = urlsplit(page.url).path
            view = _view_of(landed)
            if view in seen_views:
                continue
            seen_views.add(view)
            visited.append(landed)
            if response is None or response.status >= 400:
                problems.append(f"{path}: answered {response.status if response else 'nothing'}")
                continue
            problems += _check(page, landed, first=len(visited) == 1)
            for link in _links(page, live_server.url):
                if _view_of(urlsplit(link).path) not in seen_views:
                    queue.append(link)
    finally:
        context.close()
    return visited, problems


def test_every_page_of_every_role_fits_and_passes_axe(demo, browser, live_server):
    report, reached = [], []
    for email in DEMO_LOGINS:
        user = User.objects.get(email=email)
        visited, problems = _walk(browser, live_server, user)
        assert len(visited) > 2, f"{email} reached only {visited}"
        report += [f"{email}: {problem}" for problem in problems]
        reached += [f"{email}: {path}" for path in visited]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(report) + "\n")
    VISITED.write_text("\n".join(reached) + "\n")
    assert not report, f"{len(report)} problems, listed in {REPORT}:\n" + "\n".join(report[:40])
