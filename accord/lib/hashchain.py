"""A keyed hash chain: each link's digest is an HMAC-SHA256 of its content and the digest before it.

Keyed, so that someone who can write the database but does not hold the key cannot recompute
the digests after a rewrite. Receipts (signed statements of a chain's head) use a key derived
from the same key, so that a receipt cannot be forged either.
"""

import hashlib
import hmac
import json
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def link_digest(key: bytes, previous: str, content: dict[str, Any]) -> str:
    message = (previous + canonical_json(content)).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def legacy_digest(previous: str, content: dict[str, Any]) -> str:
    """The unkeyed SHA-256 link of chains written before keying (read once, when re-keying)."""
    return hashlib.sha256((previous + canonical_json(content)).encode()).hexdigest()


def derived_key(key: bytes, purpose: str) -> bytes:
    """A key for one purpose, so that a signature made for one use is worthless for another."""
    return hmac.new(key, f"accord:{purpose}".encode(), hashlib.sha256).digest()


def sign(key: bytes, content: dict[str, Any]) -> str:
    return hmac.new(key, canonical_json(content).encode(), hashlib.sha256).hexdigest()


def signature_holds(key: bytes, content: dict[str, Any], signature: str) -> bool:
    return hmac.compare_digest(sign(key, content), signature)


def first_broken_link(key: bytes, links: list[tuple[str, dict[str, Any], str]]) -> int | None:
    """Index of the first (previous, content, digest) whose digest or back-link does not hold."""
    expected_previous = GENESIS
    for index, (previous, content, digest) in enumerate(links):
        if previous != expected_previous or not hmac.compare_digest(
            link_digest(key, previous, content), digest
        ):
            return index
        expected_previous = digest
    return None
