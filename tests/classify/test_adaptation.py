"""Adapting the router to a city's mix of functions: the estimate, the model, the flow, the CLI."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter

import numpy as np
import pytest
from sqlalchemy import select

from classify import adaptation
from classify.adaptation import CityPrior, estimate_prior, shift
from classify.corpus import load_seed
from classify.evaluate import evaluate
from classify.model import Thresholds
from classify.registry import load_model
from classify.service import adaptation_due, classify_pending
from core.errors import ConfigError, InsufficientDataError
from core.settings import get_settings
from models import AuditEvent
from tests.classify.conftest import run_cli, store_posts


def bayes_posteriors(x: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Exact posteriors of three unit Gaussians (means -2, 0, 2) under ``prior``."""
    likelihood = np.exp(-0.5 * (x[:, None] - np.array([-2.0, 0.0, 2.0])) ** 2)
    joint = likelihood * prior
    return joint / joint.sum(axis=1, keepdims=True)


def sample(prior: np.ndarray, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.choice(3, size=n, p=prior)
    return rng.normal(np.array([-2.0, 0.0, 2.0])[y], 1.0), y


UNIFORM = np.full(3, 1 / 3)
CITY = np.array([0.7, 0.2, 0.1])


def test_em_recovers_a_shifted_prior_and_the_shift_helps():
    x, y = sample(CITY, 4000)
    proba = bayes_posteriors(x, UNIFORM)  # a calibrated model trained on a uniform mix
    found = estimate_prior(proba, UNIFORM, pseudo_count=0)
    assert np.abs(found - CITY).max() < 0.03
    before = np.mean(proba.argmax(axis=1) == y)
    after = np.mean(shift(proba, UNIFORM, found, strength=1.0).argmax(axis=1) == y)
    assert after > before + 0.02
    # The full correction gives the posteriors of a model that knew the city's mix.
    assert np.allclose(shift(proba, UNIFORM, CITY, strength=1.0), bayes_posteriors(x, CITY))


def test_the_estimate_is_shrunk_on_few_posts_and_unchanged_without_a_shift():
    x, _ = sample(CITY, 40)
    proba = bayes_posteriors(x, UNIFORM)
    free, shrunk = estimate_prior(proba, UNIFORM, 0), estimate_prior(proba, UNIFORM, 50)
    assert np.abs(shrunk - UNIFORM).sum() < np.abs(free - UNIFORM).sum()
    assert np.isclose(shrunk.sum(), 1.0) and (shrunk > 0).all()
    x, _ = sample(UNIFORM, 3000, seed=1)
    same = estimate_prior(bayes_posteriors(x, UNIFORM), UNIFORM)
    assert np.abs(same - UNIFORM).max() < 0.03
    assert np.allclose(shift(proba, UNIFORM, UNIFORM), proba)
    assert np.allclose(estimate_prior(np.zeros((0, 3)), UNIFORM), UNIFORM)
    # Unshrunk on posts that all belong to one class: the others' shares stay positive.
    certain = np.tile([1.0, 0.0, 0.0], (20, 1))
    assert (estimate_prior(certain, UNIFORM, pseudo_count=0) > 0).all()
    shift(certain, UNIFORM, estimate_prior(certain, UNIFORM, pseudo_count=0))


def test_bad_inputs_are_refused_with_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="do not match"):
        estimate_prior(np.ones((2, 3)) / 3, np.ones(4) / 4)
    with pytest.raises(ValueError, match="positive"):
        shift(np.ones((1, 3)) / 3, UNIFORM, np.array([1.0, 0.0, 0.0]))
    with pytest.raises(ConfigError, match="tidak valid"):
        CityPrior.from_dict({"classes": ["a", "b"], "reference": [0.5, 0.5]})
    with pytest.raises(ConfigError, match="tidak valid"):
        CityPrior.from_dict({"classes": ["a", "b"], "reference": [0.5, 0.5], "prior": [1, 0],
                             "n_posts": 3, "estimated_at": "x"})
    (tmp_path / adaptation.FILE).write_text("{not json")
    with pytest.raises(ConfigError, match="rusak"):
        adaptation.load(tmp_path)
    assert adaptation.load(tmp_path / "elsewhere") is None


def seed_texts(code: str, n: int) -> list[str]:
    return [ex.text for ex in load_seed() if ex.opd_code == code][:n]


@pytest.fixture
def city_posts() -> list[str]:
    """A city whose residents write mostly about water: 60 water reports, 25 road reports,
    25 waste reports, and 20 greetings the gate must leave out."""
    greetings = [f"selamat pagi warga bontang, semangat hari ke-{i}" for i in range(20)]
    return (seed_texts("air_minum", 60) + seed_texts("pekerjaan_umum", 25)
            + seed_texts("lingkungan_hidup", 25) + greetings)


