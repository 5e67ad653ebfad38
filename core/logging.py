"""Logging set-up for the command line and the flows."""

import logging

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(level: str = "INFO") -> None:
    """Configure the root logger once; noisy third-party loggers are kept at WARNING."""
    logging.basicConfig(level=level, format=_FORMAT)
    for noisy in ("httpx", "httpcore", "urllib3", "sentence_transformers", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
