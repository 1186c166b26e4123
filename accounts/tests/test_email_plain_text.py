"""Plain-text e-mails show names as typed: no HTML entities (the .txt templates are not HTML)."""

import pytest
from django.urls import reverse

from accounts.emails import render_email

from .factories import MedicalLicenseFactory, UserFactory

NAME = "<script>alert(1)</script> O'Brien & Sons"


@pytest.mark.django_db
def test_the_verification_email_shows_the_name_unescaped(
    client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = UserFactory(full_legal_name=NAME)
    license = MedicalLicenseFactory(applicant=applicant, number="A<1>")
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:verify", args=["license", license.pk]))

    [mail] = mailoutbox
    assert f"Dear {NAME}," in mail.body
    assert "&lt;" not in mail.body and "&#x27;" not in mail.body and "&amp;" not in mail.body
    assert "A<1>" in mail.subject


def test_the_rejection_email_shows_the_reason_unescaped():
    class Named:
        full_legal_name = NAME

    class Item:
        rejection_reason = "Scan <unreadable> & cut off"

        def __str__(self):
            return "<b>license</b>"

    subject, body = render_email("rejected", {"user": Named(), "item": Item()})

    assert subject == "<b>license</b> needs your attention"
    assert NAME in body and "Scan <unreadable> & cut off" in body
