"""The review queue's filter: its selects cost no query and no template per option. The
jurisdictions come from the cache, which forgets them whenever one is saved or deleted."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import filters
from accounts.filters import ReviewQueueFilter
from accounts.models import Jurisdiction

from .factories import MedicalLicenseFactory, jurisdiction

pytestmark = pytest.mark.django_db
URL = reverse("accounts:review_queue")


def options(html: str, name: str) -> list[tuple[str, str, bool]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select
        )
    ]


def test_the_selects_offer_every_choice_and_keep_the_chosen_one(client, admin_user):
    client.force_login(admin_user)
    gb = jurisdiction("GB")

    html = client.get(URL, {"jurisdiction": gb.pk, "kind": "license"}).content.decode()

    offered = options(html, "jurisdiction")
    assert offered[0] == ("", "All jurisdictions", False)
    assert len(offered) == Jurisdiction.objects.count() + 1
    assert (str(gb.pk), gb.name, True) in offered
    assert [o for o in options(html, "kind") if o[2]] == [("license", "Medical licenses", True)]
    assert '<label class="form-label" for="id_jurisdiction">Jurisdiction</label>' in html
    assert 'class="form-select"' in html


def test_a_second_view_reads_no_jurisdictions(client, admin_user):
    client.force_login(admin_user)
    client.get(URL)

    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200

    assert not [q for q in captured if "accounts_jurisdiction" in q["sql"].split("WHERE")[0]]


def test_a_new_jurisdiction_is_offered_at_once_and_a_deleted_one_leaves(client, admin_user):
    client.force_login(admin_user)
    client.get(URL)  # the choices are cached

    added = Jurisdiction.objects.create(code="XX-NEW", name="Newland", kind="country")
    assert (str(added.pk), "Newland", False) in options(
        client.get(URL).content.decode(), "jurisdiction"
    )

    added.delete()
    assert "Newland" not in client.get(URL).content.decode()


def test_labels_are_escaped():
    Jurisdiction.objects.create(code="XX-ESC", name="<b>Bold</b> & co", kind="country")

    html = str(ReviewQueueFilter().form["jurisdiction"])

    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html and "<b>" not in html


def test_an_unknown_jurisdiction_is_a_form_error_not_a_server_error(client, admin_user):
    client.force_login(admin_user)
    MedicalLicenseFactory()

    response = client.get(URL, {"jurisdiction": "999999"})

    assert response.status_code == 200
    assert response.context["items"] == []
    html = response.content.decode()
    assert 'id="id_jurisdiction-error"' in html and 'aria-invalid="true"' in html


def test_the_bar_is_built_once_per_query_and_choice_set(client, admin_user, monkeypatch):
    built = []
    monkeypatch.setattr(filters, "_review_queue_bars", {})
    monkeypatch.setattr(
        filters.ReviewQueueFilter, "__init__", _spy(filters.ReviewQueueFilter.__init__, built)
    )
    client.force_login(admin_user)

    client.get(URL, {"kind": "license"})
    client.get(URL, {"kind": "license", "page": "1"})  # the same filters: the bar is kept
    assert len(built) == 1

    client.get(URL, {"kind": "ce"})  # other filters: another bar
    added = Jurisdiction.objects.create(code="XX-NEW", name="Newland", kind="country")
    html = client.get(URL, {"kind": "license"}).content.decode()  # other choices: another bar
    assert len(built) == 3
    assert (str(added.pk), "Newland", False) in options(html, "jurisdiction")
    assert ("license", "Medical licenses", True) in options(html, "kind")


def _spy(init, calls):
    def spied(self, *args, **kwargs):
        calls.append(args)
        init(self, *args, **kwargs)

    return spied
