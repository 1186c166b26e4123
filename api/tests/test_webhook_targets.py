"""Webhooks never reach our own network (SSRF): private, loopback, link-local, multicast,
reserved and unspecified addresses (IPv4, IPv6, and IPv4 inside IPv6) are refused when an admin
registers the endpoint and again at every delivery, since a name's DNS answer can change in
between; a delivery connects to the address it checked, with the name as Host."""

import socket

import pytest
from django.urls import reverse

from api import services, targets, webhooks
from api.models import WebhookDelivery, WebhookEndpoint
from certification import services as certificate_services

from .helpers import certificate_storage, issued_certificate  # noqa: F401

pytestmark = pytest.mark.django_db
PUBLIC_IP = "93.184.215.14"

REFUSED = [
    "10.1.2.3",  # private
    "172.16.0.1",
    "192.168.1.10",
    "127.0.0.1",  # loopback
    "169.254.169.254",  # link-local: cloud metadata
    "100.64.0.1",  # shared (carrier-grade NAT)
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "0.0.0.0",  # noqa: S104 (unspecified)
    "::1",
    "::",
    "fe80::1",
    "fc00::1",  # unique local
    "ff02::1",
    "2001:db8::1",  # documentation
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
]
ALLOWED = ["8.8.8.8", PUBLIC_IP, "2606:4700:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", REFUSED)
def test_it_refuses_an_address_of_each_private_or_reserved_kind(address):
    import ipaddress

    assert not targets.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ALLOWED)
def test_it_allows_public_addresses(address):
    import ipaddress

    assert targets.is_public(ipaddress.ip_address(address))


@pytest.fixture
def dns(monkeypatch):
    """A DNS server we control: names in `answers` resolve to the listed addresses (a list of
    lists is answered in turn), every other name as usual (the receiver's own 127.0.0.1)."""
    real = socket.getaddrinfo
    answers, asked = {}, []

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        asked.append(host)
        answer = answers[host]
        addresses = answer.pop(0) if isinstance(answer[0], list) else answer
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (a, port) if ":" not in a else (a, port, 0, 0),
            )
            for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers, asked


@pytest.fixture
def production_rule(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    return settings


def _register(client, url):
    return client.post(reverse("api:webhooks"), {"url": url, "events": ["certificate.revoked"]})


@pytest.mark.usefixtures("production_rule")
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "https://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/",
        "https://internal.partner.test/hook",  # resolves to 10.0.0.5 below
        "https://mixed.partner.test/hook",  # one public and one private answer
    ],
)
def test_the_form_refuses_a_url_leading_into_a_private_network(client, admin_user, dns, url):
    answers, _ = dns
    answers["internal.partner.test"] = ["10.0.0.5"]
    answers["mixed.partner.test"] = [PUBLIC_IP, "fd00::5"]
    client.force_login(admin_user)

    response = _register(client, url)

    assert response.status_code == 200
    assert "private or reserved network" in str(response.context["form"].errors["url"])
    assert not WebhookEndpoint.objects.exists()


def test_the_form_takes_a_public_https_address_and_production_refuses_http(
    client, admin_user, dns, production_rule
):
    answers, _ = dns
    answers["hooks.partner.test"] = [PUBLIC_IP, "2606:4700:4700::1111"]
    production_rule.WEBHOOKS_REQUIRE_HTTPS = True
    client.force_login(admin_user)

    refused = _register(client, "http://hooks.partner.test/in")
    assert "https addresses only" in str(refused.context["form"].errors["url"])
    assert _register(client, "https://hooks.partner.test/in").status_code == 302

    assert list(WebhookEndpoint.objects.values_list("url", flat=True)) == [
        "https://hooks.partner.test/in"
    ]


def test_the_service_refuses_a_private_target_too(admin_user, production_rule):
    from accounts.errors import DomainError

    with pytest.raises(DomainError, match="private or reserved"):
        services.create_endpoint(
            url="http://192.168.0.1/", events=["certificate.revoked"], actor=admin_user
        )


@pytest.mark.usefixtures("certificate_storage")
def test_a_name_rebound_to_a_private_address_after_registration_is_not_called(
    admin_user, dns, receiver_factory, production_rule
):
    receiver = receiver_factory()
    port = receiver.server.server_port
    answers, _ = dns
    # Public when the admin registers it, the receiver on 127.0.0.1 when the webhook is sent.
    answers["rebind.partner.test"] = [[PUBLIC_IP], ["127.0.0.1"]]
    services.create_endpoint(
        url=f"http://rebind.partner.test:{port}/hook",
        events=["certificate.revoked"],
        actor=admin_user,
    )
    certificate_services.revoke_certificate(
        certificate=issued_certificate(), actor=admin_user, reason="x"
    )

    webhooks.deliver(delivery_id=WebhookDelivery.objects.get().pk)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == ("pending", None)
    assert "127.0.0.1" in delivery.last_error and "private" in delivery.last_error
    assert receiver.requests == []


@pytest.mark.usefixtures("certificate_storage")
def test_a_delivery_connects_to_the_address_it_checked_with_the_name_as_host(
    admin_user, dns, receiver_factory
):
    """Private targets allowed (the embedded mode), so that the receiver is local: the name is
    resolved once per delivery and the request reaches that address, naming the host."""
    receiver = receiver_factory()
    port = receiver.server.server_port
    answers, asked = dns
    answers["hooks.partner.test"] = ["127.0.0.1"]
    services.create_endpoint(
        url=f"http://hooks.partner.test:{port}/hook?source=cert",
        events=["certificate.revoked"],
        actor=admin_user,
    )
    certificate_services.revoke_certificate(
        certificate=issued_certificate(), actor=admin_user, reason="x"
    )

    webhooks.deliver(delivery_id=WebhookDelivery.objects.get().pk)

    assert WebhookDelivery.objects.get().status == "delivered"
    headers, _ = receiver.requests[0]
    assert headers["Host"] == f"hooks.partner.test:{port}"
    assert asked == ["hooks.partner.test"]


@pytest.mark.usefixtures("production_rule")
@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/hook",
        "http://host\x00.test/",
        "http://" + "x" * 300 + ".test/",
        "http://user:pw@hooks.partner.test/",
        "http://hooks.partner.test:99999/",
        "gopher://hooks.partner.test/",
        "http:///nohost",
    ],
)
def test_hostile_addresses_are_refused_with_a_reason_never_an_error(url):
    with pytest.raises(targets.TargetRefused):
        targets.check_url(url)
