"""The review commands on SQLite and PostgreSQL: list, show, confirm, reject, audit."""

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from classify.service import classify_pending
from core.city import load_city_profile
from harvest import store as harvest_store
from harvest.config import SourceConfig
from harvest.items import HarvestedPost
from jaring.cli import main
from models import AuditEvent, Decision, Draft, OfficialRecord, Post
from models.db import transaction
from reports.service import draft_pending
from tests.conftest import without_versions

POSTS = [
    "jln di kelurahan Api-Api rusak parah, lubang dalam bgt. hub sy 0812 5533 7781",
    "air pdam mati udh 3 hari di Tanjung Laut, tolong min",
    "listrik padam terus tiap malam di Lok Tuan, pln tolong diperhatikan",
    "selamat pagi warga bontang, semoga harinya menyenangkan",
]


@pytest.fixture
def drafted(factory, use_db, active_model, tmp_path):
    config = SourceConfig(name="warga", kind="telegram", channel="wargabtg")
    items = [HarvestedPost(external_id=f"wargabtg/{i}", url=f"https://t.me/wargabtg/{i}",
                           text=text, posted_at=datetime(2026, 11, 20, i, tzinfo=UTC),
                           author=f"warga{i}") for i, text in enumerate(POSTS, start=1)]
    with transaction(factory) as session:
        source = harvest_store.sync_sources(session, [config])[0]
        harvest_store.store_posts(session, source, items, cursor="4", key=b"k" * 64)
    version, count = classify_pending(factory, tmp_path / "models")
    assert (version, count) == (active_model.version, 4)
    assert draft_pending(factory, load_city_profile("bontang"), version) == 3
    return factory


def run(capsys, *args):
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code or 0, out, err


def test_list_and_show_in_json(drafted, capsys):
    code, out, _ = run(capsys, "review", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 3
    assert {r["privacy"] for r in rows} == {"rahasia"}
    code, out, _ = run(capsys, "review", "show", str(rows[-1]["id"]), "--json")
    detail = json.loads(out)
    assert detail["judul"] and detail["isi"] and detail["instansi_tujuan"]
    assert detail["sumber"] == ["https://t.me/wargabtg/1"]
    # the phone number was redacted before reaching the screen
    assert "5533" not in without_versions(out)
    assert detail["redactions"][0]["kind"] == "telepon"


def test_confirm_creates_a_record_and_refuses_a_second_confirm(drafted, capsys):
    code, out, _ = run(capsys, "review", "confirm", "1", "--operator", "sari",
                       "--opd", "perhubungan", "--judul", "Jalan rusak di Api-Api")
    year = datetime.now(UTC).year
    assert code == 0 and f"BTG-{year}-000001" in out
    code, _, err = run(capsys, "review", "confirm", "1", "--operator", "budi")
    assert code == 1 and "sudah dikonfirmasi" in err
    code, out, _ = run(capsys, "review", "confirm", "2", "--operator", "sari")
    assert f"BTG-{year}-000002" in out
    with drafted() as session:
        record = session.scalar(select(OfficialRecord).where(OfficialRecord.draft_id == 1))
        draft = session.get(Draft, 1)
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == 1)
                                  .order_by(AuditEvent.id)).all()
        decisions = session.scalar(select(func.count()).select_from(Decision))
    assert record.opd_code == "perhubungan" and record.confirmed_by == "sari"
    assert record.followup_due > record.forwarded_at.date()
    assert draft.judul == "Jalan rusak di Api-Api" and draft.status == "dikonfirmasi"
    assert actions == ["ubah", "konfirmasi"]
    assert decisions == 2


def test_reject_needs_a_reason_and_is_audited(drafted, capsys, monkeypatch):
    monkeypatch.setenv("JARING_OPERATOR", "rina")
    from core.settings import get_settings

    get_settings.cache_clear()
    code, _, _ = run(capsys, "review", "reject", "3", "--reason", "bukan kewenangan pemkot")
    assert code == 0
    code, _, err = run(capsys, "review", "confirm", "3")
    assert code == 1 and "ditolak" in err
    with drafted() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.entity_id == 3))
    assert (event.actor, event.action, event.details["reason"]) == (
        "rina", "tolak", "bukan kewenangan pemkot")


@pytest.mark.parametrize("args", [
    ("review", "show", "99"),
    ("review", "confirm", "99", "--operator", "x"),
    ("review", "reject", "99", "--reason", "x", "--operator", "x"),
    ("review", "confirm", "1"),
    ("review", "confirm", "1", "--operator", "x", "--opd", "dinas_khayalan"),
    ("review", "list", "--status", "entah"),
])
def test_bad_review_commands_fail_clearly_and_change_nothing(drafted, capsys, args):
    code, _, err = run(capsys, *args)
    assert code == 1 and err.startswith("Galat:")
    with drafted() as session:
        assert session.scalar(select(func.count()).select_from(OfficialRecord)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_unsure_drafts_are_marked_perlu_ditinjau(factory, use_db, active_model, capsys):
    from classify.model import Prediction
    from reports import store
    from reports.draft import SourcePost, draft_report

    unsure = Prediction("pengaduan", 0.45, "lainnya", 0.3, {"pengaduan": 0.45},
                        (("lainnya", 0.3),), needs_review=True,
                        review_reasons=("instansi tujuan tidak pasti",))
    post = SourcePost(text="ada yg aneh di dekat pasar", platform="telegram",
                      posted_at=datetime(2026, 11, 20, tzinfo=UTC), url="https://t.me/x/9")
    content = draft_report(post, unsure, load_city_profile("bontang"))
    assert content.review_reasons == ("instansi tujuan tidak pasti",)
    config = SourceConfig(name="warga", kind="telegram", channel="wargabtg")
    item = HarvestedPost(external_id="wargabtg/9", url=post.url, text=post.text,
                         posted_at=post.posted_at)
    with transaction(factory) as session:
        source = harvest_store.sync_sources(session, [config])[0]
        harvest_store.store_posts(session, source, [item], cursor="9", key=b"k" * 64)
        stored = session.scalar(select(Post))
        store.create_draft(session, content, [stored], active_model.version)
    _, out, _ = run(capsys, "review", "show", "1", "--json")
    detail = json.loads(out)
    assert detail["perlu_ditinjau"] is True
    assert detail["alasan_tinjau"] == ["instansi tujuan tidak pasti"]
    _, out, _ = run(capsys, "review", "show", "1")
    assert "Perlu ditinjau" in out


@pytest.mark.parametrize("args", [("review", "list"), ("review", "show", "999")],
                         ids=["success", "error"])
def test_a_command_closes_its_database_connections(use_db, monkeypatch, capsys, args):
    """Each command disposes the engine it opened, on success and on error alike (a
    PostgreSQL connection left to the garbage collector warns and holds a server slot)."""
    from models import db

    engines = []
    make_engine = db.make_engine

    def recording(url):
        engines.append(make_engine(url))
        return engines[-1]

    monkeypatch.setattr(db, "make_engine", recording)
    with pytest.raises(SystemExit):
        main(list(args))
    capsys.readouterr()
    assert engines, "the command opened no database"
    # A disposed engine's new pool holds no connection; an undisposed one keeps the one the
    # command checked in.
    assert [engine.pool.checkedin() for engine in engines] == [0] * len(engines)
