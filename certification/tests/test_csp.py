"""A strict Content-Security-Policy on every page, and nothing in the templates that needs
'unsafe-inline': no style attributes, no inline scripts, no <style> blocks, no on* handlers."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import UserFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "account_login", "account_signup", "healthz"])
def test_every_page_carries_a_strict_policy(client, url_name):
    response = client.get(reverse(url_name))

    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_admin_carries_the_same_policy(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def _templates():
    # *_pdf.html are rendered by WeasyPrint into PDFs, never served to a browser: they keep
    # their <style> blocks.
    return sorted(p for p in TEMPLATES.rglob("*.html") if not p.name.endswith("_pdf.html"))


INLINE = {
    "a style attribute": re.compile(r"""\sstyle\s*=""", re.I),
    "a <style> block": re.compile(r"<style[\s>]", re.I),
    "an inline event handler": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)


def test_the_scan_finds_what_it_looks_for():
    html = '<div style="x"><script>alert(1)</script><a onclick="x">'
    assert INLINE["a style attribute"].search(html)
    assert INLINE["an inline event handler"].search(html)
    assert [m for m in SCRIPT_TAG.findall(html) if "src=" not in m] == [""]


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_needs_unsafe_inline(path):
    text = path.read_text()
    for what, pattern in INLINE.items():
        assert not pattern.search(text), f"{path.relative_to(TEMPLATES)} has {what}"
    for attributes in SCRIPT_TAG.findall(text):
        # Data blocks (JSON) are not executed; every executed script comes from a file.
        assert "src=" in attributes or 'type="application/json"' in attributes, (
            f"{path.relative_to(TEMPLATES)} has an inline script"
        )


@pytest.mark.parametrize("percent", [0, 42, 100])
def test_a_progress_bar_shows_its_percent_without_a_style_attribute(percent):
    from django.template.loader import render_to_string

    class Minimum:
        label, done, required, met = "Hours", 4, 10, False

    Minimum.percent = percent
    html = render_to_string(
        "programs/training/_progress.html", {"hands_on": {"minimums": [Minimum]}}
    )

    bar = re.search(r"<progress[^>]*>", html).group(0)
    assert f'value="{percent}"' in bar and 'max="100"' in bar
    assert "style=" not in bar
