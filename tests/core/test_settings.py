import logging
import stat

import pytest

from core.errors import ConfigError
from core.pseudonym import pseudonymise
from core.settings import get_settings, load_pseudonym_key


def test_defaults_live_under_the_data_directory(tmp_path):
    settings = get_settings()
    assert settings.resolved_data_dir == (tmp_path / "data").resolve()
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'data' / 'jaring.db'}"
    assert settings.resolved_sources_file == tmp_path / "data" / "sources.toml"
    assert settings.model_dir.parent == settings.resolved_data_dir


def test_environment_and_dotenv_override(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("JARING_CITY_PROFILE=lain\nJARING_PREFECT_PORT=4999\n")
    monkeypatch.setenv("JARING_PREFECT_PORT", "4300")
    get_settings.cache_clear()
    settings = get_settings()
    assert settings.city_profile == "lain"
    assert settings.prefect_port == 4300  # the environment wins over .env


@pytest.mark.parametrize(("name", "value"), [
    ("JARING_HTTP_TIMEOUT_SECONDS", "-1"),
    ("JARING_PREFECT_PORT", "abc"),
    ("JARING_LOG_LEVEL", "LOUD"),
])
def test_invalid_configuration_is_a_clear_error(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match=name):
        get_settings()


def test_pseudonym_key_is_created_private_and_stable(caplog):
    caplog.set_level(logging.DEBUG)
    settings = get_settings()
    key = load_pseudonym_key(settings)
    path = settings.resolved_data_dir / "secrets" / "pseudonym.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_pseudonym_key(settings) == key
    assert key.decode() not in caplog.text


def test_pseudonyms_are_keyed_and_normalised():
    a = pseudonymise("@Warga_Tanjung", platform="telegram", key=b"k" * 32)
    assert a == pseudonymise("warga_tanjung", platform="telegram", key=b"k" * 32)
    assert a != pseudonymise("warga_tanjung", platform="telegram", key=b"x" * 32)
    assert a.startswith("anon-") and "warga" not in a
    assert pseudonymise(None, platform="telegram", key=b"k" * 32) is None
