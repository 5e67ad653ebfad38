"""The main flow: harvest every enabled source, classify new posts, draft reports."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from classify.service import classify_pending
from flows.resources import resources
from harvest.config import SourceConfig, load_sources
from harvest.http import PoliteClient
from harvest.service import SourceOutcome, harvest_and_store
from reports.service import draft_pending


@task(name="harvest-source", task_run_name="harvest-{config.name}")
def harvest_task(config: SourceConfig, delay: float | None = None) -> SourceOutcome:
    """Harvest one source; its failure is recorded on the source, not raised."""
    res = resources()
    with PoliteClient(res.http_policy(delay)) as client:
        return harvest_and_store(config, client=client, factory=res.factory, key=res.key,
                                 max_pages=res.settings.max_pages_per_run)


@task(name="classify-posts")
def classify_task() -> tuple[str, int]:
    """Classify every post the active model has not seen."""
    res = resources()
    return classify_pending(res.factory, res.settings.model_dir)


@task(name="draft-reports")
def draft_task(model_version: str) -> int:
    """Draft a report for each newly classified report."""
    res = resources()
    return draft_pending(res.factory, res.city, model_version)


def harvest_table(outcomes: list[SourceOutcome]) -> str:
    """The per-source markdown table published as the run's artifact."""
    lines = ["| Sumber | Baru | Berubah | Halaman | Galat |", "|---|---|---|---|---|"]
    lines += [f"| {o.name} | {o.new} | {o.updated} | {o.pages} | {o.error or '-'} |"
              for o in outcomes]
    return "\n".join(lines)


@flow(name="jaring-pipeline", log_prints=False)
def pipeline_flow(sources_file: str | None = None, only: list[str] | None = None,
                  delay: float | None = None) -> dict:
    """Harvest → classify → draft; returns counts (the database is the system of record)."""
    res = resources()
    path = Path(sources_file) if sources_file else res.settings.resolved_sources_file
    configs = [c for c in load_sources(path) if c.enabled and (not only or c.name in only)]
    futures = [harvest_task.submit(config, delay) for config in configs]
    outcomes = [future.result() for future in futures]
    create_markdown_artifact(key="harvest-sources", markdown=harvest_table(outcomes),
                             description="Hasil panen per sumber")
    version, classified = classify_task()
    drafted = draft_task(version)
    return {"sources": [o.__dict__ for o in outcomes], "model_version": version,
            "classified": classified, "drafted": drafted}
