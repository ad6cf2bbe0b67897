"""`accord serve`: waitress with the proxy trusted as configured and a graceful stop.

On SIGTERM or SIGINT the listening sockets close at once (new connections are refused), the
requests in flight get up to `graceful_timeout` seconds to finish and be written out, then the
process exits. A second signal stops at once.
"""

import logging
import signal
import time
from dataclasses import dataclass
from types import FrameType
from typing import Any

from django.conf import settings
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server

logger = logging.getLogger("accord.serve")


@dataclass(frozen=True)
class ServerOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    threads: int = 8
    connection_limit: int = 100
    channel_timeout: int = 30
    graceful_timeout: float = 30.0
    trusted_proxy: str | None = None


def waitress_settings(options: ServerOptions) -> dict[str, Any]:
    """What waitress needs. Behind the proxy, waitress takes the scheme (X-Forwarded-Proto) and
    the client address (X-Forwarded-For, ACCORD_PROXY_COUNT hops) from the trusted proxy only;
    it drops X-Forwarded-* from anyone else, and always when we are not behind a proxy."""
    adjustments: dict[str, Any] = {
        "host": options.host,
        "port": options.port,
        "threads": options.threads,
        "connection_limit": options.connection_limit,
        "channel_timeout": options.channel_timeout,
        "asyncore_use_poll": True,  # select() fails past 1024 descriptors: limits may be higher
        "clear_untrusted_proxy_headers": True,
        "ident": "Accord",
    }
    if settings.BEHIND_PROXY:
        adjustments.update(
            trusted_proxy=options.trusted_proxy or settings.TRUSTED_PROXY,
            trusted_proxy_count=settings.PROXY_COUNT,
            trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"},
        )
    return adjustments


class GracefulServer:
    """Listening from construction, and from then on a SIGTERM or SIGINT means a graceful stop
    (even one that arrives before `run`: it then stops at once, having nothing in flight), so
    that whoever starts other processes after it (the demo's worker) can always stop them."""

    def __init__(self, application: Any, options: ServerOptions):
        self.options = options
        self.map: dict[int, Any] = {}
        self.server = create_server(application, map=self.map, **waitress_settings(options))
        self.deadline: float | None = None
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def listeners(self) -> list[BaseWSGIServer]:
        return [o for o in self.map.values() if isinstance(o, BaseWSGIServer)]

    def busy(self) -> bool:
        """A request being read (a slow upload), run or written; idle keep-alive connections do
        not count. Bounded by the graceful timeout, so slow clients cannot hold a stop."""
        return any(
            isinstance(o, HTTPChannel) and (o.requests or o.total_outbufs_len or o.request)
            for o in self.map.values()
        )

    def stop(self, signum: int, frame: FrameType | None) -> None:
        if self.deadline is not None:
            raise SystemExit(1)
        logger.warning("%s: finishing requests in flight, then exiting", signal.strsignal(signum))
        self.deadline = time.monotonic() + self.options.graceful_timeout

    def stop_listening(self) -> None:
        """Closes the listening sockets (not the trigger that wakes the loop when a response is
        ready). Done from the loop, not the signal handler: a select() is waiting on them."""
        for listener in self.listeners():
            wasyncore.dispatcher.close(listener)

    def run(self) -> None:
        try:
            while self.deadline is None:
                wasyncore.loop(timeout=1.0, map=self.map, use_poll=True, count=1)
            self.stop_listening()
            while self.busy() and time.monotonic() < self.deadline:
                wasyncore.loop(timeout=0.2, map=self.map, use_poll=True, count=1)
        finally:
            self.server.task_dispatcher.shutdown(timeout=1)
            wasyncore.close_all(self.map)


def serve(application: Any, options: ServerOptions) -> None:
    GracefulServer(application, options).run()
