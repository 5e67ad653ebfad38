"""``jaring model``: train, evaluate, list, promote, roll back and retrain; import labels."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from classify import adaptation, lifecycle, service, store
from classify.corpus import Example, read_examples, split_for_evaluation
from classify.evaluate import evaluate, scorecard
from classify.registry import load_model, save_model_to
from classify.selection import (
    CROSS_VALIDATION,
    DEFAULT,
    LEAVE_ONE_OUT,
    MIN_CROSS_VALIDATION_ROWS,
    MIN_SOURCE_ROWS,
)
from classify.train import default_examples, train_one_part, train_part
from core.errors import ConfigError
from models.db import transaction
from review.context import app_context, check_choice, console, err_console, print_json

app = typer.Typer(help="Model klasifikasi: latih, evaluasi, daftar, promosikan, kembalikan.",
                  no_args_is_help=True)

TargetOption = Annotated[str, typer.Option("--target", help="Bagian model: opd atau type.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Keluaran JSON.")]
ActorOption = Annotated[str | None, typer.Option(
    "--operator", help="Nama analis untuk log audit (atau JARING_OPERATOR).")]
TARGETS = ("opd", "type")


def _check_target(target: str) -> str:
    check_choice(target, TARGETS, "Target")
    return target


def _read_all(paths: list[Path], target: str) -> list[Example]:
    found: list[Example] = []
    for path in paths:
        if not path.is_file():
            raise ConfigError(f"Berkas data tidak ditemukan: {path}")
        found += read_examples(path, origin=path.name, require=target)
    return found


def _other_part(target: str) -> tuple[Any, str]:
    """The part not being trained: from the active model, else trained from the seed."""
    other = "opd" if target == "type" else "type"
    ctx = app_context()
    with transaction(ctx.factory) as session:
        row = store.active_version(session)
        path = row.path if row else None
    if path:
        try:
            model = load_model(Path(path))
            return (model.type_model if other == "type" else model.opd_model), \
                f"model aktif {model.version}"
        except ConfigError as exc:
            console.print(f"Model aktif tidak bisa dimuat ({exc}); bagian {other} dilatih dari "
                          "korpus benih.", markup=False)
    return train_part(other, default_examples()), "korpus benih"


@app.command("train")
def train(
    target: TargetOption,
    out: Annotated[Path, typer.Option("--out", help="Direktori model baru (kosong/belum ada).")],
    data: Annotated[list[Path] | None, typer.Option(
        "--data", help="CSV berlabel (kolom text dan opd_code/report_type); boleh berulang.")
    ] = None,
    no_seed: Annotated[bool, typer.Option("--no-seed", help="Tanpa korpus benih.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Latih satu bagian model dari CSV (+ korpus benih) dan simpan sebagai versi kandidat."""
    _check_target(target)
    examples = _read_all(data or [], target)
    if not no_seed:
        examples += default_examples()
    if not examples:
        raise ConfigError("Tidak ada data latih: beri --data, atau jangan pakai --no-seed")
    other, origin = _other_part(target)
    model, meta = train_one_part(target, examples, other, origin)
    meta["metrics"] = {"evaluation": scorecard(model, _fixed_evaluation())}
    saved = save_model_to(model, out, meta)
    ctx = app_context()
    with transaction(ctx.factory) as session:
        store.register_model(session, saved, activate=False, trigger="cli")
    part = meta["parts"][target]
    summary = {"version": saved.version, "path": str(saved.path), "target": target,
               "n_examples": meta["n_examples"][target], "other_part": origin,
               "chosen": part.get("prior_weight") or part.get("class_offsets"),
               "evaluation": meta["metrics"]["evaluation"]}
    if as_json:
        print_json(summary)
        return
    console.print(f"Model [bold]{saved.version}[/bold] disimpan di {saved.path}", highlight=False)
    console.print(f"Bagian {target}: {summary['n_examples']} contoh; bagian lain dari {origin}.",
                  highlight=False)
    console.print(describe_choice(summary["chosen"]), highlight=False, markup=False)
    console.print(f"Aktifkan dengan: jaring model promote {saved.version}", markup=False)


SCHEMES = {LEAVE_ONE_OUT: "tinggalkan satu sumber", CROSS_VALIDATION: "validasi silang",
           DEFAULT: f"bawaan: kurang dari {MIN_SOURCE_ROWS} baris dari sumber selain korpus benih"}
#: The router's blend keeps its default with fewer rows than the report type's offsets need
#: (the thousands written with a dot, as Indonesian writes them).
_LONE_SOURCE_ROWS = f"{MIN_CROSS_VALIDATION_ROWS:,}".replace(",", ".")
ROUTING_DEFAULT = (f"bawaan: belum ada dua sumber selain korpus benih dengan {MIN_SOURCE_ROWS} "
                   f"baris atau lebih, atau satu sumber dengan {_LONE_SOURCE_ROWS} baris atau "
                   "lebih")


