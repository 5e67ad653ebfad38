"""Retraining flow: every N new operator labels (checked hourly) and once a week.

The logic lives in :mod:`classify.lifecycle`; the flow plans, trains one candidate, and
publishes the comparison with the active model as a markdown artifact.
"""

from __future__ import annotations

from dataclasses import asdict

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from classify import lifecycle
from flows.resources import resources
from models.db import transaction

#: How often ``jaring serve`` checks for enough new labels, and when the weekly run happens.
LABEL_CHECK_SECONDS = 3600
WEEKLY_CRON = "0 2 * * 1"  # Monday 02:00 (server time), a quiet hour


@task(name="plan-retraining")
def plan_task(trigger: str) -> dict:
    """Count new operator labels and decide whether to train now."""
    res = resources()
    with transaction(res.factory) as session:
        plan = lifecycle.plan(session, trigger, res.settings.retrain_every_labels)
    return asdict(plan)


@task(name="retrain-candidate")
def retrain_task(trigger: str) -> dict:
    """Train, compare and maybe promote; a data problem is reported, not raised."""
    res = resources()
    result = lifecycle.retrain_safely(res.factory, res.settings.model_dir, trigger,
                                      res.settings.retrain_tolerance)
    return {**result.as_dict(), "markdown": lifecycle.comparison_markdown(result)}


@flow(name="jaring-retrain", log_prints=False)
def retrain_flow(trigger: str = "manual") -> dict:
    """Plan → (train a candidate → compare → promote if not worse) → artifact."""
    plan = plan_task(trigger)
    if not plan["should_train"]:
        create_markdown_artifact(key="model-retrain", description="Latih ulang model",
                                 markdown=f"## Latih ulang dilewati\n\n{plan['reason']}")
        return {"trained": False, **plan}
    result = retrain_task(trigger)
    create_markdown_artifact(key="model-retrain", markdown=result.pop("markdown"),
                             description="Perbandingan kandidat dengan model aktif")
    return {"trained": result["candidate"] is not None, **plan, **result}


def retrain_deployments() -> list:
    """The two scheduled deployments ``jaring serve`` adds: label-count check and weekly."""
    return [
        retrain_flow.to_deployment(name="latih-ulang-label", interval=LABEL_CHECK_SECONDS,
                                   parameters={"trigger": "labels"}),
        retrain_flow.to_deployment(name="latih-ulang-mingguan", cron=WEEKLY_CRON,
                                   parameters={"trigger": "weekly"}),
    ]
