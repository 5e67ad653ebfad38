"""The flow end to end on a Prefect test harness, against the recorded demo site."""

import httpx
import pytest
from sqlalchemy import func, select

from core.settings import get_settings
from jaring.demo import demo_site, demo_sources
from models import Draft, Post, Source
from models.db import make_engine, make_session_factory


@pytest.fixture(scope="module")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def test_demo_site_serves_pages_and_404s():
    with demo_site() as base:
        assert "tgme_channel_history" in httpx.get(f"{base}/s/suarawargabontang").text
        assert httpx.get(f"{base}/s/tidakada").status_code == 404
        older = httpx.get(f"{base}/s/suarawargabontang?before=1").text
        assert "tgme_widget_message_wrap" not in older


def test_pipeline_flow_harvests_classifies_and_drafts_idempotently(harness, tmp_path):
    from flows.pipeline import pipeline_flow
    from flows.resources import resources

    get_settings.cache_clear()
    resources.cache_clear()
    sources = tmp_path / "sources.toml"
    with demo_site() as base:
        sources.write_text(demo_sources(base) + '\n[[source]]\nname = "hilang"\n'
                           'kind = "telegram"\nchannel = "kanalhilang"\n'
                           f'base_url = "{base}"\n')
        first = pipeline_flow(sources_file=str(sources), delay=0)
        second = pipeline_flow(sources_file=str(sources), delay=0)
    by_name = {s["name"]: s for s in first["sources"]}
    assert by_name["demo-suarawargabontang"]["new"] > 0
    assert "404" in by_name["hilang"]["error"]
    assert first["classified"] > 0 and first["drafted"] > 0
    assert all(s["new"] == 0 for s in second["sources"])
    assert second["classified"] == 0 and second["drafted"] == 0
    engine = make_engine(get_settings().resolved_database_url)
    with make_session_factory(engine)() as session:
        posts = session.scalar(select(func.count()).select_from(Post))
        drafts = session.scalar(select(func.count()).select_from(Draft))
        failing = session.scalar(select(Source).where(Source.name == "hilang"))
    engine.dispose()
    assert posts == sum(s["new"] for s in first["sources"])
    assert drafts == first["drafted"]
    assert failing.consecutive_failures == 2 and failing.cursor is None
    resources.cache_clear()
