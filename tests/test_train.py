"""Training for real on a small subset: the loss falls, outputs are written, seeds repeat."""
import json

import pytest
import torch
from safetensors.torch import load_file

from mnist_demo import load_model
from mnist_demo.train import main


@pytest.mark.parametrize("model", ["mlp", "cnn"])
def test_short_training_run_lowers_the_loss_and_writes_outputs(model, mnist_root, handwriting_root,
                                                              tmp_path):
    args = ["--model", model, "--epochs", "4", "--limit", "1500", "--data-root", mnist_root,
            "--handwriting-root", handwriting_root,
            "--out", str(tmp_path), "--seed", "3"]
    r = main(args)
    losses = [h["train_loss"] for h in r["history"]]
    assert losses[-1] < losses[0] * 0.7
    saved = json.loads((tmp_path / f"{model}.json").read_text())
    assert saved["seed"] == 3 and saved["params"] > 0 and saved["train_seconds"] > 0
    assert len(saved["test"]["per_class_accuracy"]) == 10
    assert load_model(model, tmp_path).training is False  # loads: the manifest was written too


def test_same_seed_same_weights(mnist_root, handwriting_root, tmp_path):
    args = ["--model", "cnn", "--epochs", "1", "--limit", "600", "--data-root", mnist_root,
            "--handwriting-root", handwriting_root]
    main(args + ["--out", str(tmp_path / "a")])
    main(args + ["--out", str(tmp_path / "b")])
    ra = json.loads((tmp_path / "a" / "cnn.json").read_text())
    rb = json.loads((tmp_path / "b" / "cnn.json").read_text())
    assert ra["history"] == rb["history"] and ra["weights_sha256"] == rb["weights_sha256"]
    a, b = load_file(tmp_path / "a" / "cnn.safetensors"), load_file(tmp_path / "b" / "cnn.safetensors")
    assert all((a[k] == b[k]).all() for k in a)


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_both_precisions_train_and_are_recorded(precision, mnist_root, handwriting_root, tmp_path):
    r = main(["--model", "cnn", "--epochs", "2", "--limit", "1000", "--data-root", mnist_root,
              "--handwriting-root", handwriting_root,
              "--out", str(tmp_path), "--precision", precision])
    assert r["hyperparameters"]["precision"] == {"fp32": "fp32", "bf16": "bf16 autocast"}[precision]
    assert r["history"][-1]["train_loss"] < r["history"][0]["train_loss"]
    weights = load_file(tmp_path / "cnn.safetensors")
    assert all(w.dtype in (torch.float32, torch.int64) for w in weights.values())  # bf16 only inside
