"""A partner with a pathway key reads the pathway of an applicant who consented to it, only
while the consent holds; the applicant grants and withdraws it on their page, audited."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from api.models import PathwayConsent

from .helpers import Scope, auth, make_key

pytestmark = pytest.mark.django_db


def _pathway(client, key, email):
    return client.get(reverse("api:applicant_pathway"), {"email": email}, **auth(key))


def test_it_reads_the_pathway_only_while_the_applicant_consents(client, applicant):
    row, key = make_key(Scope.PATHWAY, partner="Skill Academy")
    assert _pathway(client, key, applicant.email).json()["code"] == "no_consent"

    client.force_login(applicant)
    page = client.get(reverse("api:consents"))
    assert "Skill Academy" in page.content.decode()
    client.post(reverse("api:grant_consent"), {"partner": row.partner.pk})
    assert PathwayConsent.objects.get(applicant=applicant, partner=row.partner).withdrawn_at is None

    response = _pathway(client, key, applicant.email.upper())
    assert response.status_code == 200
    body = response.json()
    assert [step["number"] for step in body["steps"]] == [1, 2, 3, 4, 5]
    assert body["certified"] is False

    client.post(reverse("api:withdraw_consent"), {"partner": row.partner.pk})
    assert _pathway(client, key, applicant.email).status_code == 404
    actions = list(
        AuditEntry.objects.filter(subject_id=applicant.pk)
        .filter(action__startswith="pathway_consent.")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == ["pathway_consent.granted", "pathway_consent.withdrawn"]


def test_it_does_not_show_a_consent_given_to_another_partner(client, applicant):
    mine, _ = make_key(Scope.PATHWAY, partner="Skill Academy")
    _, other_key = make_key(Scope.PATHWAY, partner="Other Platform")
    client.force_login(applicant)
    client.post(reverse("api:grant_consent"), {"partner": mine.partner.pk})

    assert _pathway(client, other_key, applicant.email).status_code == 404


def test_the_consent_page_is_for_applicants(client, instructor):
    client.force_login(instructor)
    assert client.get(reverse("api:consents")).status_code == 403
