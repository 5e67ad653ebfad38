"""``jaring records``: official records with their deadlines, and exports in LAPOR!'s columns."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from core.domain import RecordStatus
from models.db import transaction
from reports import records, store
from review.context import app_context, check_choice, console, err_console, print_json

app = typer.Typer(help="Catatan resmi: daftar dengan tenggat, dan ekspor CSV/JSON.",
                  no_args_is_help=True)
STATUSES = [s.value for s in RecordStatus]
EXPORT_ACTION = "ekspor_catatan"


def _today(timezone: str):
    return datetime.now(ZoneInfo(timezone)).date()


def _check_status(status: str | None) -> None:
    check_choice(status, STATUSES, "Status")


@app.command("list")
def list_records(
    status: Annotated[str | None, typer.Option(help="Hanya status ini.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON.")] = False,
) -> None:
    """Daftar catatan resmi beserta status tenggat tindak lanjut OPD."""
    _check_status(status)
    ctx = app_context()
    today = _today(ctx.city.timezone)
    with transaction(ctx.factory) as session:
        rows = [{"tracking_number": r.tracking_number, "judul": r.draft.judul,
                 "status": r.status, "instansi_tujuan": r.instansi_tujuan,
                 "verify_due": r.verify_due.isoformat(),
                 "followup_due": r.followup_due.isoformat(),
                 "tenggat": records.record_deadline(r, today),
                 "jumlah_bukti": len(r.draft.sources)}
                for r in records.list_records(session, status)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("Belum ada catatan resmi.")
        return
    table = Table(title=f"Catatan resmi ({len(rows)}) per {today:%d-%m-%Y}")
    for column in ("Nomor", "Judul", "Instansi", "Status", "Batas tindak lanjut", "Tenggat"):
        table.add_column(column)
    for row in rows:
        style = {"terlambat": "red", "hampir jatuh tempo": "yellow"}.get(row["tenggat"], "")
        table.add_row(row["tracking_number"], row["judul"], row["instansi_tujuan"],
                      row["status"], row["followup_due"], row["tenggat"], style=style)
    console.print(table)


@app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv atau json.")] = "csv",
    out: Annotated[Path | None, typer.Option("--out", help="Berkas tujuan (bawaan: layar).")
                   ] = None,
    status: Annotated[str | None, typer.Option(help="Hanya status ini.")] = None,
    operator: Annotated[str | None, typer.Option(
        "--operator", help="Nama operator (atau JARING_OPERATOR).")] = None,
) -> None:
    """Ekspor catatan resmi dengan kolom ekspor LAPOR! (dicatat di log audit)."""
    check_choice(fmt, records.FORMATS, "Format")
    _check_status(status)
    ctx = app_context()
    name = ctx.operator(operator)
    today = _today(ctx.city.timezone)
    with transaction(ctx.factory) as session:
        rows = [records.export_row(r, ctx.city, today)
                for r in records.list_records(session, status)]
        store.audit(session, name, EXPORT_ACTION, "official_record", None, format=fmt,
                    records=len(rows), to_file=str(out) if out else None)
        text = records.export_records(rows, fmt)
        if out is not None:  # inside the transaction: a failed write is not audited as done
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
    if out is None:
        typer.echo(text, nl=False)
    else:
        err_console.print(f"{len(rows)} catatan resmi diekspor ke {out}.", highlight=False)
