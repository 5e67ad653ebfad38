"""``jaring sources``: list, add, enable/disable, health, a live test, and offline parsing."""

from __future__ import annotations

import json
import sys
import tomllib
from datetime import UTC
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from core.errors import ConfigError, NotFoundError
from core.pseudonym import pseudonymise
from core.settings import load_pseudonym_key
from harvest import health, store
from harvest.config import SourceConfig, add_source, load_sources, set_source_enabled
from harvest.http import HttpPolicy, PoliteClient
from harvest.items import HarvestedPost, ParsedPage
from harvest.run import fetch_newest_page, parse_page
from harvest.sources import get_kind
from models.db import transaction
from review.context import app_context, console, print_json

app = typer.Typer(help="Kelola sumber panen: daftar, tambah, nonaktifkan, status, uji, urai.",
                  no_args_is_help=True)

SourcesOption = Annotated[Path | None, typer.Option(
    "--sources", help="Berkas sumber (bawaan: sources.toml di direktori data).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Keluaran JSON.")]
OptOption = Annotated[list[str] | None, typer.Option(
    "--opt", help="Opsi jenis sumber sebagai kunci=nilai (boleh berulang).")]


def _sources_path(given: Path | None) -> Path:
    return given or app_context().settings.resolved_sources_file


def _option_value(text: str) -> Any:
    """A TOML value when the text is one (5, true, ["a"]), else the text itself."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def parse_opts(opts: list[str] | None) -> dict[str, Any]:
    """``key=value`` pairs from ``--opt``; a malformed pair is a clear error."""
    options: dict[str, Any] = {}
    for pair in opts or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"Opsi harus berbentuk kunci=nilai, bukan {pair!r}")
        options[key.strip()] = _option_value(value.strip())
    return options


def post_record(post: HarvestedPost, platform: str, key: bytes) -> dict[str, Any]:
    """A parsed post as JSON-ready data; the author only as a pseudonym, times in UTC ("Z")."""
    return {
        "external_id": post.external_id,
        "url": post.url,
        "text": post.text,
        "posted_at": post.posted_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "author_pseudonym": pseudonymise(post.author, platform=platform, key=key),
        "has_media": post.has_media,
    }


def _print_posts(page: ParsedPage, platform: str, as_json: bool) -> None:
    key = load_pseudonym_key(app_context().settings)
    records = [post_record(p, platform, key) for p in page.posts]
    if as_json:
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"Unggahan terurai ({len(records)})")
    for column in ("Waktu (UTC)", "ID", "Penulis (samaran)", "Teks"):
        table.add_column(column)
    for r in records:
        text = r["text"] if len(r["text"]) <= 120 else r["text"][:119] + "…"
        table.add_row(r["posted_at"], r["external_id"], r["author_pseudonym"] or "-", text)
    console.print(table)
    console.print(f"Halaman berikutnya (lebih lama): {page.older_url or '-'}")


def _config_named(path: Path, name: str) -> SourceConfig:
    config = next((c for c in load_sources(path) if c.name == name), None)
    if config is None:
        raise NotFoundError(f"Sumber {name!r} tidak ada di {path}")
    return config


@app.command("list")
def list_sources(sources: SourcesOption = None, as_json: JsonOption = False) -> None:
    """Daftar sumber di berkas sumber."""
    path = _sources_path(sources)
    rows = [{"name": c.name, "kind": c.kind, "enabled": c.enabled,
             "interval_minutes": c.interval_minutes, "max_pages": c.max_pages,
             "options": c.options} for c in load_sources(path)]
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"Sumber di {path} ({len(rows)})")
    for column in ("Nama", "Jenis", "Aktif", "Interval (menit)", "Halaman maks", "Opsi"):
        table.add_column(column)
    for r in rows:
        options = ", ".join(f"{k}={v}" for k, v in r["options"].items())
        table.add_row(r["name"], r["kind"], "ya" if r["enabled"] else "tidak",
                      str(r["interval_minutes"]), str(r["max_pages"] or "-"), options or "-")
    console.print(table)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Nama unik sumber (huruf kecil, angka, - dan _).")],
    kind: Annotated[str, typer.Option("--kind", help="Jenis sumber, mis. telegram, rss.")],
    opt: OptOption = None,
    interval: Annotated[int | None, typer.Option(help="Menit antarpanen.")] = None,
    max_pages: Annotated[int | None, typer.Option(help="Halaman maksimum per putaran.")] = None,
    disabled: Annotated[bool, typer.Option("--disabled", help="Tambahkan nonaktif.")] = False,
    sources: SourcesOption = None,
) -> None:
    """Tambahkan sumber ke berkas sumber (komentar dan tata letak berkas dipertahankan)."""
    get_kind(kind)  # an unknown kind is named before anything else
    options = parse_opts(opt)
    clash = sorted(set(options) & {"name", "kind"})
    if clash:
        raise ConfigError(f"Gunakan argumen NAMA dan --kind, bukan --opt {clash[0]}=...")
    entry: dict[str, Any] = {"name": name, "kind": kind, **options}
    for field_name, value in (("interval_minutes", interval), ("max_pages", max_pages)):
        if value is not None:
            entry[field_name] = value
    if disabled:
        entry["enabled"] = False
    path = _sources_path(sources)
    config = add_source(path, entry)
    console.print(f"Sumber {config.name} ({config.kind}) ditambahkan ke {path}.")


def _set_enabled(name: str, enabled: bool, sources: Path | None) -> None:
    path = _sources_path(sources)
    set_source_enabled(path, name, enabled)
    with transaction(app_context().factory) as session:
        store.set_enabled(session, name, enabled)
    console.print(f"Sumber {name} {'diaktifkan' if enabled else 'dinonaktifkan'} di {path}.")


@app.command("disable")
def disable(name: Annotated[str, typer.Argument(help="Nama sumber.")],
            sources: SourcesOption = None) -> None:
    """Nonaktifkan sumber (kursor dan riwayatnya disimpan)."""
    _set_enabled(name, False, sources)


@app.command("enable")
def enable(name: Annotated[str, typer.Argument(help="Nama sumber.")],
           sources: SourcesOption = None) -> None:
    """Aktifkan kembali sumber."""
    _set_enabled(name, True, sources)


def collect_health(sources: Path | None) -> list[health.SourceHealth]:
    """Health of every stored source, with the sources file's view of what is configured."""
    ctx = app_context()
    with ctx.factory() as session:
        stored = {h.name: h for h in store.source_health(session)}
    path = _sources_path(sources)
    configured = load_sources(path) if path.is_file() else []
    for config in configured:
        known = stored.get(config.name)
        if known is None:
            stored[config.name] = health.never_harvested(config.name, config.kind, config.enabled)
        elif known.enabled != config.enabled:  # the file decides; the row follows next run
            stored[config.name] = health.refreshed(known, enabled=config.enabled)
    return [stored[name] for name in sorted(stored)]


