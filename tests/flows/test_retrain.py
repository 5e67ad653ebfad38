"""The retraining flow: its tasks as plain functions, and one run on a Prefect test harness."""

import pytest
from prefect.logging import disable_run_logger
from sqlalchemy import select

from core.settings import get_settings
from models import ModelVersion
from models.db import make_engine, make_session_factory


@pytest.fixture
def fresh_resources():
    from flows.resources import close_resources, resources

    get_settings.cache_clear()
    close_resources()
    yield resources
    close_resources()


def test_label_trigger_waits_for_enough_labels(fresh_resources, monkeypatch):
    from flows.retrain import plan_task

    monkeypatch.setenv("JARING_RETRAIN_EVERY_LABELS", "5")
    get_settings.cache_clear()
    with disable_run_logger():
        plan = plan_task.fn("labels")
        manual = plan_task.fn("manual")
    assert not plan["should_train"] and "5" in plan["reason"]
    assert manual["should_train"]


def test_schedules_are_a_label_check_and_a_weekly_run():
    from flows.retrain import retrain_deployments

    deployments = {d.name: d for d in retrain_deployments()}
    assert set(deployments) == {"latih-ulang-label", "latih-ulang-mingguan"}
    assert deployments["latih-ulang-label"].parameters == {"trigger": "labels"}
    assert deployments["latih-ulang-mingguan"].parameters == {"trigger": "weekly"}


def test_retrain_flow_promotes_a_candidate_and_publishes_the_comparison(fresh_resources):
    from prefect.testing.utilities import prefect_test_harness

    from flows.retrain import retrain_flow

    with prefect_test_harness(server_startup_timeout=120):
        result = retrain_flow(trigger="manual")
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            artifacts = client.read_artifacts()
    assert result["trained"] and result["promoted"]
    assert "belum ada model aktif" in result["reason"]
    assert any(a.key == "model-retrain" and result["candidate"] in (a.data or "")
               for a in artifacts)
    engine = make_engine(get_settings().resolved_database_url)
    with make_session_factory(engine)() as session:
        row = session.scalar(select(ModelVersion).where(ModelVersion.is_active))
    engine.dispose()
    assert row.version == result["candidate"] and row.trigger == "manual"
