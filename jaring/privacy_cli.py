"""``jaring privacy``: data-subject requests about one post (export, forget), always audited."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from core.domain import AuditAction
from core.errors import ConfigError
from models.db import transaction
from reports import privacy
from review.context import app_context, console, err_console, print_json

app = typer.Typer(help="Permintaan subjek data: ekspor atau hapus data satu unggahan.",
                  no_args_is_help=True)

UrlOption = Annotated[str, typer.Option("--post-url", help="Tautan unggahan yang diminta.")]
OperatorOption = Annotated[str | None, typer.Option(
    "--operator", help="Nama operator (atau JARING_OPERATOR).")]


def _check_url(url: str) -> str:
    if not url.strip().lower().startswith(("http://", "https://")):
        raise ConfigError(f"--post-url harus berupa tautan http(s): {url!r}")
    return url.strip()


def _write_private(path: Path, data: dict) -> None:
    """Write the unredacted export readable by its owner only (it holds personal data)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


@app.command("export")
def export(
    post_url: UrlOption,
    operator: OperatorOption = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Tulis salinan lengkap (tanpa penyamaran) untuk subjek data ke berkas ini.")
    ] = None,
) -> None:
    """Cetak (JSON) semua yang disimpan Jaring tentang satu unggahan."""
    url = _check_url(post_url)
    ctx = app_context()
    name = ctx.operator(operator)
    with transaction(ctx.factory) as session:
        shown = privacy.export_post(session, url, ctx.city)
        full = privacy.export_post(session, url, ctx.city, reveal=True) if out else None
        privacy.log_request(session, name, AuditAction.PRIVACY_EXPORT, url,
                            len(shown["unggahan"]), to_file=bool(out))
        if out is not None:  # inside the transaction: a failed write is not audited as done
            _write_private(out, full)
    if out is not None:
        err_console.print(f"Salinan lengkap untuk subjek data ditulis ke {out} (mode 0600).",
                          highlight=False)
    print_json(shown)


@app.command("forget")
def forget(post_url: UrlOption, operator: OperatorOption = None) -> None:
    """Hapus unggahan beserta teksnya dari draf yang belum menjadi catatan resmi."""
    url = _check_url(post_url)
    ctx = app_context()
    name = ctx.operator(operator)
    with transaction(ctx.factory) as session:
        outcome = privacy.forget_post(session, url, name, ctx.city)
    if outcome.removed:
        console.print(f"{len(outcome.removed)} unggahan dihapus. Draf ditulis ulang: "
                      f"{_ids(outcome.regenerated)}; draf dikosongkan dan ditolak: "
                      f"{_ids(outcome.emptied)}.", highlight=False)
    elif not outcome.refused:
        console.print("Jaring tidak menyimpan unggahan ini. Permintaan dicatat: unggahan ini "
                      "tidak akan disimpan bila terpanen lagi.", highlight=False)
    if outcome.refused:
        err_console.print(
            "[bold red]Galat:[/bold red] unggahan ini menjadi bukti catatan resmi "
            f"{', '.join(outcome.refused)} yang sudah diteruskan ke instansi, sehingga tidak "
            "dihapus; permintaan dan penolakannya dicatat di log audit.", highlight=False)
        raise typer.Exit(code=1)


def _ids(ids: list[int]) -> str:
    return ", ".join(f"#{i}" for i in ids) or "-"
