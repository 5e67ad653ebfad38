"""The ``jaring`` command as a user runs it: real processes, real servers."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

JARING = [sys.executable, "-m", "jaring.cli"]


def jaring(*args, timeout=180, env=None):
    return subprocess.run([*JARING, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def test_init_prepares_data_dir_database_and_sources(tmp_path):
    result = jaring("init")
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    assert (data / "jaring.db").is_file() and (data / "sources.toml").is_file()
    assert "Basis data siap" in result.stdout


@pytest.mark.parametrize(("content", "message"), [
    (None, "tidak ditemukan"),
    ("[[source]]\nname = 'x y'\nkind = 'telegram'\nchannel = 'abcd'\n", "nama sumber"),
])
def test_run_refuses_a_bad_sources_file_before_starting(tmp_path, content, message):
    sources = tmp_path / "sumber.toml"
    if content is not None:
        sources.write_text(content)
    started = time.monotonic()
    result = jaring("run", "--sources", str(sources))
    assert result.returncode == 1
    assert result.stderr.startswith("Galat:") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30


def test_invalid_setting_is_a_clear_error():
    result = jaring("review", "list", env={"JARING_HTTP_TIMEOUT_SECONDS": "nol"})
    assert result.returncode == 1 and "JARING_HTTP_TIMEOUT_SECONDS" in result.stderr


@pytest.mark.slow
def test_demo_leaves_drafts_in_the_review_queue():
    result = jaring("demo", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Langkah berikutnya" in result.stdout
    listing = jaring("review", "list", "--json")
    drafts = json.loads(listing.stdout)
    assert len(drafts) >= 20
    assert all(d["privacy"] == "rahasia" for d in drafts)
    again = jaring("demo", timeout=300)
    assert again.returncode == 0
    assert len(json.loads(jaring("review", "list", "--json").stdout)) == len(drafts)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_serve_runs_a_prefect_server_and_stops_cleanly_on_ctrl_c(tmp_path):
    port = _free_port()
    sources = tmp_path / "sumber.toml"
    sources.write_text("[[source]]\nname = 'warga'\nkind = 'telegram'\nchannel = 'wargabtg'\n"
                       "base_url = 'http://127.0.0.1:9'\ninterval_minutes = 30\n")
    process = subprocess.Popen(
        [*JARING, "serve", "--sources", str(sources)], stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={**os.environ, "JARING_PREFECT_PORT": str(port)})
    api = f"http://127.0.0.1:{port}/api"
    try:
        expected = {"panen-warga", "retensi-harian", "latih-ulang-mingguan"}
        deadline, names = time.monotonic() + 150, []
        # serve() registers its deployments one after another: wait for all of them
        while time.monotonic() < deadline and not expected <= set(names):
            time.sleep(1)
            assert process.poll() is None, process.stdout.read()
            try:
                found = httpx.post(f"{api}/deployments/filter", json={}, timeout=5)
                names = [d["name"] for d in found.json()] if found.status_code == 200 else []
            except httpx.HTTPError:
                continue
        # one harvest deployment per enabled source, plus the daily retention purge and the
        # retraining schedule
        assert expected <= set(names)
        assert len([n for n in names if n.startswith("panen-")]) == 1
        assert Path(tmp_path / "data" / "prefect").is_dir()
    finally:
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "berhenti dengan rapi" in output
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{api}/health", timeout=2)
