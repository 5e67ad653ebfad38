"""Harvest errors: "the source is unavailable" differs from "the fetch failed"."""

from core.errors import JaringError


class HarvestError(JaringError):
    """Base of harvest failures; the message is recorded as the source's last error."""


class ParseError(HarvestError):
    """A page did not have the expected structure (the platform changed its markup?)."""


class SourceUnavailable(HarvestError):
    """The page or account does not exist or is not public (404, 410, 451): do not retry."""


class FetchError(HarvestError):
    """The fetch failed (timeout, reset, 429/5xx, oversized body): worth retrying later."""


class RobotsDisallowed(HarvestError):
    """robots.txt of the host forbids fetching this URL for our user agent."""
