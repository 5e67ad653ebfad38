"""The ``jaring`` command: set-up, pipeline runs, the scheduled service, demo and review."""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from core.errors import JaringError
from core.logging import setup_logging
from jaring.draft_cli import app as draft_app
from jaring.model_cli import app as model_app
from jaring.privacy_cli import app as privacy_app
from jaring.records_cli import app as records_app
from jaring.sources_cli import app as sources_app
from review.cli import app as review_app
from review.context import app_context, close_contexts, console, err_console, print_json

app = typer.Typer(
    name="jaring", no_args_is_help=True, pretty_exceptions_enable=False,
    help="Jaring: menjaring keluhan warga di media sosial menjadi laporan SP4N-LAPOR!.")
app.add_typer(review_app, name="review")
app.add_typer(draft_app, name="draft")
app.add_typer(model_app, name="model")
app.add_typer(privacy_app, name="privacy")
app.add_typer(records_app, name="records")
app.add_typer(sources_app, name="sources")

SAMPLE_SOURCES = """\
# Sumber yang dipanen Jaring. Satu tabel [[source]] per sumber; lihat docs/SOURCES.md.
# Contoh (aktifkan dengan enabled = true):

[[source]]
name = "contoh-kanal"
kind = "telegram"
channel = "namakanal"
interval_minutes = 60
enabled = false
"""


@app.callback()
def _root(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log rinci.")] = False
          ) -> None:
    setup_logging("DEBUG" if verbose else "WARNING")


@app.command()
def init() -> None:
    """Siapkan direktori data, basis data (migrasi) dan berkas sumber contoh."""
    ctx = app_context()
    ctx.factory  # noqa: B018 (opening it runs the migrations)
    sources = ctx.settings.resolved_sources_file
    if not sources.exists():
        sources.parent.mkdir(parents=True, exist_ok=True)
        sources.write_text(SAMPLE_SOURCES, encoding="utf-8")
    console.print(f"Direktori data: {ctx.settings.resolved_data_dir}")
    console.print(f"Basis data siap: {_safe_url(ctx.settings.resolved_database_url)}")
    console.print(f"Berkas sumber: {sources}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _print_summary(summary: dict) -> None:
    for source in summary["sources"]:
        status = f"[red]galat: {source['error']}[/red]" if source["error"] else (
            f"{source['new']} baru, {source['updated']} berubah, {source['pages']} halaman")
        console.print(f"  • {source['name']}: {status}")
    console.print(f"Diklasifikasi: {summary['classified']} unggahan "
                  f"(model {summary['model_version']}); draf baru: {summary['drafted']}.")


@app.command()
def run(
    sources: Annotated[Path | None, typer.Option(help="Berkas sumber (bawaan: di direktori data).")
                       ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Ringkasan dalam JSON.")] = False,
) -> None:
    """Jalankan alur panen → klasifikasi → draf sekali."""
    ctx = app_context()
    path = sources or ctx.settings.resolved_sources_file
    from harvest.config import load_sources

    load_sources(path)  # fail fast, before Prefect starts, on a bad sources file
    from flows.pipeline import pipeline_flow

    summary = pipeline_flow(sources_file=str(path))
    if as_json:
        print_json(summary)
    else:
        _print_summary(summary)
    if any(s["error"] for s in summary["sources"]):
        raise typer.Exit(code=3)


@app.command()
def serve(
    sources: Annotated[Path | None, typer.Option(help="Berkas sumber (bawaan: di direktori data).")
                       ] = None,
) -> None:
    """Nyalakan server Prefect lokal dan jalankan alur sesuai jadwal sumber (Ctrl-C berhenti)."""
    import os

    ctx = app_context()
    path = sources or ctx.settings.resolved_sources_file
    from harvest.config import load_sources

    load_sources(path)
    ctx.factory  # noqa: B018 (migrate before the service starts)
    from flows.serve import prefect_server

    port = ctx.settings.prefect_port
    console.print(f"Menyalakan server Prefect di http://127.0.0.1:{port} …")
    with prefect_server(ctx.settings.prefect_home, port) as api_url:
        os.environ["PREFECT_API_URL"] = api_url
        console.print(f"Server siap. UI: http://127.0.0.1:{port}  — tekan Ctrl-C untuk berhenti.")
        from flows.serve import serve_schedules

        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the normal way to stop
            serve_schedules(path)
    console.print("Jaring berhenti dengan rapi.")


@app.command()
def demo() -> None:
    """Jalankan alur sungguhan terhadap situs Telegram rekaman tentang Bontang (lokal)."""
    from jaring.demo import demo_site, demo_sources

    ctx = app_context()
    started = time.monotonic()
    path = ctx.settings.resolved_data_dir / "demo-sources.toml"
    with demo_site() as base_url:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(demo_sources(base_url), encoding="utf-8")
        console.print(f"Situs rekaman dilayani di {base_url}; menjalankan alur (Prefect lokal)…")
        from flows.pipeline import pipeline_flow

        summary = pipeline_flow(sources_file=str(path), delay=0.1)
    _print_summary(summary)
    console.print(f"Selesai dalam {time.monotonic() - started:.1f} detik.\n")
    console.print("Langkah berikutnya:")
    console.print("  jaring review list                      # antrean draf")
    console.print("  jaring review show 1                    # satu draf lengkap")
    console.print("  jaring review confirm 1 --operator NAMA # jadikan catatan resmi")
    console.print("  jaring review reject 2 --reason \"...\" --operator NAMA")


def main(argv: list[str] | None = None) -> None:
    """Entry point: our errors become one clear line and a non-zero exit."""
    try:
        app(args=argv, prog_name="jaring", standalone_mode=True)
    except JaringError as exc:
        err_console.print(f"[bold red]Galat:[/bold red] {exc}", highlight=False)
        sys.exit(1)
    finally:
        close_contexts()


if __name__ == "__main__":
    main()
