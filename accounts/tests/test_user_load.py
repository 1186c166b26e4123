"""The signed-in person's row is read without the ORM's query building (accounts/backends.py):
the result must be exactly what `User.objects.get` gives, and sign-in rules must still hold."""

from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.db.models import DateTimeField
from django.urls import reverse
from django.utils import timezone

from accounts.backends import ModelBackend, load_user
from accounts.models import User

from .factories import PASSWORD, UserFactory


def test_the_row_read_gives_the_same_user_as_the_orm(db):
    person = UserFactory()
    User.objects.filter(pk=person.pk).update(last_login=timezone.now())

    loaded = load_user(person.pk)
    expected = User.objects.get(pk=person.pk)

    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
        if isinstance(field, DateTimeField) and getattr(expected, field.attname):
            # converted as the ORM converts (SQLite returns text), aware in UTC
            assert getattr(loaded, field.attname).tzinfo is not None
    assert loaded._state.adding is False
    assert loaded._state.db == "default"


def test_no_user_for_an_unknown_id_or_a_deactivated_person(db):
    person = UserFactory()
    assert load_user(person.pk + 1000) is None

    User.objects.filter(pk=person.pk).update(is_active=False)
    assert ModelBackend().get_user(person.pk) is None


def test_a_signed_in_page_sees_the_person_and_their_deactivation(client, db):
    person = UserFactory()
    client.force_login(person)
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.ModelBackend"
    assert client.get(reverse("certification:dashboard")).status_code == 200

    User.objects.filter(pk=person.pk).update(is_active=False)
    response = client.get(reverse("certification:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_signing_in_with_e_mail_and_password_still_works(client, db):
    person = UserFactory()
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(person.pk)
    assert client.session[BACKEND_SESSION_KEY].startswith("accounts.backends.")
    assert client.get(reverse("certification:dashboard")).status_code == 200
