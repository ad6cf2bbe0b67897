"""A hash chain: each link's digest covers its content and the digest before it."""

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def link_digest(previous: str, content: dict[str, Any]) -> str:
    return hashlib.sha256((previous + canonical_json(content)).encode()).hexdigest()


def first_broken_link(links: list[tuple[str, dict[str, Any], str]]) -> int | None:
    """Index of the first (previous, content, digest) whose digest or back-link does not hold."""
    expected_previous = GENESIS
    for index, (previous, content, digest) in enumerate(links):
        if previous != expected_previous or link_digest(previous, content) != digest:
            return index
        expected_previous = digest
    return None
