import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
EXTERNAL_ASSET = re.compile(r"<(script|link|img|iframe)[^>]+(src|href)=\"(https?:)?//", re.I)


def test_no_template_loads_an_asset_from_another_host():
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and EXTERNAL_ASSET.search(path.read_text())
    ]

    assert offenders == []


@pytest.mark.django_db
def test_the_layout_serves_bootstrap_and_icons_locally(client):
    html = client.get(reverse("account_login")).content.decode()

    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        response = client.get(asset)
        assert response.status_code == 200, asset
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "/static/vendor/bootstrap/bootstrap.bundle.min.js" in html
