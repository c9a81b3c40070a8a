"""The networks, predict_proba, the committed weights and their integrity checks."""
import json
import shutil

import numpy as np
import pytest
import torch

from mnist_demo import WeightsError, load_model
from mnist_demo.models import CNN, MLP, WEIGHTS_DIR, count_params, sha256, verify

# MNIST test accuracy asked of the committed weights' answers (each digit also read moved one
# pixel each way, Net.answer): the goals of 99.65% (CNN) and 99.1% (MLP).
THRESHOLDS = {"mlp": 0.991, "cnn": 0.9965}


@pytest.mark.parametrize("net", [MLP(), CNN()], ids=["mlp", "cnn"])
def test_shapes(net):
    assert net(torch.zeros(5, 1, 28, 28)).shape == (5, 10)


def test_cnn_stays_small():
    assert count_params(CNN()) < 1_000_000


@pytest.mark.parametrize("name", ["mlp", "cnn"])
def test_predict_proba_contract(name):
    net = load_model(name)
    x = np.random.default_rng(0).random((4, 28, 28), dtype=np.float32)
    p = net.predict_proba(x)
    assert p.shape == (4, 10) and p.dtype == np.float32
    assert np.allclose(p.sum(1), 1, atol=1e-5) and (p >= 0).all()
    one = net.predict_proba(x[0])
    assert one.shape == (10,) and np.allclose(one, p[0], atol=1e-5)
    with pytest.raises(ValueError, match="28, 28"):
        net.predict_proba(np.zeros((32, 32)))


def _moved(x: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """(N, 28, 28) images moved dy rows down and dx columns right, the edge filled with paper."""
    out = np.zeros_like(x)
    out[:, max(dy, 0):28 + min(dy, 0), max(dx, 0):28 + min(dx, 0)] = \
        x[:, max(-dy, 0):28 + min(-dy, 0), max(-dx, 0):28 + min(-dx, 0)]
    return out


@pytest.mark.parametrize("name", ["mlp", "cnn"])
def test_the_answer_is_the_mean_over_the_digit_and_it_moved_one_pixel_each_way(name, mnist_test):
    net = load_model(name)
    x = mnist_test[0][:64, 0].numpy()
    with torch.inference_mode():
        def one(a):
            return net(torch.from_numpy(a)[:, None]).softmax(1).numpy()
        each = [one(x)] + [one(_moved(x, dy, dx)) for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0))]
    p = net.predict_proba(x)
    np.testing.assert_allclose(p, np.mean(each, 0), atol=1e-5)
    assert np.abs(p - each[0]).max() > 1e-3  # not the one pass alone
    assert _moved(x, 0, 1)[:, :, 1:].tolist() == x[:, :, :-1].tolist()  # the reference moves right


@pytest.mark.parametrize("name", ["mlp", "cnn"])
def test_committed_metrics_meet_thresholds(name):
    m = json.loads((WEIGHTS_DIR / f"{name}.json").read_text())
    assert m["test"]["accuracy"] >= THRESHOLDS[name]
    assert m["weights_sha256"] == sha256(WEIGHTS_DIR / f"{name}.safetensors")
    assert (WEIGHTS_DIR / f"{name}.safetensors").stat().st_size < 10_000_000  # fits a Space
    assert np.asarray(m["test"]["confusion_matrix"]).sum() == 10000
    assert len(m["history"]) == m["hyperparameters"]["epochs"]


@pytest.mark.parametrize("name", ["mlp", "cnn"])
def test_committed_weights_reach_the_threshold_on_mnist(name, mnist_test):
    x, y = mnist_test
    p = load_model(name).predict_proba(x[:, 0].numpy())
    acc = (p.argmax(1) == y.numpy()).mean()
    assert acc >= THRESHOLDS[name]
    m = json.loads((WEIGHTS_DIR / f"{name}.json").read_text())
    assert abs(acc - m["test"]["accuracy"]) < 1e-4


def test_unknown_model():
    with pytest.raises(ValueError, match="unknown model"):
        load_model("resnet")


def test_missing_and_corrupt_weights_name_the_file_and_the_fix(tmp_path):
    shutil.copytree(WEIGHTS_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "mlp.safetensors").unlink()
    with pytest.raises(WeightsError, match=r"mlp\.safetensors is missing.*mnist_demo\.train --model mlp"):
        load_model("mlp", tmp_path)
    path = tmp_path / "cnn.safetensors"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(WeightsError, match=r"cnn\.safetensors does not match its sha256"):
        load_model("cnn", tmp_path)


def test_manifest_covers_every_committed_file():
    lines = (WEIGHTS_DIR / "SHA256SUMS").read_text().split("\n")
    names = {line.split("  ")[1] for line in lines if line}
    assert names == {f"{m}{part}" for m in ("mlp", "cnn")
                     for part in (".safetensors", "_errors.npz", "_novelty.safetensors")}
    for name in names:
        verify(WEIGHTS_DIR / name)