def describe_choice(chosen: dict | None) -> str:
    """The setting chosen on the training data, in one line for the analyst."""
    if not chosen:
        return "Tanpa pengaturan yang dipilih dari data."
    scheme = SCHEMES.get(chosen["scheme"], chosen["scheme"])
    if "weight" in chosen:
        if chosen["scheme"] == DEFAULT:
            scheme = ROUTING_DEFAULT
        where = f" atas {', '.join(chosen['sources'])}" if chosen.get("sources") else ""
        seed = (f"; model korpus benih: {chosen['reference_weight']:.1f}"
                if chosen.get("reference_weight") else "")
        return f"Bobot prior profil OPD: {chosen['weight']:.1f}{seed} ({scheme}{where})."
    gate = chosen.get("reference_gate_weight", 1.0)
    gate_line = (f" Bobot korpus benih di penyaring 'laporan atau bukan': {gate:g}."
                 if gate != 1.0 else "")
    if not chosen.get("offsets"):
        return f"Geseran jenis laporan: tidak ada ({scheme}).{gate_line}"
    shifts = ", ".join(f"{label} {value:+.2f}" for label, value in chosen["offsets"])
    scores = chosen.get("macro_f1", {})
    gain = (f"; macro-F1 {scores['without']:.3f} → {scores['with']:.3f}"
            if {"without", "with"} <= set(scores) else "")
    return f"Geseran jenis laporan: {shifts} ({scheme}{gain}).{gate_line}"


def _fixed_evaluation() -> list[Example]:
    """The seed corpus's share of the fixed evaluation set."""
    from classify.corpus import load_seed

    return split_for_evaluation(load_seed())[1]


@app.command("evaluate")
def evaluate_model(
    model_dir: Annotated[Path, typer.Option("--model", help="Direktori model.")],
    target: TargetOption,
    data: Annotated[Path, typer.Option("--data", help="CSV berlabel untuk diuji.")],
    as_json: JsonOption = False,
    city_prior: Annotated[bool, typer.Option(
        "--city-prior/--no-city-prior",
        help="Pakai prior kota yang tersimpan bersama model (bila ada).")] = True,
) -> None:
    """Uji satu bagian model pada CSV berlabel (baris tanpa label dilewati)."""
    _check_target(target)
    model = load_model(model_dir, city_prior=city_prior)
    result = evaluate(model, _read_all([data], target), target)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    console.print(f"{target}: n={result['n']}  macro-F1 {result['macro_f1']:.3f}  "
                  f"akurasi {result['accuracy']:.3f}" + (
                      f"  top-3 {result['top3_accuracy']:.3f}" if "top3_accuracy" in result
                      else ""), highlight=False)
    if result["city_prior_posts"] is not None:
        console.print(f"Perutean disesuaikan dengan prior kota ({result['city_prior_posts']} "
                      "unggahan); --no-city-prior menilainya seperti saat dilatih.",
                      highlight=False)
    table = Table(title="Per kelas")
    for column in ("Label", "Presisi", "Recall", "F1", "Jumlah"):
        table.add_column(column)
    for label, row in result["per_class"].items():
        table.add_row(label, f"{row['precision']:.2f}", f"{row['recall']:.2f}",
                      f"{row['f1']:.2f}", str(row["support"]))
    console.print(table)


def _version_row(row) -> dict[str, Any]:
    evaluation = (row.metrics or {}).get("evaluation") or {}
    return {"version": row.version, "active": row.is_active, "status": row.status,
            "trigger": row.trigger, "created_at": row.created_at.isoformat(),
            "data_hash": row.data_hash, "code_version": row.code_version,
            "operator_labels": row.operator_labels, "path": row.path,
            "macro_f1": {t: evaluation.get(t, {}).get("macro_f1") for t in ("type", "opd")},
            **_city_prior_state(Path(row.path))}


def _city_prior_state(path: Path) -> dict[str, Any]:
    """How many posts the model's city prior was estimated from, or why it cannot be read."""
    try:
        prior = adaptation.load(path)
    except ConfigError as exc:
        return {"city_prior_posts": None, "city_prior_error": str(exc)}
    return {"city_prior_posts": prior.n_posts if prior else None, "city_prior_error": None}


