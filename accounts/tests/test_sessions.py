"""Sessions are read from the cache and written through to the database (accounts/sessions.py)."""

import time

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from accounts.sessions import CACHE_SECONDS, SessionStore


def cache_entry_expires_in(store: SessionStore) -> float:
    # the locmem cache of the tests keeps each key's expiry time beside it
    return cache._expire_info[cache.make_key(store.cache_key)] - time.time()


def test_a_session_is_written_to_the_database_and_read_from_the_cache(
    db, django_assert_num_queries
):
    store = SessionStore()
    store["answer"] = 42
    store.save()

    assert Session.objects.filter(session_key=store.session_key).exists()
    with django_assert_num_queries(0):
        assert SessionStore(store.session_key)["answer"] == 42


def test_the_cache_keeps_a_session_for_minutes_not_for_the_sessions_whole_age(db):
    store = SessionStore()
    store["answer"] = 42
    store.set_expiry(14 * 24 * 3600)
    store.save()

    assert 0 < cache_entry_expires_in(store) <= CACHE_SECONDS
    # the database row keeps the session's own expiry
    expires = Session.objects.get(session_key=store.session_key).expire_date
    assert (expires - store.get_expiry_date()).total_seconds() < 1


def test_a_session_the_cache_forgot_is_read_again_from_the_database(db):
    store = SessionStore()
    store["answer"] = 42
    store.save()
    cache.clear()

    assert SessionStore(store.session_key)["answer"] == 42
    assert 0 < cache_entry_expires_in(store) <= CACHE_SECONDS


def test_signing_out_ends_the_session_in_the_cache_and_the_database(client, applicant):
    client.force_login(applicant)
    key = client.session.session_key
    assert client.get(reverse("certification:dashboard")).status_code == 200

    client.post(reverse("account_logout"))

    assert not Session.objects.filter(session_key=key).exists()
    assert SessionStore(key).load() == {}
    assert client.get(reverse("certification:dashboard")).status_code == 302