def test_a_model_adapts_to_a_city_and_survives_a_round_trip(trained_model, tmp_path,
                                                            city_posts):
    model = load_model(trained_model.path)
    assert model.city_prior is None and model.routing_prior() is not None
    with pytest.raises(InsufficientDataError, match="setidaknya 100"):
        model.estimate_city_prior(city_posts[:60])
    prior = model.estimate_city_prior(city_posts)
    assert 90 <= prior.n_posts <= len(city_posts) - 10  # the greetings are not reports
    model.thresholds = Thresholds(min_report=0.5)
    assert model.estimate_city_prior(city_posts).n_posts <= prior.n_posts
    model.thresholds = Thresholds()
    share = dict(zip(prior.classes, prior.prior, strict=True))
    trained = dict(zip(prior.classes, prior.reference, strict=True))
    assert share["air_minum"] > 2 * trained["air_minum"]
    assert prior.changes(top=1)[0][0] == "air_minum"
    text = "tolong dicek, sudah dua hari di rumah kami tidak ada yang mengalir"
    before = dict(model.predict([text])[0].opd_top3)
    model.city_prior = prior
    after = dict(model.predict([text])[0].opd_top3)
    assert after.get("air_minum", 0) > before.get("air_minum", 0)

    # Saved beside a copy of the model, read back with it; a damaged file is left out.
    copy = tmp_path / "copy"
    shutil.copytree(trained_model.path, copy)
    adaptation.save(prior, copy)
    assert load_model(copy).city_prior == prior
    assert load_model(copy, city_prior=False).city_prior is None
    (copy / adaptation.FILE).write_text('{"classes": []}')
    assert load_model(copy).city_prior is None
    mismatched = CityPrior(("a", "b"), (0.5, 0.5), (0.6, 0.4), 100, "2026-12-03")
    with pytest.raises(ConfigError, match="tidak cocok"):
        model.city_prior = mismatched


def test_re_estimating_waits_for_the_reports_to_double(trained_model):
    model = load_model(trained_model.path)
    assert not adaptation_due(model, 99) and adaptation_due(model, 100)
    classes = tuple(str(c) for c in model.opd_model.classes_)
    reference = tuple(float(v) for v in model.routing_prior())
    # Estimated on the newest 5,000 posts when 12,000 reports had been classified.
    model.city_prior = CityPrior(classes, reference, reference, 5_000, "2026-12-03",
                                 reports_classified=12_000)
    assert not adaptation_due(model, 13_000) and adaptation_due(model, 24_000)
    assert CityPrior.from_dict(model.city_prior.as_dict()) == model.city_prior


def test_a_model_saved_before_adaptation_is_not_adapted(trained_model, city_posts):
    model = load_model(trained_model.path)
    del model.opd_model[-1].training_prior_
    assert model.routing_prior() is None and not adaptation_due(model, 10_000)
    with pytest.raises(ConfigError, match="terlalu lama"):
        model.estimate_city_prior(city_posts)


def test_classifying_adapts_once_enough_reports_are_in(use_db, factory, active_model, tmp_path,
                                                       city_posts):
    models = tmp_path / "models"
    store_posts(factory, city_posts[:50])
    classify_pending(factory, models)
    assert not (active_model.path / adaptation.FILE).exists()  # too few reports yet
    store_posts(factory, city_posts, channel="wargabtg2")
    classify_pending(factory, models)
    saved = adaptation.load(active_model.path)
    assert saved is not None and saved.n_posts >= 100
    # The posts it read are the reports the task counted (the same threshold, every post).
    assert saved.reports_classified == saved.n_posts
    with factory() as session:
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "adaptasi_model")).all()
    assert [(e.actor, e.details["n_posts"]) for e in events] == [("sistem", saved.n_posts)]
    # A few more posts do not double the count: the estimate stays as it is.
    store_posts(factory, city_posts[:10], channel="wargabtg3")
    classify_pending(factory, models)
    assert adaptation.load(active_model.path) == saved


def test_adaptation_can_be_switched_off(use_db, factory, active_model, tmp_path, city_posts,
                                        monkeypatch):
    monkeypatch.setenv("JARING_CITY_ADAPTATION", "false")
    get_settings.cache_clear()
    store_posts(factory, city_posts * 2)
    classify_pending(factory, tmp_path / "models")
    assert not (active_model.path / adaptation.FILE).exists()


