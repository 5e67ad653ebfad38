"""Every setting and every source kind is documented."""

from pathlib import Path

from core.settings import Settings
from harvest.sources import registry

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_setting_is_documented():
    text = (DOCS / "CONFIGURATION.md").read_text()
    missing = [name for name in Settings.model_fields if f"JARING_{name.upper()}" not in text]
    assert missing == []


def test_every_source_kind_is_documented():
    text = (DOCS / "SOURCES.md").read_text()
    assert [kind for kind in registry() if f"### `{kind}`" not in text] == []
