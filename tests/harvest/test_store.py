"""Storing harvested posts on SQLite and PostgreSQL: idempotent, edits kept, cursor atomic."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from core.errors import ConfigError
from harvest import store
from harvest.config import SourceConfig, parse_sources
from harvest.items import HarvestedPost
from models import Post, PostRevision, Source
from models.db import transaction

KEY = b"k" * 64
CONFIG = SourceConfig(name="warga", kind="telegram", channel="wargabtg")


def post(n: int, text: str = "Jalan rusak di Api-Api") -> HarvestedPost:
    return HarvestedPost(external_id=f"wargabtg/{n}", url=f"https://t.me/wargabtg/{n}",
                         text=text, posted_at=datetime(2026, 11, 20, n % 24, tzinfo=UTC),
                         author="Pak RT Guntung")


def save(factory, posts, cursor):
    with transaction(factory) as session:
        source = store.sync_sources(session, [CONFIG])[0]
        return store.store_posts(session, source, posts, cursor=cursor, key=KEY)


def test_storing_twice_creates_no_duplicates(factory):
    assert save(factory, [post(1), post(2)], "2") == store.StoreCounts(new=2)
    assert save(factory, [post(1), post(2)], "2") == store.StoreCounts(unchanged=2)
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Post)) == 2
        source = session.scalar(select(Source))
        assert source.cursor == "2"


def test_authors_are_only_stored_as_pseudonyms(factory):
    save(factory, [post(1)], "1")
    with factory() as session:
        stored = session.scalar(select(Post))
    assert stored.author_pseudonym.startswith("anon-")
    assert "Guntung" not in stored.author_pseudonym


def test_an_edited_post_keeps_its_history(factory):
    save(factory, [post(1, "Jalan rusak")], "1")
    assert save(factory, [post(1, "Jalan rusak parah, sudah 3 minggu")], "1").updated == 1
    with factory() as session:
        stored = session.scalar(select(Post))
        assert stored.text == "Jalan rusak parah, sudah 3 minggu"
        assert [r.text for r in session.scalars(select(PostRevision))] == ["Jalan rusak"]


def test_a_failed_transaction_leaves_posts_and_cursor_unchanged(factory):
    save(factory, [post(1)], "1")
    with pytest.raises(RuntimeError), transaction(factory) as session:
        source = store.sync_sources(session, [CONFIG])[0]
        store.store_posts(session, source, [post(2)], cursor="2", key=KEY)
        raise RuntimeError("crash mid-run")
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Post)) == 1
        assert session.scalar(select(Source.cursor)) == "1"


def test_failures_are_counted_and_reset_by_success(factory):
    save(factory, [], None)
    with factory() as session:
        source_id = session.scalar(select(Source.id))
    for _ in range(2):
        with transaction(factory) as session:
            store.record_failure(session, source_id, "waktu habis")
    with factory() as session:
        source = session.get(Source, source_id)
        assert (source.consecutive_failures, source.last_error) == (2, "waktu habis")
    with transaction(factory) as session:
        store.record_success(session, store.get_source(session, source_id))
    with factory() as session:
        assert session.get(Source, source_id).consecutive_failures == 0


def test_validators_and_backlog_are_kept_with_the_posts(factory):
    with transaction(factory) as session:
        source = store.sync_sources(session, [CONFIG])[0]
        store.store_posts(session, source, [post(1)], cursor="0", key=KEY)
        store.save_resume_state(source, backlog=("https://t.me/s/wargabtg?before=1", "1"),
                                validators={"https://t.me/s/wargabtg": {"etag": '"a"'}})
    with transaction(factory) as session:
        source = store.sync_sources(session, [CONFIG])[0]
        assert (source.cursor, source.backlog_url, source.backlog_mark) == (
            "0", "https://t.me/s/wargabtg?before=1", "1")
        assert source.http_cache == {"https://t.me/s/wargabtg": {"etag": '"a"'}}
        store.save_resume_state(source, backlog=None, validators=None)  # None keeps validators
    with factory() as session:
        source = session.scalar(select(Source))
        assert source.backlog_url is None and source.http_cache != {}


def test_another_place_under_the_same_name_starts_afresh(factory):
    save(factory, [post(1)], "1")
    with transaction(factory) as session:
        source = store.sync_sources(session, [CONFIG])[0]
        store.save_resume_state(source, backlog=("u", "1"), validators={"u": {"etag": "x"}})
    slower = SourceConfig(name="warga", kind="telegram", channel="wargabtg", interval_minutes=90)
    with transaction(factory) as session:
        assert store.sync_sources(session, [slower])[0].cursor == "1"  # same place
    moved = SourceConfig(name="warga", kind="telegram", channel="wargalain")
    with transaction(factory) as session:
        source = store.sync_sources(session, [moved])[0]
        assert (source.cursor, source.backlog_url, source.http_cache) == (None, None, {})
    with factory() as session:  # the posts themselves stay
        assert session.scalar(select(func.count()).select_from(Post)) == 1


def test_set_enabled_mirrors_the_file_on_the_row(factory):
    with transaction(factory) as session:
        assert not store.set_enabled(session, "warga", False)
    save(factory, [], None)
    with transaction(factory) as session:
        assert store.set_enabled(session, "warga", False)
    with factory() as session:
        assert session.scalar(select(Source.enabled)) is False


@pytest.mark.parametrize(("document", "message"), [
    ("[[source]]\nname = 'a b'\nkind = 'telegram'\nchannel = 'abcd'", "nama sumber"),
    ("[[source]]\nname = 'ab'\nkind = 'myspace'", "tidak dikenal"),
    ("[[source]]\nname = 'ab'\nkind = 'telegram'", "channel"),
    ("[[source]]\nname = 'ab'\nkind = 'telegram'\nchannel = 'x!'", "kanal"),
    ("[[source]]\nname = 'ab'\nkind = 'telegram'\nchannel = 'abcd'\ninterval_minutes = 1",
     "interval_minutes"),
    ("[[source]]\nname = 'ab'\nkind = 'telegram'\nchannel = 'abcd'\n"
     "[[source]]\nname = 'ab'\nkind = 'telegram'\nchannel = 'efgh'", "ganda"),
    ("[[source]\nname = 'ab'", "TOML"),
])
def test_invalid_sources_files_are_clear_errors(document, message):
    with pytest.raises(ConfigError, match=message):
        parse_sources(document)


def test_a_forgotten_post_is_never_stored_again(factory):
    from models.tables import ForgottenPost

    with transaction(factory) as session:
        session.add(ForgottenPost(url_hash=ForgottenPost.fingerprint(post(2).url)))
    counts = save(factory, [post(1), post(2)], "2")
    assert counts.new == 1
    with factory() as session:
        assert session.scalars(select(Post.external_id)).all() == ["wargabtg/1"]
        assert session.scalar(select(Source.cursor)) == "2"
