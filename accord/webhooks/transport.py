"""Sending one webhook: a POST to an organization's URL that cannot be turned against Accord's
own network (SSRF). The host is resolved here, every address it resolves to must be a public
one, and the connection goes to the address that was checked (a second lookup by the HTTP
library could answer otherwise: DNS rebinding). Redirects are not followed.

ACCORD_WEBHOOK_ALLOW_PRIVATE lets private and loopback addresses through, for development and
tests; ACCORD_WEBHOOK_ALLOW_HTTP lets plain http:// URLs through.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

EXCERPT = 500


class Refused(Exception):
    """The URL may not be called: not https, or a private, loopback or link-local address."""


@dataclass(frozen=True)
class Answer:
    status: int
    excerpt: str


def scheme_allowed(scheme: str) -> bool:
    return scheme == "https" or (scheme == "http" and settings.ACCORD_WEBHOOK_ALLOW_HTTP)


def address_refused(address: str) -> str:
    """Why an address may not be called ("" if it may)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_global and not ip.is_multicast:
        return ""
    if settings.ACCORD_WEBHOOK_ALLOW_PRIVATE and not (ip.is_multicast or ip.is_unspecified):
        return ""
    kind = "loopback" if ip.is_loopback else "link-local" if ip.is_link_local else "private"
    return f"{address} is a {kind} or reserved address; webhooks go to public addresses only."


def checked_address(host: str, port: int) -> str:
    """One address of `host` to connect to, once every address it resolves to is allowed."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(f"The host {host} does not resolve ({error}).") from None
    addresses = [str(info[4][0]) for info in found]
    for address in addresses:
        why = address_refused(address)
        if why:
            raise Refused(why)
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        # Certificate checked against the URL's host name, not the address connected to.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST `body` to `url`; the answer's status and the start of its body. Raises Refused for a
    URL it may not call, OSError (timeouts included) when the call fails."""
    parts = urlsplit(url)
    if not scheme_allowed(parts.scheme):
        raise Refused("Webhook URLs must use https.")
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = checked_address(host, port)
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(host, port, address, settings.ACCORD_WEBHOOK_TIMEOUT_SECONDS)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(EXCERPT).decode("utf-8", "replace")
        return Answer(response.status, excerpt)
    except http.client.HTTPException as error:
        raise OSError(f"Bad HTTP answer: {error!r}") from None
    finally:
        connection.close()
