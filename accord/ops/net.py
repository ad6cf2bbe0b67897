"""Who is on the other end of a request: the one place that reads client addresses."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address. Behind the reverse proxy (`ACCORD_BEHIND_PROXY`), it is the
    entry of `X-Forwarded-For` that the outermost of our `ACCORD_PROXY_COUNT` proxies appended
    (counting from the right: entries further left are whatever the client chose to send).
    Otherwise forwarded headers are never read: anyone can send them."""
    if settings.BEHIND_PROXY:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops:
            forwarded = _valid_ip(hops[-min(settings.PROXY_COUNT, len(hops))])
            if forwarded:
                return forwarded
    return _valid_ip(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
