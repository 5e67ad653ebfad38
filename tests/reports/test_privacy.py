"""Data-subject requests and retention on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from core.domain import DraftStatus
from models import AuditEvent, Classification, Draft, Post, PostRevision
from models.db import transaction
from models.tables import ForgottenPost
from reports import privacy, store
from tests.reports.conftest import CITY, store_posts
from tests.reports.test_service import AIR, BPBD, FLOOD, FLOOD_AGAIN, MORNING, NIGHT, OTHER

URL1, URL3 = "https://t.me/wargabtg/1", "https://t.me/wargabtg/3"
PHONE_POST = "Air PDAM di Guntung mati sejak 2 hari, hubungi sy 0812 5533 7781"


def count(factory, model) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_export_shows_what_is_held_with_personal_data_masked(factory, pipeline):
    pipeline([(1, PHONE_POST, NIGHT, AIR)])
    with transaction(factory) as session:
        shown = privacy.export_post(session, URL1, CITY)
        full = privacy.export_post(session, URL1, CITY, reveal=True)
    (held,) = shown["unggahan"]
    assert shown["ditemukan"] and not shown["pernah_dihapus"] and shown["teks_disamarkan"]
    assert "5533" not in held["teks"] and held["data_pribadi_disamarkan"] == ["telepon"]
    assert held["pseudonim_penulis"].startswith("anon-") and held["sumber"] == "wargabtg"
    assert held["klasifikasi"][0]["jenis"] == "pengaduan"
    assert held["draf"][0]["status"] == "menunggu_tinjauan"
    assert "0812 5533 7781" in full["unggahan"][0]["teks"]
    with factory() as session:
        assert privacy.export_post(session, "https://t.me/x/9", CITY) == {
            "url": "https://t.me/x/9", "ditemukan": False, "pernah_dihapus": False,
            "teks_disamarkan": True, "unggahan": []}


def test_export_includes_earlier_versions_of_an_edited_post(factory, pipeline):
    pipeline([(1, PHONE_POST, NIGHT, AIR)])
    store_posts(factory, [(1, "Air PDAM di Guntung sudah mengalir lagi", NIGHT, AIR)])
    with factory() as session:
        (held,) = privacy.export_post(session, URL1, CITY)["unggahan"]
    assert held["teks"] == "Air PDAM di Guntung sudah mengalir lagi"
    assert "[TELEPON]" in held["revisi"][0]["teks"]


def test_forget_rewrites_a_pending_draft_from_the_remaining_posts(factory, pipeline):
    pipeline([(1, FLOOD, NIGHT, BPBD), (3, FLOOD_AGAIN + " sy 0812 5533 7781", MORNING, BPBD)])
    with transaction(factory) as session:
        outcome = privacy.forget_post(session, URL3, "sari", CITY)
    (draft,) = [d for d in _drafts(factory)]
    assert outcome.removed and outcome.regenerated == [draft.id] and not outcome.refused
    assert [link.post.url for link in draft.sources] == [URL1]
    assert "dari 1 unggahan publik" in draft.isi and "kulkas" not in draft.isi
    assert all(r["sumber"] == 0 for r in draft.redactions)
    with factory() as session:
        assert session.scalar(select(Post).where(Post.url == URL3)) is None
        assert privacy.is_forgotten(session, URL3)
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["privasi_hapus", "privasi_hapus"]  # the draft's and the request's


def test_forgetting_the_last_evidence_empties_and_rejects_the_draft(factory, pipeline):
    pipeline([(1, OTHER, NIGHT, AIR)])
    with transaction(factory) as session:
        outcome = privacy.forget_post(session, URL1, "sari", CITY)
    (draft,) = _drafts(factory)
    assert outcome.emptied == [draft.id]
    assert draft.status == DraftStatus.DITOLAK and draft.sources == []
    assert "Gunung Elai" not in draft.isi + draft.judul and draft.kelurahan is None
    assert count(factory, Post) == count(factory, Classification) == 0


def test_evidence_of_an_official_record_is_kept_and_the_refusal_logged(factory, pipeline):
    pipeline([(1, OTHER, NIGHT, AIR)])
    with transaction(factory) as session:
        record = store.confirm_draft(session, _drafts(factory)[0].id, "sari", CITY)
        number = record.tracking_number
    with transaction(factory) as session:
        outcome = privacy.forget_post(session, URL1, "budi", CITY)
    assert outcome.refused == [number] and outcome.removed == []
    assert count(factory, Post) == 1 and count(factory, ForgottenPost) == 0
    with factory() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.actor == "budi"))
    assert event.action == "privasi_hapus" and event.details["refused_for"] == [number]
    assert URL1 not in str(event.details)  # only the URL's fingerprint is logged


def test_a_forgotten_post_harvested_again_is_never_stored_or_drafted(factory, pipeline):
    pipeline([(1, OTHER, NIGHT, AIR)])
    with transaction(factory) as session:
        privacy.forget_post(session, URL1, "sari", CITY)
    assert pipeline([(1, OTHER, NIGHT, AIR)]) == 0  # the platform still shows it
    assert count(factory, Post) == 0  # the harvest store skips forgotten URLs
    with transaction(factory) as session:
        result = privacy.purge_expired(session, days=30)
    assert result.posts == 0


def test_forgetting_an_unknown_post_is_recorded_for_later(factory):
    with transaction(factory) as session:
        outcome = privacy.forget_post(session, "https://t.me/x/1", "sari", CITY)
    assert outcome.removed == outcome.refused == []
    assert count(factory, ForgottenPost) == 1 and count(factory, AuditEvent) == 1


def test_retention_purges_only_old_posts_in_no_draft(factory, pipeline):
    chat = "Selamat pagi warga Bontang, semoga harinya menyenangkan"
    pipeline([(1, OTHER, NIGHT, AIR), (2, chat, NIGHT, None), (3, chat + " ya", NIGHT, None)])
    store_posts(factory, [(3, chat + " ya!", NIGHT, None)])  # an edit leaves a revision
    old = datetime.now(UTC) - timedelta(days=31)
    with transaction(factory) as session:
        session.execute(update(Post).where(Post.url != "https://t.me/wargabtg/2")
                        .values(harvested_at=old))
    with transaction(factory) as session:
        result = privacy.purge_expired(session, days=30)
    assert (result.posts, result.revisions) == (1, 1) and result.classifications >= 1
    with factory() as session:
        urls = set(session.scalars(select(Post.url)))
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "retensi_hapus"))
    assert urls == {URL1, "https://t.me/wargabtg/2"}  # in a draft, or still recent
    assert count(factory, PostRevision) == 0
    assert (event.actor, event.details["posts"], event.details["retention_days"]) == (
        "jaring", 1, 30)
    with transaction(factory) as session:
        assert privacy.purge_expired(session, days=30).posts == 0  # idempotent


def _drafts(factory) -> list[Draft]:
    with factory() as session:
        return store.list_drafts(session, status=None)
