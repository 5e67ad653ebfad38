"""The project's own exception hierarchy; third-party errors are translated at the boundary."""


class JaringError(Exception):
    """Base of every error Jaring raises on purpose; its message is shown to the user."""


class ConfigError(JaringError):
    """Invalid or missing configuration (settings, sources file, city profile)."""


class NotFoundError(JaringError):
    """A requested object (draft, record, model version, source) does not exist."""


class ConflictError(JaringError):
    """The action conflicts with the object's current state (e.g. a second confirm)."""


class InsufficientDataError(JaringError):
    """Too little data for the request (e.g. too few posts to estimate a city's mix)."""
