"""The retention flow: its task on a real database, and one run on a Prefect test harness."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from core.settings import get_settings
from flows.resources import close_resources, resources
from models import Post
from models.db import transaction
from tests.reports.conftest import store_posts

OLD_CHAT = [(1, "Selamat pagi warga Bontang, semoga harinya menyenangkan",
             datetime(2026, 11, 1, 1, tzinfo=UTC))]


@pytest.fixture
def fresh_resources(use_db):
    close_resources()
    yield resources
    close_resources()


def _age_all_posts(factory, days: int) -> None:
    with transaction(factory) as session:
        session.execute(update(Post).values(
            harvested_at=datetime.now(UTC) - timedelta(days=days)))


def test_purge_task_applies_the_configured_period(factory, fresh_resources, monkeypatch):
    from flows.retention import purge_task

    monkeypatch.setenv("JARING_RETENTION_DAYS", "10")
    get_settings.cache_clear()
    store_posts(factory, OLD_CHAT)
    _age_all_posts(factory, 9)
    assert purge_task.fn(get_settings().retention_days)["posts"] == 0
    _age_all_posts(factory, 11)
    assert purge_task.fn(get_settings().retention_days)["posts"] == 1
    with factory() as session:
        assert session.scalar(select(Post)) is None


@pytest.mark.slow
def test_retention_flow_runs_on_prefect():
    """One smoke run on the default SQLite database (the task's logic is tested above)."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.retention import retention_flow

    close_resources()
    factory = resources().factory
    store_posts(factory, OLD_CHAT)
    _age_all_posts(factory, 45)
    with prefect_test_harness(server_startup_timeout=120):
        result = retention_flow()
    close_resources()
    assert (result["retention_days"], result["posts"]) == (30, 1)
