"""``jaring review``: the operator's queue from the command line."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from classify import store as classify_store
from core.domain import FUNCTION_CODES, REPORT_TYPES, DraftStatus
from core.errors import ConfigError
from models.db import transaction
from reports import store
from review.context import app_context, check_choice, console, print_json
from review.render import TYPE_LABELS, draft_detail, draft_summary

app = typer.Typer(help="Tinjau draf laporan: lihat, konfirmasi, atau tolak.", no_args_is_help=True)

OperatorOption = Annotated[str | None, typer.Option(
    "--operator", help="Nama operator (atau JARING_OPERATOR).")]
STATUSES = [s.value for s in DraftStatus]


@app.command("list")
def list_drafts(
    status: Annotated[str, typer.Option(help="Status draf, atau 'semua'.")] = "menunggu_tinjauan",
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON.")] = False,
    uncertain: Annotated[bool, typer.Option(
        "--uncertain", help="Urutkan dari yang paling tidak pasti bagi model (paling berguna "
        "untuk dilabeli).")] = False,
) -> None:
    """Daftar draf dalam antrean tinjauan (terbaru dahulu, atau --uncertain)."""
    check_choice(None if status == "semua" else status, STATUSES, "Status")
    ctx = app_context()
    with transaction(ctx.factory) as session:
        drafts = store.list_drafts(session, None if status == "semua" else status,
                                   10_000 if uncertain else limit)
        rows = [draft_summary(d) for d in drafts]
        if uncertain:  # active learning: the labels that would teach the model most first
            scores = classify_store.draft_uncertainty(session, drafts)
            for row in rows:
                row["ketidakpastian"] = scores[row["id"]]
            rows = sorted(rows, key=lambda r: (-r["ketidakpastian"], r["id"]))[:limit]
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("Antrean kosong: tidak ada draf dengan status ini.")
        return
    table = Table(title=f"Draf laporan ({len(rows)})")
    for column in ("ID", "Judul", "Jenis", "Instansi tujuan", "Yakin", "Kejadian", "Bukti"):
        table.add_column(column)
    if uncertain:
        table.add_column("Tidak pasti")
    for row in rows:
        judul = row["judul"] + (" [perlu ditinjau]" if row["perlu_ditinjau"] else "")
        table.add_row(str(row["id"]), judul, TYPE_LABELS[row["report_type"]],
                      row["instansi_tujuan"], f"{row['confidence']:.0%}",
                      row["tanggal_kejadian"], str(row["jumlah_bukti"]),
                      *([f"{row['ketidakpastian']:.0%}"] if uncertain else []))
    console.print(table)


@app.command("show")
def show_draft(
    draft_id: Annotated[int, typer.Argument(help="ID draf.")],
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON.")] = False,
) -> None:
    """Tampilkan satu draf lengkap beserta riwayat auditnya."""
    ctx = app_context()
    with transaction(ctx.factory) as session:
        draft = store.get_draft(session, draft_id)
        detail = draft_detail(draft, store.audit_trail(session, "draft", draft.id))
    if as_json:
        print_json(detail)
        return
    console.rule(f"Draf #{detail['id']} — {detail['status']}")
    for label, key in (("Judul", "judul"), ("Jenis", "report_type"), ("Kategori", "kategori"),
                       ("Instansi tujuan", "instansi_tujuan"), ("Lokasi", "lokasi"),
                       ("Tanggal kejadian", "tanggal_kejadian"), ("Privasi", "privacy"),
                       ("Keyakinan", "confidence"), ("Nomor pelacakan", "tracking_number")):
        console.print(f"[bold]{label}:[/bold] {detail[key] if detail[key] is not None else '-'}")
    if detail["perlu_ditinjau"]:
        console.print("[bold yellow]Perlu ditinjau:[/bold yellow] "
                      + "; ".join(detail["alasan_tinjau"]))
    console.print("[bold]Isi laporan:[/bold]")
    console.print(detail["isi"], markup=False)
    console.print("[bold]Saran instansi:[/bold] " + ", ".join(
        f"{s['opd_code']} ({s['probability']:.0%})" for s in detail["saran_opd"]))
    console.print(f"[bold]Lampiran ({detail['jumlah_bukti']} unggahan sumber):[/bold]")
    for item in detail["bukti"]:
        console.print(f"  {item['url']}  ({item['platform']}, {item['diunggah'][:10]})",
                      markup=False)


@app.command("confirm")
def confirm(
    draft_id: Annotated[int, typer.Argument(help="ID draf.")],
    opd: Annotated[str | None, typer.Option("--opd", help="Alihkan ke kode fungsi lain.")] = None,
    judul: Annotated[str | None, typer.Option("--judul", help="Judul baru.")] = None,
    jenis: Annotated[str | None, typer.Option("--jenis", help="Jenis laporan baru.")] = None,
    operator: OperatorOption = None,
) -> None:
    """Verifikasi draf: jadikan catatan resmi bernomor pelacakan dan teruskan ke OPD."""
    check_choice(opd, FUNCTION_CODES, "Kode OPD")
    check_choice(jenis, REPORT_TYPES, "Jenis laporan")
    if judul is not None and not (1 <= len(judul.strip()) <= 200):
        raise ConfigError("Judul harus 1-200 karakter")
    ctx = app_context()
    name = ctx.operator(operator)
    with transaction(ctx.factory) as session:
        record = store.confirm_draft(session, draft_id, name, ctx.city,
                                     store.Edits(opd_code=opd, judul=judul, report_type=jenis))
        number, instansi, due = (record.tracking_number, record.instansi_tujuan,
                                 record.followup_due)
    console.print(f"Draf #{draft_id} dikonfirmasi sebagai [bold]{number}[/bold] dan diteruskan ke "
                  f"{instansi}. Batas tindak lanjut: {due:%d-%m-%Y}.")


@app.command("reject")
def reject(
    draft_id: Annotated[int, typer.Argument(help="ID draf.")],
    reason: Annotated[str, typer.Option("--reason", help="Alasan penolakan (wajib).")],
    operator: OperatorOption = None,
) -> None:
    """Tolak draf dengan alasan; keputusan ini menjadi data latih."""
    ctx = app_context()
    name = ctx.operator(operator)
    with transaction(ctx.factory) as session:
        store.reject_draft(session, draft_id, name, reason)
    console.print(f"Draf #{draft_id} ditolak. Alasan: {reason}", markup=False)
