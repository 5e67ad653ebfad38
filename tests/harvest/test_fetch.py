"""Fetching over real HTTP against a local server: paging, incrementality, faults."""

import time

import pytest
from werkzeug import Response

from harvest.config import SourceConfig
from harvest.errors import FetchError, ParseError, RobotsDisallowed, SourceUnavailable
from harvest.http import HttpPolicy, PoliteClient
from harvest.run import harvest_source
from tests.harvest.pages import channel_page

NEW = [(105, "Jalan di Api-Api berlubang lagi", "2026-11-20T01:00:00+00:00"),
       (106, "Air PDAM mati sejak pagi", "2026-11-20T02:00:00+00:00")]
OLD = [(101, "Sampah numpuk di Jl. KS Tubun", "2026-11-18T01:00:00+00:00"),
       (104, "Lampu jalan mati di Guntung", "2026-11-19T01:00:00+00:00")]


@pytest.fixture(autouse=True)
def _no_robots_rules(httpserver):
    """Most tests serve no robots.txt (a 404 means: no rules)."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)


def policy(**overrides) -> HttpPolicy:
    base = dict(user_agent="JaringTest/1.0 (+tests)", timeout_seconds=2, delay_seconds=0,
                backoff_seconds=0.01, max_retries=2)
    return HttpPolicy(**{**base, **overrides})


def config(server, channel="wargabtg") -> SourceConfig:
    return SourceConfig(name="warga", kind="telegram", channel=channel,
                        base_url=server.url_for("").rstrip("/"))


def serve_channel(server, channel="wargabtg"):
    server.expect_request(f"/s/{channel}", query_string="").respond_with_data(
        channel_page(channel, NEW, older=105), content_type="text/html")
    server.expect_request(f"/s/{channel}", query_string="before=105").respond_with_data(
        channel_page(channel, OLD, older=101), content_type="text/html")
    server.expect_request(f"/s/{channel}", query_string="before=101").respond_with_data(
        channel_page(channel, []), content_type="text/html")


def test_first_harvest_walks_every_page_and_sets_the_cursor(httpserver):
    serve_channel(httpserver)
    with PoliteClient(policy()) as client:
        result = harvest_source(client, config(httpserver), None, max_pages=10)
    assert [p.external_id for p in result.posts] == [
        "wargabtg/101", "wargabtg/104", "wargabtg/105", "wargabtg/106"]
    assert result.cursor == "106"
    assert result.pages == 3 and result.complete
    assert result.posts[0].text == "Sampah numpuk di Jl. KS Tubun"


def test_incremental_harvest_stops_at_the_cursor(httpserver):
    serve_channel(httpserver)
    with PoliteClient(policy()) as client:
        result = harvest_source(client, config(httpserver), "105", max_pages=10)
    # The whole newest page comes back (the store notices edits); only it was fetched.
    assert [p.external_id for p in result.posts] == ["wargabtg/105", "wargabtg/106"]
    assert result.pages == 1 and result.cursor == "106"


def test_nothing_new_keeps_the_cursor(httpserver):
    serve_channel(httpserver)
    with PoliteClient(policy()) as client:
        result = harvest_source(client, config(httpserver), "106", max_pages=10)
    assert result.pages == 1 and result.cursor == "106"


def test_page_limit_is_reported_as_incomplete(httpserver):
    serve_channel(httpserver)
    with PoliteClient(policy()) as client:
        result = harvest_source(client, config(httpserver), "100", max_pages=1)
    assert not result.complete and result.cursor == "106"


def test_unknown_channel_is_unavailable_not_retried(httpserver):
    httpserver.expect_oneshot_request("/s/hilang").respond_with_data("no", status=404)
    with PoliteClient(policy()) as client, pytest.raises(SourceUnavailable, match="404"):
        harvest_source(client, config(httpserver, "hilang"), None, max_pages=3)


def test_changed_markup_is_a_parse_error(httpserver):
    httpserver.expect_request("/s/wargabtg").respond_with_data(
        "<html><body><div class='new-layout'>Halo</div></body></html>", content_type="text/html")
    with PoliteClient(policy()) as client, pytest.raises(ParseError, match="markup"):
        harvest_source(client, config(httpserver), None, max_pages=3)


def test_429_with_retry_after_is_honoured(httpserver):
    httpserver.expect_oneshot_request("/s/wargabtg").respond_with_response(
        Response("slow down", status=429, headers={"Retry-After": "1"}))
    httpserver.expect_request("/s/wargabtg").respond_with_data(
        channel_page("wargabtg", NEW), content_type="text/html")
    started = time.monotonic()
    with PoliteClient(policy()) as client:
        result = harvest_source(client, config(httpserver), None, max_pages=1)
    assert time.monotonic() - started >= 1.0
    assert len(result.posts) == 2


def test_persistent_500s_fail_after_bounded_retries(httpserver):
    httpserver.expect_request("/s/wargabtg").respond_with_data("oops", status=500)
    with PoliteClient(policy()) as client, pytest.raises(FetchError, match="3 percobaan"):
        harvest_source(client, config(httpserver), None, max_pages=1)
    assert len([r for r, _ in httpserver.log if r.path == "/s/wargabtg"]) == 3


def test_timeout_is_a_fetch_error(httpserver):
    def slow(_request):
        time.sleep(1.5)
        return Response(channel_page("wargabtg", NEW), content_type="text/html")

    httpserver.expect_request("/s/wargabtg").respond_with_handler(slow)
    with PoliteClient(policy(timeout_seconds=0.3, max_retries=0)) as client, \
            pytest.raises(FetchError, match="waktu habis"):
        harvest_source(client, config(httpserver), None, max_pages=1)


def test_oversized_body_is_refused(httpserver):
    httpserver.expect_request("/s/wargabtg").respond_with_data("x" * 200_000)
    with PoliteClient(policy(max_bytes=50_000, max_retries=0)) as client, \
            pytest.raises(FetchError, match=r"terlalu besar|melebihi"):
        harvest_source(client, config(httpserver), None, max_pages=1)


def test_robots_txt_is_honoured(httpserver):
    httpserver.clear_all_handlers()
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /s/\n", content_type="text/plain")
    with PoliteClient(policy()) as client, pytest.raises(RobotsDisallowed):
        harvest_source(client, config(httpserver), None, max_pages=1)


def test_user_agent_is_descriptive(httpserver):
    serve_channel(httpserver)
    with PoliteClient(policy()) as client:
        harvest_source(client, config(httpserver), "106", max_pages=1)
    agents = {r.headers.get("User-Agent") for r, _ in httpserver.log}
    assert agents == {"JaringTest/1.0 (+tests)"}


def test_unreachable_robots_txt_blocks_the_fetch(httpserver):
    httpserver.clear_all_handlers()
    httpserver.expect_request("/robots.txt").respond_with_data("down", status=503)
    serve_channel(httpserver)
    with PoliteClient(policy()) as client, pytest.raises(FetchError, match="robots"):
        harvest_source(client, config(httpserver), None, max_pages=1)
    assert not [r for r, _ in httpserver.log if r.path.startswith("/s/")]
