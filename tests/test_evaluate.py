"""evaluate recomputes the committed metrics and writes the gallery data the app shows."""
import json

import numpy as np
import pytest
import torch

from mnist_demo.evaluate import errors_path, main
from mnist_demo.models import WEIGHTS_DIR
from mnist_demo.novelty import load_novelty


@pytest.mark.parametrize("name", ["mlp", "cnn"])
def test_evaluate_agrees_with_committed_json_and_gallery(name, mnist_root, handwriting_root,
                                                         tmp_path):
    committed = json.loads((WEIGHTS_DIR / f"{name}.json").read_text())["test"]
    result = main(["--model", name, "--data-root", mnist_root, "--handwriting-root",
                   handwriting_root, "--out", str(tmp_path)])
    assert abs(result["accuracy"] - committed["accuracy"]) < 1e-4
    assert result["confusion_matrix"] == committed["confusion_matrix"]

    with np.load(errors_path(name, tmp_path)) as new, np.load(errors_path(name)) as old:
        n = len(new["index"])
        assert n == 10000 - sum(np.diag(committed["confusion_matrix"]))
        for key in ("index", "label", "pred", "image"):  # the committed gallery is current
            assert np.array_equal(new[key], old[key])
        assert np.allclose(new["probs"], old["probs"], atol=1e-4)
        assert new["image"].shape == (n, 28, 28) and new["image"].dtype == np.uint8
        assert (new["label"] != new["pred"]).all()
        assert (np.diff(new["probs"].max(1)) <= 1e-7).all()  # most confident mistakes first
        assert (new["probs"].argmax(1) == new["pred"]).all()
    # the committed novelty statistics are current too
    new, old = load_novelty(name, tmp_path), load_novelty(name)
    assert new.keys() == old.keys()
    assert all(torch.allclose(new[k].float(), old[k].float(), rtol=1e-3, atol=1e-3) for k in new)
