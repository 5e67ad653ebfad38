"""Fetching over real HTTP against a local server: paging, incrementality, politeness."""

import gzip
import threading
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from harvest.config import SourceConfig
from harvest.errors import FetchError, ParseError, RobotsDisallowed, SourceUnavailable
from harvest.http import HttpPolicy, PoliteClient
from harvest.politeness import RobotsCache, host_gate
from harvest.run import Backlog, harvest_source
from tests.harvest.pages import channel_page

NEW = [(105, "Jalan di Api-Api berlubang lagi", "2026-11-20T01:00:00+00:00"),
       (106, "Air PDAM mati sejak pagi", "2026-11-20T02:00:00+00:00")]
OLD = [(101, "Sampah numpuk di Jl. KS Tubun", "2026-11-18T01:00:00+00:00"),
       (104, "Lampu jalan mati di Guntung", "2026-11-19T01:00:00+00:00")]


@pytest.fixture(autouse=True)
def _no_robots_rules(httpserver):
    """Most tests serve no robots.txt (a 404 means: no rules)."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)


@pytest.fixture
def fresh_server():
    """A threaded server on its own port: its own host, so host turns start clean."""
    servers = []

    def make() -> HTTPServer:
        server = HTTPServer(port=0, threaded=True)
        server.start()
        # The system may hand out a port an earlier test's server had, and host turns are kept
        # per process: a pause that host asked for (an hour's Retry-After) is not this one's.
        host_gate(f"{server.host}:{server.port}").free_at = 0.0
        server.expect_request("/robots.txt").respond_with_data("", status=404)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.clear()
        server.stop()


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


def paths(server) -> list[str]:
    return [r.full_path.rstrip("?") for r, _ in server.log if r.path != "/robots.txt"]


def test_first_harvest_walks_every_page_and_sets_the_cursor(httpserver):
    serve_channel(httpserver)
    with PoliteClient(policy()) as client:
        result = harvest_source(client, config(httpserver), None, max_pages=10)
    assert [p.external_id for p in result.posts] == [
        "wargabtg/101", "wargabtg/104", "wargabtg/105", "wargabtg/106"]
    assert result.cursor == "106"
    assert result.pages == 3 and result.complete and result.backlog is None
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


def test_page_limit_keeps_the_cursor_and_leaves_a_backlog(httpserver):
    serve_channel(httpserver)
    with PoliteClient(policy()) as client:
        result = harvest_source(client, config(httpserver), "100", max_pages=1)
    # 101 and 104 are not stored yet: the cursor must not move past them.
    assert not result.complete and result.cursor == "100"
    assert result.backlog == Backlog(httpserver.url_for("/s/wargabtg?before=105"), "106")


def test_backlog_is_walked_first_then_the_newest_pages(httpserver):
    serve_channel(httpserver)
    backlog = Backlog(httpserver.url_for("/s/wargabtg?before=105"), "106")
    with PoliteClient(policy()) as client:
        result = harvest_source(client, config(httpserver), "100", max_pages=5, backlog=backlog)
    assert [p.external_id for p in result.posts] == [
        "wargabtg/101", "wargabtg/104", "wargabtg/105", "wargabtg/106"]
    assert result.complete and result.cursor == "106" and result.backlog is None
    assert paths(httpserver) == ["/s/wargabtg?before=105", "/s/wargabtg?before=101",
                                 "/s/wargabtg"]


def test_a_failing_older_page_returns_the_pages_before_it(httpserver):
    httpserver.expect_request("/s/wargabtg", query_string="").respond_with_data(
        channel_page("wargabtg", NEW, older=105), content_type="text/html")
    httpserver.expect_request("/s/wargabtg", query_string="before=105").respond_with_data(
        "oops", status=500)
    with PoliteClient(policy(max_retries=0)) as client:
        result = harvest_source(client, config(httpserver), "100", max_pages=5)
    assert [p.external_id for p in result.posts] == ["wargabtg/105", "wargabtg/106"]
    assert isinstance(result.error, FetchError) and "HTTP 500" in str(result.error)
    assert result.cursor == "100"
    assert result.backlog == Backlog(httpserver.url_for("/s/wargabtg?before=105"), "106")


def test_unknown_channel_is_unavailable_not_retried(httpserver):
    httpserver.expect_oneshot_request("/s/hilang").respond_with_data("no", status=404)
    with PoliteClient(policy()) as client, pytest.raises(SourceUnavailable, match="404"):
        harvest_source(client, config(httpserver, "hilang"), None, max_pages=3)


def test_changed_markup_is_a_parse_error(httpserver):
    httpserver.expect_request("/s/wargabtg").respond_with_data(
        "<html><body><div class='new-layout'>Halo</div></body></html>", content_type="text/html")
    with PoliteClient(policy()) as client, pytest.raises(ParseError, match="markup"):
        harvest_source(client, config(httpserver), None, max_pages=3)


def test_an_empty_newest_page_of_a_known_source_is_an_error(httpserver):
    httpserver.expect_request("/s/wargabtg").respond_with_data(
        channel_page("wargabtg", []), content_type="text/html")
    with PoliteClient(policy()) as client:
        assert harvest_source(client, config(httpserver), None, max_pages=3).posts == ()
        with pytest.raises(ParseError, match="tidak berisi unggahan"):
            harvest_source(client, config(httpserver), "106", max_pages=3)


def test_an_empty_search_feed_is_not_an_error(httpserver):
    """A feed or API search may legitimately have no hits; its parser checked the structure."""
    empty_feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Cari: banjir '
                  "bontang</title><link>http://x.example/</link></channel></rss>")
    httpserver.expect_request("/rss/search").respond_with_data(
        empty_feed, content_type="application/rss+xml")
    feed = SourceConfig(name="cari", kind="rss", url=httpserver.url_for("/rss/search"))
    with PoliteClient(policy()) as client:
        result = harvest_source(client, feed, "2026-11-20T00:00:00+00:00", max_pages=1)
    assert result.posts == () and result.cursor == "2026-11-20T00:00:00+00:00"


def test_etag_is_sent_back_and_a_304_means_nothing_new(httpserver):
    def conditional(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(channel_page("wargabtg", NEW), content_type="text/html",
                        headers={"ETag": '"v1"', "Last-Modified": "Fri, 20 Nov 2026 02:00:00 GMT"})

    httpserver.expect_request("/s/wargabtg").respond_with_handler(conditional)
    first_url = httpserver.url_for("/s/wargabtg")
    with PoliteClient(policy()) as client:
        first = harvest_source(client, config(httpserver), None, max_pages=2)
        again = harvest_source(client, config(httpserver), first.cursor, max_pages=2,
                               validators=first.validators)
    assert first.validators == {first_url: {
        "etag": '"v1"', "last_modified": "Fri, 20 Nov 2026 02:00:00 GMT"}}
    assert again.not_modified and again.posts == () and again.error is None
    assert again.cursor == first.cursor == "106" and again.validators is None
    sent = httpserver.log[-1][0].headers
    assert sent["If-Modified-Since"] == "Fri, 20 Nov 2026 02:00:00 GMT"


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


def test_a_retry_after_longer_than_allowed_fails_without_asking_again(fresh_server):
    server = fresh_server()
    server.expect_request("/s/wargabtg").respond_with_response(
        Response("come back tomorrow", status=429, headers={"Retry-After": "3600"}))
    with PoliteClient(policy(max_retry_after_seconds=5)) as client, \
            pytest.raises(FetchError, match="batas laju"):
        harvest_source(client, config(server), None, max_pages=1)
    assert paths(server) == ["/s/wargabtg"]


@pytest.mark.parametrize("headers", [
    {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "0.5"},
    {"x-ratelimit-remaining": "0.0", "x-ratelimit-used": "100", "x-ratelimit-reset": "0.5"},
    {"RateLimit-Remaining": "0", "RateLimit-Reset": "0.5"},
    {"RateLimit": "limit=10, remaining=0, reset=0.5"},
])
def test_an_exhausted_rate_limit_pauses_the_host(fresh_server, headers):
    server = fresh_server()
    arrivals: list[float] = []

    def page(body: str, extra: dict[str, str]):
        def handler(_request: Request) -> Response:
            arrivals.append(time.monotonic())
            return Response(body, content_type="text/html", headers=extra)
        return handler

    server.expect_request("/s/wargabtg", query_string="").respond_with_handler(
        page(channel_page("wargabtg", NEW, older=105), headers))
    server.expect_request("/s/wargabtg", query_string="before=105").respond_with_handler(
        page(channel_page("wargabtg", []), {}))
    with PoliteClient(policy()) as client:
        harvest_source(client, config(server), None, max_pages=2)
    assert len(arrivals) == 2 and arrivals[1] - arrivals[0] >= 0.45


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


def test_a_gzip_page_is_decoded(httpserver):
    body = gzip.compress(channel_page("wargabtg", NEW).encode())
    httpserver.expect_request("/s/wargabtg").respond_with_data(
        body, content_type="text/html", headers={"Content-Encoding": "gzip"})
    with PoliteClient(policy()) as client:
        result = harvest_source(client, config(httpserver), None, max_pages=1)
    assert len(result.posts) == 2
    assert httpserver.log[-1][0].headers["Accept-Encoding"] == "gzip, deflate"


def test_a_gzip_bomb_is_stopped_while_inflating(httpserver):
    bomb = gzip.compress(b"<p>" + b"A" * 20_000_000)  # ~20 KB that inflates to 20 MB
    assert len(bomb) < 50_000
    httpserver.expect_request("/s/wargabtg").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})
    with PoliteClient(policy(max_bytes=1_000_000)) as client, \
            pytest.raises(FetchError, match="setelah didekompresi"):
        harvest_source(client, config(httpserver), None, max_pages=1)
    assert len(paths(httpserver)) == 1  # a bad body is not worth a retry


def test_redirects_are_followed_and_checked_against_robots(fresh_server):
    target = fresh_server()
    target.clear_all_handlers()
    target.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /pindah\n")
    target.expect_request("/s/wargabtg").respond_with_data(
        channel_page("wargabtg", NEW), content_type="text/html")
    origin = fresh_server()
    origin.expect_request("/s/wargabtg").respond_with_response(
        Response(status=301, headers={"Location": target.url_for("/s/wargabtg")}))
    origin.expect_request("/s/dilarang").respond_with_response(
        Response(status=302, headers={"Location": target.url_for("/pindah")}))
    with PoliteClient(policy()) as client:
        response = client.get(origin.url_for("/s/wargabtg"), {"Authorization": "Bearer rahasia"})
        with pytest.raises(RobotsDisallowed):
            client.get(origin.url_for("/s/dilarang"))
    assert response.url == target.url_for("/s/wargabtg") and b"wargabtg/106" in response.body
    # A source's token stays with its own host.
    assert [r.headers.get("Authorization") for r, _ in origin.log if r.path == "/s/wargabtg"] \
        == ["Bearer rahasia"]
    assert [r.headers.get("Authorization") for r, _ in target.log if r.path == "/s/wargabtg"] \
        == [None]


def test_a_redirect_loop_is_a_fetch_error(httpserver):
    httpserver.expect_request("/s/wargabtg").respond_with_response(
        Response(status=302, headers={"Location": "/s/putar"}))
    httpserver.expect_request("/s/putar").respond_with_response(
        Response(status=302, headers={"Location": "/s/wargabtg"}))
    with PoliteClient(policy()) as client, pytest.raises(FetchError, match="pengalihan"):
        harvest_source(client, config(httpserver), None, max_pages=1)
    assert len(paths(httpserver)) == 6  # the first request and max_redirects (5) hops


def test_one_request_at_a_time_per_host_across_clients(fresh_server):
    server = fresh_server()
    active, peak, lock = [0], [0], threading.Lock()

    def slow(_request: Request) -> Response:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.15)
        with lock:
            active[0] -= 1
        return Response("ok")

    server.expect_request("/halaman").respond_with_handler(slow)

    def fetch_twice() -> None:
        with PoliteClient(policy()) as client:  # separate clients, as separate Prefect tasks
            client.get(server.url_for("/halaman"))
            client.get(server.url_for("/halaman"))

    threads = [threading.Thread(target=fetch_twice) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(paths(server)) == 6 and peak[0] == 1


def test_different_hosts_are_fetched_in_parallel(fresh_server):
    servers = [fresh_server(), fresh_server()]
    spans: list[tuple[float, float]] = []

    def slow(_request: Request) -> Response:
        started = time.monotonic()
        time.sleep(0.3)
        spans.append((started, time.monotonic()))
        return Response("ok")

    for server in servers:
        server.expect_request("/halaman").respond_with_handler(slow)
    with PoliteClient(policy()) as client:
        threads = [threading.Thread(target=client.get, args=(s.url_for("/halaman"),))
                   for s in servers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    (_, end_a), (start_b, _) = sorted(spans)
    assert start_b < end_a  # the two requests overlapped


def test_the_delay_between_requests_holds_across_clients(fresh_server):
    server = fresh_server()
    server.expect_request("/halaman").respond_with_data("ok")
    done: list[float] = []

    def fetch() -> None:
        with PoliteClient(policy(delay_seconds=0.4)) as client:
            client.get(server.url_for("/halaman"))
            done.append(time.monotonic())

    threads = [threading.Thread(target=fetch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert abs(done[1] - done[0]) >= 0.4


def test_robots_txt_is_honoured(httpserver):
    httpserver.clear_all_handlers()
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /s/\n", content_type="text/plain")
    with PoliteClient(policy()) as client, pytest.raises(RobotsDisallowed):
        harvest_source(client, config(httpserver), None, max_pages=1)


def test_clients_sharing_a_robots_cache_read_robots_txt_once(fresh_server):
    server = fresh_server()
    server.expect_request("/halaman").respond_with_data("ok")
    robots = RobotsCache()
    for _ in range(3):
        with PoliteClient(policy(), robots=robots) as client:
            client.get(server.url_for("/halaman"))
    assert [r.path for r, _ in server.log].count("/robots.txt") == 1
    robots.ttl_seconds = 0  # an expired answer is read again
    with PoliteClient(policy(), robots=robots) as client:
        client.get(server.url_for("/halaman"))
    assert [r.path for r, _ in server.log].count("/robots.txt") == 2


def test_user_agent_is_descriptive(httpserver):
    serve_channel(httpserver)
    with PoliteClient(policy()) as client:
        harvest_source(client, config(httpserver), "106", max_pages=1)
    agents = {r.headers.get("User-Agent") for r, _ in httpserver.log}
    assert agents == {"JaringTest/1.0 (+tests)"}


@pytest.mark.parametrize("status", [503, 429])
def test_unreachable_robots_txt_blocks_the_fetch(httpserver, status):
    httpserver.clear_all_handlers()
    httpserver.expect_request("/robots.txt").respond_with_data("down", status=status)
    serve_channel(httpserver)
    with PoliteClient(policy()) as client, pytest.raises(FetchError, match="robots"):
        harvest_source(client, config(httpserver), None, max_pages=1)
    assert not [r for r, _ in httpserver.log if r.path.startswith("/s/")]


NOW = 1_790_000_000.0  # an epoch second in 2026


@pytest.mark.parametrize(("headers", "expected"), [
    ({"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "30"}, None),
    ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "30"}, 30.0),
    ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 40)}, 40.0),  # epoch
    ({"X-RateLimit-Remaining": "0",  # Mastodon sends an ISO 8601 time
      "X-RateLimit-Reset": "2026-09-21T14:14:20.000Z"}, 60.0),
    ({"X-RateLimit-Remaining": "0"}, 60.0),
    ({"RateLimit": '"default";r=0;t=12'}, 12.0),
    ({"RateLimit": "limit=100, remaining=50, reset=12"}, None),
    ({}, None),
])
def test_rate_limit_headers(headers, expected):
    from harvest.politeness import rate_limit_pause

    pause = rate_limit_pause(headers, now=NOW)
    assert pause == (None if expected is None else pytest.approx(expected))


def test_retry_after_takes_seconds_or_an_http_date():
    from harvest.politeness import retry_after

    assert retry_after({"Retry-After": "7"}, now=NOW) == 7
    assert retry_after({"Retry-After": "Mon, 21 Sep 2026 14:14:30 GMT"}, now=NOW) == 70
    assert retry_after({"Retry-After": "kapan-kapan"}, now=NOW) is None
    assert retry_after({}, now=NOW) is None
