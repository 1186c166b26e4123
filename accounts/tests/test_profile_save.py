"""Editing a profile writes the fields the applicant edits, never the whole row as it was read."""

import pytest

from accounts.models import ApplicantProfile
from accounts.services import save_profile

from .factories import ApplicantProfileFactory

pytestmark = pytest.mark.django_db


def test_an_edit_writes_the_edited_fields_and_keeps_the_owner(applicant):
    profile = ApplicantProfileFactory(user=applicant, city="Boston")
    edited = ApplicantProfile.objects.get(pk=profile.pk)
    edited.city = "Denver"

    save_profile(user=applicant, full_legal_name=applicant.full_legal_name, profile=edited)

    stored = ApplicantProfile.objects.get(pk=profile.pk)
    assert (stored.city, stored.user_id) == ("Denver", applicant.pk)
    assert ApplicantProfile.objects.filter(user=applicant).count() == 1


def test_a_first_profile_is_created(applicant):
    profile = ApplicantProfileFactory.build(user=None, city="Austin")

    save_profile(user=applicant, full_legal_name=applicant.full_legal_name, profile=profile)

    assert ApplicantProfile.objects.get(user=applicant).city == "Austin"
