"""The API docs (Swagger UI, served from this site) render under the strict
Content-Security-Policy: the operations are listed and the browser reports no violation."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_swagger_ui_lists_the_operations_without_a_csp_violation(new_page, tmp_path):
    page = new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))

    response = page.goto("/api/docs/")

    assert response.status == 200
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.locator(".opblock").first.wait_for()
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/certificates/lookup" in s.replace("\u200b", "") for s in summaries)
    # Opening an operation renders its parameters and responses (more of the UI's scripts).
    page.locator(".opblock-summary-path", has_text="lookup").first.click()
    page.get_by_role("button", name="Try it out").wait_for()
    page.screenshot(path=str(tmp_path / "api-docs.png"), full_page=True)
    violations = [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
    assert violations == [], violations
