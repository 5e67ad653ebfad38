"""Shared fixtures: real SQLite files, the real PostgreSQL server, settings in a temp dir."""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core.settings import get_settings
from models.db import make_engine, make_session_factory
from models.migrate import upgrade_to_head

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"
PG_SERVER = os.environ.get("JARING_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI") == "true"
# Prefect reads PREFECT_HOME once per process: one temporary home for the whole test session
# (the per-test data directories come and go, so Prefect must not live in one of them).
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="jaring-prefect-"))


#: A model version name (``20261203-155332-0cf22306``): UTC time, then the data hash.
_VERSION = re.compile(r"\b\d{8}-\d{6}-[0-9a-f]{8}\b")


def without_versions(text: str) -> str:
    """``text`` with model version names blanked: their time digits ("155332") can hold any
    four-digit fragment a test looks for, such as a redacted phone number's."""
    return _VERSION.sub("<versi>", text)


def shared_path(*parts: str) -> Path:
    """A file under ../shared; skips outside CI when the folder is absent, fails in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not present (the shared folder sits beside the checkout)")
    return path


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own data directory and fresh settings."""
    for name in list(os.environ):
        if name.startswith("JARING_") and name != "JARING_TEST_POSTGRES":
            monkeypatch.delenv(name)
    monkeypatch.setenv("JARING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _pg_available() -> bool:
    try:
        engine = create_engine(PG_SERVER)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str]:
    """A fresh schema in the server's ``test`` database, migrated, dropped afterwards."""
    if not _pg_available():
        if IN_CI:
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is not reachable in CI")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not reachable")
    schema = f"jaring_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_SERVER}?options=-csearch_path%3D{schema}"
    upgrade_to_head(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _truncate_all(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'alembic_version'")).scalars().all()
        if tables:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database: a real SQLite file, or a schema on the real PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'jaring-test.db'}"
        upgrade_to_head(url)
        return url
    url = request.getfixturevalue("pg_schema_url")
    _truncate_all(url)
    return url


@pytest.fixture
def factory(db_url: str):
    """A session factory on ``db_url``."""
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def use_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point Jaring's settings (and so the CLI) at ``db_url``."""
    monkeypatch.setenv("JARING_DATABASE_URL", db_url)
    get_settings.cache_clear()
    return db_url


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory: pytest.TempPathFactory):
    """The default model trained once from the seed corpus, saved to a temp directory."""
    from classify.corpus import load_seed
    from classify.registry import save_model
    from classify.train import train_classifier

    model, meta = train_classifier(load_seed())
    return save_model(model, tmp_path_factory.mktemp("models"), meta)


@pytest.fixture
def active_model(factory, trained_model, tmp_path):
    """Register a copy of the session's trained model as active in the test database (a copy:
    what a test writes beside the model, such as a city prior, stays with that test)."""
    import shutil

    from classify.registry import SavedModel
    from classify.store import register_model
    from models.db import transaction

    path = tmp_path / "active-model" / trained_model.version
    shutil.copytree(trained_model.path, path)
    saved = SavedModel(trained_model.version, path, trained_model.metadata)
    with transaction(factory) as session:
        register_model(session, saved, activate=True)
    return saved
