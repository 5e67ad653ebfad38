"""The main flow: harvest every enabled source, classify new posts, draft reports."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from classify.service import classify_pending
from flows.resources import resources
from harvest import health
from harvest.config import SourceConfig, load_sources
from harvest.http import PoliteClient
from harvest.service import SourceOutcome, harvest_and_store
from harvest.store import source_health
from reports.service import draft_pending


@task(name="harvest-source", task_run_name="harvest-{config.name}")
def harvest_task(config: SourceConfig, delay: float | None = None) -> SourceOutcome:
    """Harvest one source; its failure is recorded on the source, not raised."""
    res = resources()
    with PoliteClient(res.http_policy(delay), robots=res.robots) as client:
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


def _cell(text: object) -> str:
    # A table cell: no pipe or line break may escape it.
    return str(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _run_note(outcome: SourceOutcome) -> str:
    if outcome.error:
        return outcome.error
    if outcome.not_modified:
        return "tidak berubah (304)"
    return "-" if outcome.complete else "berlanjut pada putaran berikutnya"


def harvest_table(outcomes: list[SourceOutcome],
                  healths: dict[str, health.SourceHealth] | None = None) -> str:
    """The per-source markdown table of a run: its counts, then each source's health."""
    healths = healths or {}
    header = ["Sumber", "Baru", "Berubah", "Halaman", "Catatan putaran",
              *[c for c in health.COLUMNS if c not in ("Sumber", "Galat terakhir")]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for o in outcomes:
        row = [o.name, o.new, o.updated, o.pages, _run_note(o)]
        known = healths.get(o.name)
        cells = health.display_row(known) if known else {}
        row += [cells.get(c, "-") for c in header[5:]]
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join(lines)


@task(name="harvest-report")
def harvest_report_task(outcomes: list[SourceOutcome]) -> str:
    """Publish the run's per-source table, with each source's health, as a Prefect artifact."""
    res = resources()
    with res.factory() as session:
        healths = {h.name: h for h in source_health(session, names=[o.name for o in outcomes])}
    markdown = harvest_table(outcomes, healths)
    create_markdown_artifact(key="harvest-sources", markdown=markdown,
                             description="Hasil panen dan kesehatan per sumber")
    return markdown


@flow(name="jaring-pipeline", log_prints=False)
def pipeline_flow(sources_file: str | None = None, only: list[str] | None = None,
                  delay: float | None = None) -> dict:
    """Harvest → classify → draft; returns counts (the database is the system of record)."""
    res = resources()
    path = Path(sources_file) if sources_file else res.settings.resolved_sources_file
    configs = [c for c in load_sources(path) if c.enabled and (not only or c.name in only)]
    futures = [harvest_task.submit(config, delay) for config in configs]
    outcomes = [future.result() for future in futures]
    harvest_report_task(outcomes)
    version, classified = classify_task()
    drafted = draft_task(version)
    return {"sources": [o.__dict__ for o in outcomes], "model_version": version,
            "classified": classified, "drafted": drafted}
