"""Prefect flows and schedules: thin orchestration over the stage packages.

Prefect reads its settings when it is first imported, so the defaults that suit Jaring are
put in the environment here, before any module of this package imports prefect.
"""

import os

from core.errors import ConfigError
from core.settings import get_settings


def _prefect_defaults() -> dict[str, str]:
    try:
        home = str(get_settings().prefect_home)
    except ConfigError:
        home = os.path.expanduser("~/.prefect")
    return {
        "PREFECT_HOME": home,
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS": "4",
        "PREFECT_TASKS_DEFAULT_NO_CACHE": "true",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_UI_ENABLED": "true",
    }


for _name, _value in _prefect_defaults().items():
    os.environ.setdefault(_name, _value)
