"""Supporting credentials: a CE certificate has credit hours, a certification says which one."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, ReviewStatus, SupportingCredential

from .factories import credential_form_data, today

URL = reverse("accounts:submit", args=["credential"])


def _days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


@pytest.mark.django_db
def test_it_saves_a_ce_certificate_as_submitted_and_audits_it(client, applicant):
    client.force_login(applicant)

    response = client.post(URL, credential_form_data(credit_hours="6.5"))

    assert response.status_code == 302
    credential = SupportingCredential.objects.get()
    assert credential.applicant == applicant
    assert credential.status == ReviewStatus.SUBMITTED
    assert str(credential.credit_hours) == "6.5"
    assert credential.certification_type is None
    entry = AuditEntry.objects.get(action="credential.submitted")
    assert (entry.actor, entry.target_id) == (applicant, str(credential.pk))


@pytest.mark.django_db
def test_it_saves_a_certification_with_its_type(client, applicant, bls):
    client.force_login(applicant)

    response = client.post(
        URL,
        credential_form_data(
            kind="certification",
            certification_type=bls.pk,
            credit_hours="",
            expires_on=_days(700),
        ),
    )

    assert response.status_code == 302
    credential = SupportingCredential.objects.get()
    assert credential.certification_type == bls
    assert credential.credit_hours is None


@pytest.mark.django_db
def test_it_refuses_a_ce_certificate_without_credit_hours(client, applicant):
    client.force_login(applicant)

    response = client.post(URL, credential_form_data(credit_hours=""))

    assert response.context["form"].errors["credit_hours"] == [
        "Enter the credit hours of this CE certificate."
    ]
    assert not SupportingCredential.objects.exists()


@pytest.mark.parametrize("hours", ["0", "-2", "200.5"])
@pytest.mark.django_db
def test_it_refuses_ce_credit_hours_out_of_range(client, applicant, hours):
    client.force_login(applicant)

    response = client.post(URL, credential_form_data(credit_hours=hours))

    assert response.context["form"].errors["credit_hours"]
    assert not SupportingCredential.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_certification_without_its_type(client, applicant):
    client.force_login(applicant)

    response = client.post(
        URL, credential_form_data(kind="certification", certification_type="", credit_hours="")
    )

    assert response.context["form"].errors["certification_type"] == [
        "Choose which certification this is."
    ]
    assert not SupportingCredential.objects.exists()


@pytest.mark.parametrize(
    "field, completed_on, expires_on, error",
    [
        ("completed_on", 1, "", "The date cannot be in the future."),
        ("expires_on", -30, -40, "The expiry date must be after the completion date."),
        ("expires_on", -400, -1, "This credential has expired; submit a current one."),
    ],
)
@pytest.mark.django_db
def test_it_refuses_credential_dates_that_make_no_sense(
    client, applicant, field, completed_on, expires_on, error
):
    client.force_login(applicant)
    data = credential_form_data(
        completed_on=_days(completed_on),
        expires_on=_days(expires_on) if expires_on != "" else "",
    )

    response = client.post(URL, data)

    assert error in response.context["form"].errors[field]
    assert not SupportingCredential.objects.exists()