@app.command("list")
def list_models(as_json: JsonOption = False) -> None:
    """Daftar versi model (terbaru dahulu); tanda * = aktif."""
    ctx = app_context()
    with transaction(ctx.factory) as session:
        rows = [_version_row(r) for r in store.list_versions(session)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("Belum ada model. Model bawaan dilatih saat alur pertama berjalan.")
        return
    table = Table(title=f"Versi model ({len(rows)})")
    for column in ("", "Versi", "Status", "Pemicu", "Dibuat", "F1 jenis", "F1 OPD", "Data",
                   "Prior kota"):
        table.add_column(column)
    for row in rows:
        f1 = row["macro_f1"]
        posts = row["city_prior_posts"]
        prior = "rusak" if row["city_prior_error"] else "-" if posts is None \
            else f"{posts} unggahan"
        table.add_row("*" if row["active"] else "", row["version"], row["status"], row["trigger"],
                      row["created_at"][:16], _fmt(f1["type"]), _fmt(f1["opd"]),
                      row["data_hash"][:10], prior)
    console.print(table)
    for row in rows:
        if row["city_prior_error"]:
            err_console.print(f"Peringatan: {row['city_prior_error']}; model {row['version']} "
                              "merutekan tanpa prior kota. Untuk model aktif: perkirakan "
                              "ulang dengan `jaring model adapt` atau hapus dengan "
                              "`jaring model adapt --reset`.",
                              highlight=False)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _actor(given: str | None) -> str:
    return (given or app_context().settings.operator or "analis").strip() or "analis"


@app.command("promote")
def promote(version: Annotated[str, typer.Argument(help="Versi model.")],
            operator: ActorOption = None) -> None:
    """Jadikan versi ini model aktif (setelah diperiksa apakah bisa dimuat)."""
    ctx = app_context()
    with transaction(ctx.factory) as session:
        load_model(Path(store.get_version(session, version).path))
        store.activate_version(session, version, _actor(operator))
    console.print(f"Model {version} kini aktif.", highlight=False)


@app.command("rollback")
def rollback(operator: ActorOption = None) -> None:
    """Kembali ke versi model yang aktif sebelum versi sekarang."""
    ctx = app_context()
    with transaction(ctx.factory) as session:
        row = store.rollback(session, _actor(operator))
        version = row.version
    console.print(f"Model dikembalikan ke {version}.", highlight=False)


@app.command("adapt")
def adapt(
    limit: Annotated[int, typer.Option("--limit", min=1,
                                       help="Jumlah unggahan terbaru yang dipakai.")] = 5_000,
    reset: Annotated[bool, typer.Option("--reset", help="Hapus prior kota: rute seperti saat "
                                        "dilatih.")] = False,
    operator: ActorOption = None,
    as_json: JsonOption = False,
) -> None:
    """Sesuaikan perutean model aktif dengan campuran instansi di kota ini, diperkirakan dari
    unggahan yang sudah dipanen (tanpa label)."""
    ctx = app_context()
    with transaction(ctx.factory) as session:
        model = store.ensure_active_model(session, ctx.settings.model_dir)
    model.thresholds = service.thresholds_from(ctx.settings)  # which posts count as reports
    if reset:
        with transaction(ctx.factory) as session:
            removed = store.remove_city_prior(session, model.version, _actor(operator))
        console.print(f"Prior kota model {model.version} dihapus." if removed else
                      f"Model {model.version} belum punya prior kota.", highlight=False)
        return
    prior = service.adapt(ctx.factory, model, _actor(operator), limit)
    if as_json:
        print_json({"version": model.version, **prior.as_dict()})
        return
    table = Table(title=f"Prior kota model {model.version}: dari {prior.n_posts} unggahan "
                        "yang tergolong laporan")
    for column in ("Instansi", "Porsi saat dilatih", "Porsi di kota ini"):
        table.add_column(column)
    for code, trained, city in prior.changes(top=8):
        table.add_row(code, f"{trained:.1%}", f"{city:.1%}")
    console.print(table)
    console.print("Rute model kini disesuaikan; hapus dengan `jaring model adapt --reset`.",
                  markup=False)


@app.command("import-labels")
def import_labels(
    file: Annotated[Path, typer.Argument(help="CSV: text, report_type dan/atau opd_code.")],
) -> None:
    """Impor teks berlabel sebagai data latih (impor ulang memperbarui label yang berubah)."""
    if not file.is_file():
        raise ConfigError(f"Berkas tidak ditemukan: {file}")
    examples = [ex for ex in read_examples(file) if ex.report_type or ex.opd_code]
    if not examples:
        raise ConfigError(f"{file}: tidak ada baris berlabel")
    ctx = app_context()
    with transaction(ctx.factory) as session:
        counts = store.import_labels(session, examples, file.name)
    console.print(f"{len(examples)} label dari {file.name}: {counts['baru']} baru, "
                  f"{counts['diperbarui']} diperbarui, {counts['sama']} sama.", highlight=False)


@app.command("retrain")
def retrain(as_json: JsonOption = False) -> None:
    """Latih ulang sekarang (seperti alur terjadwal, tanpa Prefect) dan promosikan bila layak."""
    ctx = app_context()
    result = lifecycle.retrain(ctx.factory, ctx.settings.model_dir, "manual",
                               ctx.settings.retrain_tolerance)
    if as_json:
        print_json(result.as_dict())
        return
    console.print(lifecycle.comparison_markdown(result), markup=False)
