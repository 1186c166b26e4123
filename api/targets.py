"""Where a webhook may be sent: never into our own network (SSRF).

An admin types the URL, so it could name the database, the cache, a cloud metadata service
(169.254.169.254) or a service on localhost; the signed payload and the response timing would
then probe them. Checked twice: when the endpoint is registered (a clear message to the admin),
and at every delivery, because DNS answers change (a name that resolved to a public address at
registration can resolve to 127.0.0.1 later: DNS rebinding). At delivery the name is resolved
once, every address is checked, and the connection goes to a checked address with the name as
Host header and TLS server name (so the certificate is verified against the name): nothing
resolves the name a second time between the check and the connection. Redirects are never
followed (http.client does not follow them).

`settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS` (the embedded mode and the tests' local receivers)
lets private addresses through; `settings.WEBHOOKS_REQUIRE_HTTPS` (production) refuses http.
"""

import http.client
import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class TargetRefused(ValueError):
    """The URL may not be called; the message says why, in the admin's words."""


Address = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public(address: Address) -> bool:
    """A global unicast address: not private, loopback, link-local, multicast, reserved,
    unspecified or shared (CGNAT); an IPv6 address carrying an IPv4 one is judged by that."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is None and address in NAT64:  # a NAT64 gateway would reach the IPv4 one
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def resolve(host: str, port: int) -> list[str]:
    """Every address the name has now (IPv4 and IPv6); a literal address is itself."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as error:  # ValueError: NUL, IDNA label too long
        raise TargetRefused(f"The host name {host[:100]} does not resolve ({error}).") from None
    return list(dict.fromkeys(answer[4][0] for answer in answers))


def split(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an address we may call, as far as its text goes."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed [IPv6 bracket
        raise TargetRefused("This is not a web address.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise TargetRefused("Only http and https addresses are called.")
    if scheme == "http" and settings.WEBHOOKS_REQUIRE_HTTPS:
        raise TargetRefused("Webhooks are sent to https addresses only.")
    if parts.username or parts.password:
        raise TargetRefused("Put no user name or password in the address; requests are signed.")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise TargetRefused("The port of this address is not a number from 1 to 65535.") from None
    if not parts.hostname:
        raise TargetRefused("The address names no host.")
    return scheme, parts.hostname, port


def checked_addresses(host: str, port: int) -> list[str]:
    """The addresses to connect to, all public (or the setting lets private ones through).
    One private answer refuses them all: a rebinding name may mix both."""
    addresses = resolve(host, port)
    if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        for text in addresses:
            if not is_public(ipaddress.ip_address(text.split("%", 1)[0])):
                raise TargetRefused(
                    f"{host} leads to {text}, an address inside a private or reserved network; "
                    "webhooks go to public addresses only."
                )
    if not addresses:
        raise TargetRefused(f"The host name {host} has no address.")
    return addresses


def check_url(url: str) -> None:
    """At registration: refuse an address we would refuse at delivery."""
    _, host, port = split(url)
    if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        # Allowed private targets need no look-up now; delivery resolves the name anyway.
        checked_addresses(host, port)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address, with the name for SNI and the certificate check."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict, *, timeout: float) -> int:
    """POST to the checked address; the response's status (a 3xx is not followed). Raises
    TargetRefused before any connection, OSError (and http.client's errors) on the way."""
    scheme, host, port = split(url)
    addresses = checked_addresses(host, port)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kind = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    last_error: OSError | None = None
    for address in addresses:
        connection = kind(host, port, address=address, timeout=timeout)
        try:
            connection.request("POST", path, body=body, headers=headers)
            return connection.getresponse().status
        except ConnectionRefusedError as error:  # the next address may answer
            last_error = error
        finally:
            connection.close()
    raise last_error or OSError("No address answered.")
