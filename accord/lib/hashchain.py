"""A keyed hash chain: each link's digest is an HMAC-SHA256 of its content and the digest before it.

Keyed, so that someone who can write the database but does not hold the key cannot recompute
the digests after a rewrite. Receipts (signed statements of a chain's head) use a key derived
from the same key, so that a receipt cannot be forged either.
"""

import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def link_digest(key: bytes, previous: str, content: dict[str, Any]) -> str:
    message = (previous + canonical_json(content)).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def link_hasher(key: bytes) -> Callable[[str, dict[str, Any]], str]:
    """`link_digest` with the key prepared once, for checking many links in a row."""
    keyed = hmac.new(key, digestmod=hashlib.sha256)

    def digest(previous: str, content: dict[str, Any]) -> str:
        link = keyed.copy()
        link.update((previous + canonical_json(content)).encode())
        return link.hexdigest()

    return digest


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
