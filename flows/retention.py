"""The retention flow: purge posts that never became a draft once the retention period is over."""

from __future__ import annotations

from prefect import flow, task

from flows.resources import resources
from models.db import transaction
from reports.privacy import purge_expired


@task(name="purge-expired-posts")
def purge_task(days: int) -> dict:
    """Delete posts in no draft harvested more than ``days`` days ago (and forgotten ones)."""
    res = resources()
    with transaction(res.factory) as session:
        result = purge_expired(session, days)
    return {"posts": result.posts, "classifications": result.classifications,
            "revisions": result.revisions, "cutoff": result.cutoff.isoformat()}


@flow(name="jaring-retensi", log_prints=False)
def retention_flow(days: int | None = None) -> dict:
    """Apply the retention period (``JARING_RETENTION_DAYS`` unless ``days`` is given)."""
    period = days if days is not None else resources().settings.retention_days
    return {"retention_days": period, **purge_task(period)}
