"""The review queue: open items of every kind, oldest first, filterable; decided items leave."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import LicenseType, ReviewStatus

from .factories import MedicalLicenseFactory, SupportingCredentialFactory, jurisdiction

URL = reverse("accounts:review_queue")


def _ago(hours):
    return timezone.now() - timedelta(hours=hours)


def _queue(client, **filters):
    response = client.get(URL, filters)
    assert response.status_code == 200
    return [(row.kind, row.pk) for row in response.context["items"]]


@pytest.fixture
def items(applicant, stranger):
    """One of each kind, submitted at different times; and a decided one of each."""
    return {
        "rn_gb": MedicalLicenseFactory(
            applicant=stranger,
            license_type=LicenseType.REGISTERED_NURSE,
            supervising_physician="Dr. Who",
            jurisdiction=jurisdiction("GB"),
            submitted_at=_ago(10),
        ),
        "ce": SupportingCredentialFactory(applicant=applicant, submitted_at=_ago(30)),
        "physician_ca": MedicalLicenseFactory(applicant=applicant, submitted_at=_ago(20)),
        "bls": SupportingCredentialFactory(
            applicant=stranger, bls=True, submitted_at=_ago(5), status=ReviewStatus.UNDER_REVIEW
        ),
        "verified": MedicalLicenseFactory(
            applicant=applicant, verified=True, submitted_at=_ago(40)
        ),
        "rejected": SupportingCredentialFactory(
            applicant=applicant, status=ReviewStatus.REJECTED, submitted_at=_ago(40)
        ),
    }


def _key(item):
    return ("license" if item._meta.model_name == "medicallicense" else "credential", item.pk)


@pytest.mark.django_db
def test_it_lists_open_items_oldest_first(client, admin_user, items):
    client.force_login(admin_user)

    assert _queue(client) == [
        _key(items["ce"]),
        _key(items["physician_ca"]),
        _key(items["rn_gb"]),
        _key(items["bls"]),
    ]


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("license", ["physician_ca", "rn_gb"]),
        ("ce", ["ce"]),
        ("certification", ["bls"]),
    ],
)
@pytest.mark.django_db
def test_it_filters_by_kind(client, admin_user, items, kind, expected):
    client.force_login(admin_user)

    assert _queue(client, kind=kind) == [_key(items[name]) for name in expected]


@pytest.mark.django_db
def test_it_filters_by_license_type(client, admin_user, items):
    client.force_login(admin_user)

    assert _queue(client, license_type="rn") == [_key(items["rn_gb"])]


@pytest.mark.django_db
def test_it_filters_licenses_by_jurisdiction(client, admin_user, items):
    client.force_login(admin_user)

    queue = _queue(client, jurisdiction=jurisdiction("GB").pk, kind="license")

    assert queue == [_key(items["rn_gb"])]


@pytest.mark.django_db
def test_it_filters_credentials_by_their_applicants_jurisdiction(client, admin_user, items):
    client.force_login(admin_user)

    queue = _queue(client, jurisdiction=jurisdiction("US-CA").pk)

    assert queue == [_key(items["ce"]), _key(items["physician_ca"])]


@pytest.mark.django_db
def test_it_drops_items_once_decided(client, admin_user, items):
    client.force_login(admin_user)
    client.post(reverse("accounts:verify", args=["license", items["physician_ca"].pk]))
    client.post(
        reverse("accounts:reject", args=["credential", items["ce"].pk]),
        {"reason": "No.", "confirmed": "1"},
    )

    assert _queue(client) == [_key(items["rn_gb"]), _key(items["bls"])]


@pytest.mark.django_db
def test_it_pages_the_queue(client, admin_user, applicant):
    for hours in range(30, 0, -1):
        SupportingCredentialFactory(applicant=applicant, submitted_at=_ago(hours))
    client.force_login(admin_user)

    first, second = _queue(client), _queue(client, page=2)

    assert len(first) == settings.PAGE_SIZE == 25
    assert len(second) == 5
    assert not set(first) & set(second)


@pytest.mark.django_db
def test_the_page_links_keep_the_filter(client, admin_user, applicant):
    for hours in range(30, 0, -1):
        SupportingCredentialFactory(applicant=applicant, submitted_at=_ago(hours), kind="ce")
    client.force_login(admin_user)

    html = client.get(reverse("accounts:review_queue"), {"kind": "ce", "page": 2}).content
    assert b'href="?kind=ce&amp;page=1"' in html


@pytest.mark.django_db
def test_each_row_shows_the_item_its_status_and_its_review_link(client, admin_user, items):
    client.force_login(admin_user)

    html = client.get(URL).content.decode()

    license = items["physician_ca"]
    row = html[html.index(f'data-queue-item="license-{license.pk}"') :].split("</tr>")[0]
    assert license.applicant.full_legal_name in row and license.applicant.email in row
    assert f"{license.get_license_type_display()} · {license.number}" in row
    assert f'<td data-label="Jurisdiction">{license.jurisdiction.name}</td>' in row
    assert '<span class="badge text-bg-secondary" data-status="submitted">Submitted</span>' in row
    assert f'href="{reverse("accounts:review", args=["license", license.pk])}"' in row
    local = timezone.localtime(license.submitted_at)
    assert f'<td data-label="Submitted">{local:%-d %b %Y %H:%M}</td>' in row

    bls = items["bls"]
    row = html[html.index(f'data-queue-item="credential-{bls.pk}"') :].split("</tr>")[0]
    assert f"{bls.certification_type.code} · {bls.title}" in row
    assert 'class="badge text-bg-info" data-status="under_review"' in row
    ce = items["ce"]
    ce.refresh_from_db()  # the hours as stored (a decimal: "8.0")
    row = html[html.index(f'data-queue-item="credential-{ce.pk}"') :].split("</tr>")[0]
    assert f"CE · {ce.credit_hours} h · {ce.title}" in row


@pytest.mark.django_db
def test_the_rows_escape_what_people_typed(client, admin_user, applicant):
    applicant.full_legal_name = "<b>Bold</b> & co"
    applicant.save(update_fields=["full_legal_name"])
    SupportingCredentialFactory(applicant=applicant, title='<script>"x"</script>')
    client.force_login(admin_user)

    html = client.get(URL).content.decode()

    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html and "<b>Bold" not in html
    assert "&lt;script&gt;&quot;x&quot;&lt;/script&gt;" in html and '<script>"x"' not in html
