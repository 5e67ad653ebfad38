"""``jaring serve``: a local Prefect server as a child process, and the flow on schedules."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from core.errors import JaringError

log = logging.getLogger(__name__)


@contextmanager
def prefect_server(home: Path, port: int, timeout: float = 120.0) -> Iterator[str]:
    """Start ``prefect server start`` under ``home``; yield its API URL; stop it on exit."""
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DO_NOT_TRACK": "1"}
    env.pop("PREFECT_API_URL", None)
    log_file = (home / "server.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port), "--analytics-off"],
        env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(process, api, timeout, home / "server.log")
        yield api
    finally:
        _stop(process)
        log_file.close()


def _wait_healthy(process: subprocess.Popen, api: str, timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise JaringError(f"Server Prefect berhenti saat dinyalakan; lihat {log_path}")
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise JaringError(f"Server Prefect tidak siap dalam {timeout:.0f} detik; lihat {log_path}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def serve_schedules(sources_file: Path) -> None:
    """Serve one deployment per enabled source at its interval (blocks until Ctrl-C)."""
    from prefect import serve

    from flows.pipeline import pipeline_flow
    from harvest.config import load_sources

    configs = [c for c in load_sources(sources_file) if c.enabled]
    if not configs:
        raise JaringError(f"Tidak ada sumber aktif di {sources_file}")
    deployments = [
        pipeline_flow.to_deployment(
            name=f"panen-{c.name}", interval=c.interval_minutes * 60,
            parameters={"sources_file": str(sources_file), "only": [c.name]})
        for c in configs
    ]
    from flows.retention import retention_flow

    # Once a day: posts that never became a draft are purged after JARING_RETENTION_DAYS.
    deployments.append(retention_flow.to_deployment(name="retensi-harian", interval=24 * 3600))
    from flows.retrain import retrain_deployments

    # Retraining: hourly check for JARING_RETRAIN_EVERY_LABELS new operator labels, and weekly.
    deployments += retrain_deployments()
    serve(*deployments, pause_on_shutdown=False)
