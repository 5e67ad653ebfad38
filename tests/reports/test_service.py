"""One draft per incident, stored: merging, regeneration, late evidence, idempotence."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from core.domain import DraftStatus
from models import AuditEvent, Draft, DraftPost
from models.db import transaction
from reports import store
from reports.service import draft_pending
from tests.reports.conftest import CITY, VERSION

NIGHT = datetime(2026, 11, 18, 13, 0, tzinfo=UTC)  # 21:00 WITA
MORNING = datetime(2026, 11, 18, 23, 30, tzinfo=UTC)  # 19 Nov, 07:30 WITA
FLOOD = "Jl. Selat Gaspor Tanjung Laut banjir lagi malam ini, air masuk rumah warga kira2 40 cm"
FLOOD_AGAIN = ("Tadi malam hujan deras, Jl Selat Gaspor Tanjung Laut terendam selutut, kulkas "
               "dan kasur warga kena. Banjir lagi, mohon BPBD turun")
OTHER = "Air PDAM di Gunung Elai mati sejak 3 hari, tolong Tirta Taman kasih kejelasan"
BPBD, AIR = "kebencanaan", "air_minum"


def drafts(factory) -> list[Draft]:
    with factory() as session:
        return store.list_drafts(session, status=None)


def test_posts_about_one_incident_become_one_draft(factory, pipeline):
    new = pipeline([(1, FLOOD, NIGHT, BPBD), (2, OTHER, NIGHT, AIR),
                    (3, FLOOD_AGAIN, MORNING, BPBD)])
    assert new == 2
    by_evidence = sorted(drafts(factory), key=lambda d: len(d.sources))
    other, flood = by_evidence
    assert [link.post.url for link in flood.sources] == [
        "https://t.me/wargabtg/1", "https://t.me/wargabtg/3"]
    assert flood.sources[0].match_score is None and flood.sources[1].match_score > 0.18
    assert "dari 2 unggahan publik" in flood.isi and "warga lain" in flood.isi
    assert flood.kelurahan == "Tanjung Laut" and flood.tanggal_kejadian.isoformat() == "2026-11-18"
    assert len(other.sources) == 1 and other.kelurahan == "Gunung Elai"


def test_a_later_post_joins_a_pending_draft_and_rewrites_it(factory, pipeline):
    assert pipeline([(1, FLOOD, NIGHT, BPBD)]) == 1
    first = drafts(factory)[0]
    assert "dari 1 unggahan publik" in first.isi
    # the same incident, posted on another platform's channel by another resident, a run later
    assert pipeline([(7, FLOOD_AGAIN, MORNING, BPBD)], channel="infobtg") == 0
    (merged,) = drafts(factory)
    assert merged.id == first.id and len(merged.sources) == 2
    assert "dari 2 unggahan publik" in merged.isi and merged.updated_at is not None


def test_a_confirmed_draft_keeps_its_text_and_gains_late_evidence(factory, pipeline):
    pipeline([(1, FLOOD, NIGHT, BPBD)])
    draft_id = drafts(factory)[0].id
    with transaction(factory) as session:
        store.confirm_draft(session, draft_id, "sari", CITY)
    confirmed_isi = drafts(factory)[0].isi
    assert pipeline([(2, FLOOD_AGAIN, MORNING, BPBD)]) == 0
    (draft,) = drafts(factory)
    assert draft.status == DraftStatus.DIKONFIRMASI and draft.isi == confirmed_isi
    assert len(draft.sources) == 2
    with factory() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "bukti_tambahan"))
    assert (event.actor, event.entity_id, event.details["post_id"]) == (
        "jaring", draft_id, draft.sources[1].post_id)


def test_a_rejected_draft_is_not_joined(factory, pipeline):
    pipeline([(1, FLOOD, NIGHT, BPBD)])
    with transaction(factory) as session:
        store.reject_draft(session, drafts(factory)[0].id, "sari", "kurang jelas")
    assert pipeline([(2, FLOOD_AGAIN, MORNING, BPBD)]) == 1
    assert sorted(d.status for d in drafts(factory)) == ["ditolak", "menunggu_tinjauan"]


def test_drafting_twice_changes_nothing(factory, pipeline):
    pipeline([(1, FLOOD, NIGHT, BPBD), (2, FLOOD_AGAIN, MORNING, BPBD), (3, OTHER, NIGHT, AIR)])
    before = [(d.id, d.isi, len(d.sources)) for d in drafts(factory)]
    assert draft_pending(factory, CITY, VERSION) == 0
    assert [(d.id, d.isi, len(d.sources)) for d in drafts(factory)] == before
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(DraftPost)) == 3
