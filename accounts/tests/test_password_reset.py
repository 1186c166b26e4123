import re

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD


@pytest.mark.django_db
def test_it_resets_a_forgotten_password(client, applicant, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": applicant.email})
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)

    form_url = client.get(link.group(1)).url  # allauth moves the key out of the URL
    response = client.post(
        form_url, {"password1": "brand-new-passphrase-42", "password2": "brand-new-passphrase-42"}
    )

    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.check_password("brand-new-passphrase-42")
    assert not applicant.check_password(PASSWORD)


@pytest.mark.django_db
def test_it_sends_no_reset_link_for_an_unknown_address_but_answers_the_same(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert not any("/password/reset/key/" in mail.body for mail in mailoutbox)
