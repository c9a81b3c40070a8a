"""Telling a digit from a doodle: the scores against a direct computation, and what the
committed statistics accept and flag."""
import shutil

import numpy as np
import pytest
import torch
from conftest import DOODLES, STROKES, draw_digit
from PIL import Image, ImageDraw

from mnist_demo import WeightsError, load_model, to_mnist
from mnist_demo.data import load_mnist
from mnist_demo.models import WEIGHTS_DIR
from mnist_demo.novelty import QUANTILE, fit, load_novelty, novelty_path, scores, unfamiliar

BOXES = [(100, 60, 300, 340), (50, 50, 350, 350), (20, 200, 140, 380)]


@pytest.fixture(scope="module", params=["cnn", "mlp"])
def model(request):
    return request.param, load_model(request.param), load_novelty(request.param)


def test_mahalanobis_matches_a_direct_computation(cnn, mnist_root):
    x, y = load_mnist(mnist_root, train=True)
    x, y = x[:3000], y[:3000]
    stats = fit(cnn, x, y, x_cal=x[:500])
    with torch.inference_mode():
        f = cnn.features(x).double().numpy()
    means = np.stack([f[y.numpy() == c].mean(0) for c in range(10)])
    c = f - means[y.numpy()]
    precision = np.linalg.inv(c.T @ c / len(f) + 1e-3 * np.eye(f.shape[1]))
    probe = f[:50]
    d = probe[:, None] - means[None]
    direct = np.sqrt(np.einsum("nkd,de,nke->nk", d, precision, d).min(1))
    got = scores(cnn, stats, x[:50, 0])[:, 0]
    assert np.allclose(got, direct, rtol=1e-2)  # the whitening is stored in float16
    # each threshold leaves the calibration digits' QUANTILE below it
    s = scores(cnn, stats, x[:500, 0])
    assert np.allclose((s <= stats["thresholds"].numpy()).mean(0), QUANTILE, atol=0.003)


def test_mnist_digits_look_familiar(model, mnist_test):
    _, net, stats = model
    flagged = unfamiliar(net, stats, mnist_test[0][:, 0].numpy()).mean()
    assert 0.005 <= flagged <= 0.015  # two thresholds at 0.5% each, overlapping a little


def test_drawn_digits_look_familiar(model):
    _, net, stats = model
    drawn = [to_mnist(draw_digit(d, box=box, width=w))
             for d in STROKES for box in BOXES for w in (6, 12, 20, 30)]
    assert not unfamiliar(net, stats, np.stack(drawn)).any()


def test_doodles_are_flagged(model):
    name, net, stats = model
    doodles = np.stack([to_mnist(draw_digit(k, box=box, width=w))
                        for k in DOODLES for box in BOXES[:2] for w in (8, 14)])
    flagged = unfamiliar(net, stats, doodles)
    # the CNN's features separate all of them; the MLP's catch fewer (README gives both figures)
    assert flagged.mean() == 1.0 if name == "cnn" else flagged.mean() >= 0.3


def zigzag(rng) -> Image.Image:
    im = Image.new("L", (400, 400), 255)
    pts = [tuple(rng.uniform(50, 350, 2)) for _ in range(rng.integers(8, 25))]
    ImageDraw.Draw(im).line(pts, fill=0, width=int(rng.integers(8, 20)), joint="curve")
    return im


def test_random_scribbles_are_mostly_flagged(model):
    name, net, stats = model
    rng = np.random.default_rng(0)
    flagged = unfamiliar(net, stats, np.stack([to_mnist(zigzag(rng)) for _ in range(60)])).mean()
    assert flagged >= {"cnn": 0.75, "mlp": 0.5}[name]


def test_one_image_gives_one_bool(model):
    _, net, stats = model
    assert unfamiliar(net, stats, to_mnist(draw_digit(7))) is False
    assert unfamiliar(net, stats, to_mnist(draw_digit("hash"))) is True


def test_altered_statistics_are_refused(tmp_path):
    shutil.copytree(WEIGHTS_DIR, tmp_path, dirs_exist_ok=True)
    path = novelty_path("cnn", tmp_path)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(WeightsError, match="mnist_demo.evaluate --model cnn"):
        load_novelty("cnn", tmp_path)
