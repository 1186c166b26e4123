"""The report pages in Chromium: they fit 390 and 1280 px without sideways scrolling, pass
axe-core (WCAG 2.2 AA, serious and critical), and the export page's progress bar follows the
task through its static script under the site's strict CSP. Screenshots go to test-artifacts/."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from accounts.tests.factories import ensure_reference_data
from certification.models import ReportExport

from .certificates import certificate_storage  # noqa: F401 (fixture)
from .reports import certificate_issued_on, revoke_on
from .test_browser_every_page import AXE, AXE_RUN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "reports"


def _signed_in_page(browser, live_server, user, **context_options):
    context = browser.new_context(base_url=live_server.url, **context_options)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.mark.usefixtures("certificate_storage")
def test_the_report_pages_fit_both_widths_and_pass_axe(browser, live_server, admin_user):
    ensure_reference_data()
    certificates = [certificate_issued_on(date(2026, 1, 10)) for _ in range(3)]
    revoke_on(date(2026, 4, 1), certificates[0], admin_user)
    # bypass_csp: the test injects axe-core as a script; the site's own policy stays strict.
    context, page = _signed_in_page(browser, live_server, admin_user, bypass_csp=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    pages = {
        "registry": "/staff/reports/?as_of=2026-05-01",
        "ce-roster": "/staff/reports/ce-roster/",
        "monthly": "/staff/reports/monthly/?first=2025-12&last=2026-05",
        "exports": "/staff/reports/exports/",
    }
    for name, path in pages.items():
        page.goto(path)
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                problems.append(f"{path} at {width} px: the page is {wide} px wide")
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            if not page.evaluate("typeof axe !== 'undefined'"):
                page.add_script_tag(path=str(AXE))
            for v in page.evaluate(AXE_RUN):
                problems.append(f"{path} at {width} px: axe {v['id']} on {json.dumps(v['nodes'])}")
    context.close()
    assert problems == [], "\n".join(problems)


def test_the_progress_bar_follows_the_task_and_offers_the_file(browser, live_server, admin_user):
    export = ReportExport.objects.create(
        requested_by=admin_user, kind="registry", file_format="csv", rows_total=10, rows_done=3
    )
    context, page = _signed_in_page(browser, live_server, admin_user)
    csp_errors = []

    def on_console(message):
        if "Content Security" in message.text:
            csp_errors.append(message.text)

    page.on("console", on_console)
    page.goto(f"/staff/reports/exports/{export.pk}/")
    assert page.get_attribute("[data-export-progress]", "value") == "30"
    assert page.is_hidden("[data-export-download]")

    from django.core.files.base import ContentFile

    export.file.save("done.csv", ContentFile(b"a,b\n"), save=False)
    ReportExport.objects.filter(pk=export.pk).update(
        status="done", rows_done=10, file=export.file.name
    )
    page.wait_for_selector("[data-export-download]:not([hidden])")
    assert page.get_attribute("[data-export-progress]", "value") == "100"
    page.set_viewport_size({"width": 390, "height": 700})
    page.screenshot(path=str(SHOTS / "export-390.png"), full_page=True)
    context.close()
    export.file.delete(save=False)
    assert csp_errors == []
