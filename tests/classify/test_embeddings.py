"""The optional dense view: sentence embeddings from a local model, never downloaded."""

import numpy as np
import pytest

from classify.embeddings import EmbeddingFeatures, load_encoder
from core.errors import ConfigError


def test_embedding_step_gives_unit_rows_from_the_bundled_model():
    step = EmbeddingFeatures(weight=2.0).fit(["jalan rusak"])
    vectors = step.transform(["jalan rusak parah", "air pdam mati", ""])
    assert vectors.shape == (3, step.dimension_)
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 2.0, atol=1e-3)
    assert len(step.get_feature_names_out()) == step.dimension_


def test_a_configured_model_path_that_is_not_a_model_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match=r"modules\.json"):
        load_encoder(str(tmp_path))