@app.command("status")
def status(sources: SourcesOption = None, as_json: JsonOption = False) -> None:
    """Kesehatan setiap sumber: sukses/galat terakhir, unggahan per hari, senyap."""
    items = collect_health(sources)
    if as_json:
        print_json([item.as_json() for item in items])
        return
    if not items:
        console.print("Belum ada sumber: tambahkan dengan `jaring sources add`.")
        return
    table = Table(title=f"Kesehatan sumber ({len(items)})")
    for column in health.COLUMNS:
        table.add_column(column, overflow="fold")
    for item in items:
        table.add_row(*health.display_row(item).values())
    console.print(table)


@app.command("test")
def test(name: Annotated[str, typer.Argument(help="Nama sumber.")],
         sources: SourcesOption = None, as_json: JsonOption = False) -> None:
    """Ambil SATU halaman terbaru sumber dan tampilkan unggahannya; tidak menyimpan apa pun."""
    config = _config_named(_sources_path(sources), name)
    with PoliteClient(HttpPolicy.from_settings(app_context().settings)) as client:
        page = fetch_newest_page(client, config)
    _print_posts(page, config.kind, as_json)


@app.command("parse")
def parse(
    kind: Annotated[str, typer.Argument(help="Jenis sumber, mis. telegram, reddit.")],
    file: Annotated[Path, typer.Argument(help="Isi respons yang disimpan.")],
    url: Annotated[str | None, typer.Option(help="Alamat asli halaman itu.")] = None,
    opt: OptOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Satu objek JSON per baris.")] = False,
) -> None:
    """Urai isi respons yang disimpan, tanpa jaringan dan tanpa basis data."""
    source_kind = get_kind(kind)
    options = parse_opts(opt)
    if options:
        source_kind = source_kind.with_options(options)
    try:
        body = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"Berkas {file} tidak dapat dibaca: {exc.strerror or exc}") from None
    page = parse_page(source_kind, body, url or file.resolve().as_uri())
    _print_posts(page, kind, as_json)
