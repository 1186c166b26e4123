"""With Redis down (nothing listens on the cache's port), sign-in and the certificate lookup
answer, and their rate limits keep counting in the process instead of failing open or 500."""

import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "certification.cache.FailSafeRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    cache = caches["default"]
    cache._fallback.clear()
    return cache


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_in_works_with_redis_down(client, applicant, redis_cache_down):
    started = time.monotonic()
    response = login(client, applicant.email, PASSWORD)

    assert response.status_code == 302
    assert time.monotonic() - started < 5
    assert client.get(reverse("certification:dashboard")).status_code == 200


def test_failed_sign_ins_are_still_limited_with_redis_down(client, applicant, redis_cache_down):
    for _ in range(5):
        assert login(client, applicant.email, "guess").status_code == 200

    response = login(client, applicant.email, PASSWORD)

    assert "Too many failed login attempts" in response.content.decode()


def test_the_certificate_lookup_answers_and_is_still_limited_with_redis_down(
    client, redis_cache_down
):
    url = reverse("certification:verify_lookup")
    for _ in range(20):
        response = client.post(url, {"number": "BTX-0", "surname": "x"})
        assert response.status_code == 200
        assert "No certificate matches" in response.content.decode()

    assert client.post(url, {"number": "BTX-0", "surname": "x"}).status_code == 429


def test_the_plain_redis_cache_would_have_failed(settings):
    """Guards the premise: Django's own RedisCache raises when Redis is down."""
    from redis.exceptions import ConnectionError

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with pytest.raises(ConnectionError):
        caches["default"].add("k", 1)
