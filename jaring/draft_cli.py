"""``jaring draft preview``: the draft Jaring would make from one post, stored nowhere."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from classify.model import ReportClassifier
from core.city import CityProfile, load_city_profile
from core.errors import ConfigError
from core.settings import Settings, get_settings
from models import ModelVersion
from reports.draft import DraftContent, draft_report
from reports.facts import SourcePost
from reports.narrative import PLATFORM_NAMES
from review.context import check_choice, console, err_console, print_json

app = typer.Typer(help="Pratinjau draf laporan dari satu unggahan, tanpa menyimpan apa pun.",
                  no_args_is_help=True)


def _active_model_path(settings: Settings) -> Path | None:
    """The active model's directory, read without creating or migrating anything."""
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() == "sqlite":
        database = Path(url.database or "")
        if not url.database or not database.is_file():
            return None
        url = url.set(database=f"file:{database}?mode=ro", query={"uri": "true"})
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            path = conn.scalar(select(ModelVersion.path).where(ModelVersion.is_active))
    except SQLAlchemyError:
        return None  # no database yet, or not migrated: there is no active model
    finally:
        engine.dispose()
    return Path(path) if path else None


def load_preview_model(settings: Settings) -> ReportClassifier:
    """The active model, or one trained from the seed corpus in memory (said on stderr)."""
    from classify.registry import load_model

    path = _active_model_path(settings)
    if path is not None:
        return load_model(path)
    err_console.print("Belum ada model aktif: melatih model sementara dari korpus benih "
                      "(tidak disimpan)…", highlight=False)
    from classify.corpus import load_seed
    from classify.train import train_classifier

    return train_classifier(load_seed())[0]


def parse_posted_at(value: str, city: CityProfile) -> datetime:
    """An ISO 8601 time; without an offset it is the city's local time."""
    try:
        posted = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"--posted-at bukan waktu ISO 8601: {value!r} "
                          "(contoh: 2026-11-20T09:30:00+08:00)") from None
    return posted if posted.tzinfo else posted.replace(tzinfo=ZoneInfo(city.timezone))


def preview_json(content: DraftContent, model: ReportClassifier) -> dict:
    """The preview as one JSON object (personal data already redacted)."""
    return {
        "akan_dibuat": content.report_type != "bukan_laporan",
        "judul": content.judul, "isi": content.isi,
        "tanggal_kejadian": content.tanggal_kejadian.isoformat(),
        "tanggal_kejadian_sumber": content.tanggal_kejadian_sumber,
        "tanggal_kejadian_frasa": content.tanggal_kejadian_frasa,
        "lokasi": {"teks": content.lokasi, "jalan": content.street, "tempat": content.place,
                   "kelurahan": content.kelurahan, "kecamatan": content.kecamatan},
        "report_type": content.report_type, "opd_code": content.opd_code,
        "instansi_tujuan": content.instansi_tujuan, "kategori": content.kategori,
        "privacy": content.privacy, "confidence": content.confidence,
        "saran_opd": [{"opd_code": c, "probability": p} for c, p in content.suggestions],
        "redactions": list(content.redactions), "sumber": list(content.source_urls),
        "model_version": model.version,
    }


def _print(preview: dict) -> None:
    if not preview["akan_dibuat"]:
        console.print("[yellow]Model menilai unggahan ini bukan laporan: Jaring tidak akan "
                      "membuat draf darinya.[/yellow]")
    lokasi = preview["lokasi"]["teks"] or "-"
    for label, value in (("Judul", preview["judul"]), ("Jenis", preview["report_type"]),
                         ("Kategori", preview["kategori"]),
                         ("Instansi tujuan", preview["instansi_tujuan"]), ("Lokasi", lokasi),
                         ("Tanggal kejadian", preview["tanggal_kejadian"]),
                         ("Privasi", preview["privacy"])):
        console.print(f"[bold]{label}:[/bold] {value}", highlight=False)
    console.print("[bold]Isi laporan:[/bold]")
    console.print(preview["isi"], markup=False, highlight=False)


@app.command("preview")
def preview(
    text: Annotated[str, typer.Option("--text", help="Teks unggahan.")],
    posted_at: Annotated[str, typer.Option("--posted-at", help="Waktu unggah (ISO 8601).")],
    platform: Annotated[str, typer.Option(help="Platform asal unggahan.")] = "telegram",
    url: Annotated[str, typer.Option(help="Tautan unggahan (untuk lampiran).")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON.")] = False,
) -> None:
    """Tampilkan draf yang akan dibuat Jaring dari satu unggahan (tidak ada yang disimpan)."""
    if not text.strip():
        raise ConfigError("--text kosong: berikan teks unggahan")
    check_choice(platform, sorted(PLATFORM_NAMES), "Platform")
    settings = get_settings()
    city = load_city_profile(settings.city_profile)
    post = SourcePost(text=text, posted_at=parse_posted_at(posted_at, city), platform=platform,
                      url=url or "(pratinjau: tanpa tautan)")
    model = load_preview_model(settings)
    content = draft_report(post, model.predict([text])[0], city)
    result = preview_json(content, model)
    if as_json:
        print_json(result)
    else:
        _print(result)
