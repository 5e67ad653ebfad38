"""Keyed-hash pseudonyms for harvested authors: stable per key, irreversible without it."""

import hashlib
import hmac


def pseudonymise(author: str | None, *, platform: str, key: bytes) -> str | None:
    """Return ``anon-<16 hex>`` for an author handle, or None when there is no author."""
    if not author:
        return None
    normalised = f"{platform.lower()}:{author.strip().lstrip('@').lower()}"
    digest = hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"anon-{digest[:16]}"