def test_the_adapt_command(use_db, factory, active_model, capsys, city_posts, tmp_path):
    code, out, err = run_cli(capsys, "model", "adapt")
    assert code == 1 and err.startswith("Galat:") and "setidaknya 100" in err
    store_posts(factory, city_posts)
    code, out, err = run_cli(capsys, "model", "adapt", "--operator", "dewi")
    assert code == 0, err
    assert "air_minum" in out and "Prior kota" in out
    code, out, _ = run_cli(capsys, "model", "adapt", "--json", "--operator", "dewi")
    found = json.loads(out)
    assert found["version"] == active_model.version and found["n_posts"] >= 100
    code, out, _ = run_cli(capsys, "model", "list", "--json")
    assert json.loads(out)[0]["city_prior_posts"] == found["n_posts"]
    labelled = tmp_path / "uji.csv"
    with labelled.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("text", "opd_code"),
                                      *((t, "air_minum") for t in seed_texts("air_minum", 5))])
    for flag, expected in (("--city-prior", found["n_posts"]), ("--no-city-prior", None)):
        code, out, err = run_cli(capsys, "model", "evaluate", "--model", str(active_model.path),
                                 "--target", "opd", "--data", str(labelled), "--json", flag)
        assert code == 0, err
        assert json.loads(out)["city_prior_posts"] == expected
        code, out, err = run_cli(capsys, "model", "evaluate", "--model", str(active_model.path),
                                 "--target", "opd", "--data", str(labelled), flag)
        assert code == 0, err
        assert ("prior kota" in out) == (expected is not None)
    # The prior re-weights routing only: a report-type score does not name it.
    typed = tmp_path / "jenis.csv"
    with typed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("text", "report_type"),
                                      *((t, "pengaduan") for t in seed_texts("air_minum", 5))])
    code, out, err = run_cli(capsys, "model", "evaluate", "--model", str(active_model.path),
                             "--target", "type", "--data", str(typed), "--json")
    assert code == 0, err
    assert json.loads(out)["city_prior_posts"] is None
    code, out, _ = run_cli(capsys, "model", "adapt", "--reset", "--operator", "dewi")
    assert code == 0 and "dihapus" in out
    assert not (active_model.path / adaptation.FILE).exists()
    code, out, _ = run_cli(capsys, "model", "adapt", "--reset")
    assert code == 0 and "belum punya" in out
    with factory() as session:
        actions = session.scalars(select(AuditEvent.action).where(
            AuditEvent.actor == "dewi").order_by(AuditEvent.id)).all()
    assert actions == ["adaptasi_model", "adaptasi_model", "hapus_adaptasi"]


def test_a_prior_that_cannot_be_kept_leaves_no_audit_row(use_db, factory, active_model,
                                                          city_posts):
    from classify.service import adapt
    from core.errors import NotFoundError

    store_posts(factory, city_posts)
    model = load_model(active_model.path)
    (active_model.path / "metadata.json").unlink()  # the directory no longer holds a model
    with pytest.raises(NotFoundError):
        adapt(factory, model, actor="dewi")
    assert model.city_prior is None
    with factory() as session:
        assert session.scalars(select(AuditEvent).where(
            AuditEvent.action == "adaptasi_model")).all() == []


def test_a_damaged_city_prior_is_named_in_the_model_list(use_db, active_model, capsys):
    (active_model.path / adaptation.FILE).write_text("{bukan json", encoding="utf-8")
    code, out, err = run_cli(capsys, "model", "list")
    assert code == 0, err
    assert "rusak" in out and "merutekan tanpa prior kota" in err and "adapt --reset" in err
    code, out, _ = run_cli(capsys, "model", "list", "--json")
    row = json.loads(out)[0]
    assert row["city_prior_posts"] is None and "rusak" in row["city_prior_error"]
    code, out, err = run_cli(capsys, "model", "adapt", "--reset", "--operator", "dewi")
    assert code == 0 and "dihapus" in out, err
    code, out, err = run_cli(capsys, "model", "list", "--json")
    assert json.loads(out)[0]["city_prior_error"] is None and "Peringatan" not in err


def test_evaluate_scores_the_router_as_it_routes_with_its_city_prior(trained_model):
    """`jaring model evaluate` says it scores with the saved prior: its figures must be those
    of the adapted router, the one that routes the city's posts."""
    model = load_model(trained_model.path)
    examples = [ex for ex in load_seed() if ex.opd_code][::4]
    classes = [str(c) for c in model.opd_model.classes_]
    prior = np.full(len(classes), 0.02 / (len(classes) - 1))
    prior[classes.index("air_minum")] = 0.98
    model.city_prior = CityPrior(tuple(classes), tuple(model.routing_prior()), tuple(prior), 500,
                                 "2026-12-04T00:00:00+00:00", strength=1.0)
    adapted = evaluate(model, examples, "opd")
    routed = Counter(p.opd_code for p in model.predict([ex.text for ex in examples]))
    scored = Counter()
    for row in adapted["confusion"].values():
        scored.update(row)
    assert scored == routed
    model.city_prior = None
    as_trained = evaluate(model, examples, "opd")
    assert adapted["per_class"]["air_minum"]["recall"] >= as_trained["per_class"]["air_minum"][
        "recall"]
    assert adapted["accuracy"] < as_trained["accuracy"]  # the prior says air_minum for far more
