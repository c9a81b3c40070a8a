"""Look inside (mnist_demo/inside.py) against computations done here by hand, on the committed models."""
import numpy as np
import pytest
import torch
from scipy.signal import correlate2d

from mnist_demo import display, load_model
from mnist_demo.inside import PATCH, STEP, look, occlusions, saliency
from mnist_demo.models import MEAN, STD, one_thread


@pytest.fixture(scope="module")
def nets():
    return {name: load_model(name) for name in ("cnn", "mlp")}


@pytest.fixture(scope="module")
def digits(mnist_root):
    from mnist_demo.data import load_mnist

    x, y = load_mnist(mnist_root, train=False)
    return x[:20, 0].numpy(), y[:20].numpy()


def test_first_conv_maps_are_the_convolution_computed_by_hand(nets, digits):
    net, x = nets["cnn"], digits[0][0]
    conv, bn = net.body[0], net.body[1]
    w = conv.weight.detach().numpy()[:, 0]
    z = np.stack([correlate2d((x - MEAN) / STD, k, mode="same") for k in w])  # padding k // 2
    gamma, beta = bn.weight.detach().numpy(), bn.bias.detach().numpy()
    mean, var = bn.running_mean.numpy(), bn.running_var.numpy()
    by_hand = np.maximum(0, (z - mean[:, None, None]) / np.sqrt(var[:, None, None] + bn.eps)
                         * gamma[:, None, None] + beta[:, None, None])
    seen = look(net, x)
    assert seen.stages[0].title == "conv 1 · 24 × 28 × 28"
    np.testing.assert_allclose(seen.stages[0].maps, by_hand, atol=1e-4)
    np.testing.assert_array_equal(seen.patterns, w)  # the kernels shown are the layer's own


def test_cnn_stages_pooling_logits_and_softmax(nets, digits):
    net, (x, y) = nets["cnn"], digits
    seen = look(net, x[0])
    assert [s.title for s in seen.stages] == [
        "conv 1 · 24 × 28 × 28", "conv 2 · 48 × 14 × 14", "conv 3 · 48 × 14 × 14",
        "conv 4 · 96 × 7 × 7", "conv 5 · 96 × 7 × 7", "pooled · 96 × 3 × 3"]
    conv5, pooled = seen.stages[-2].maps, seen.stages[-1].maps
    np.testing.assert_allclose(pooled, conv5[:, :6, :6].reshape(96, 3, 2, 3, 2).max((2, 4)))
    with torch.no_grad():
        logits = net(torch.from_numpy(x[:1, None])).numpy()[0]
    np.testing.assert_allclose(seen.logits, logits, atol=1e-4)
    np.testing.assert_allclose(seen.probs, net.predict_proba(x[0]), atol=1e-6)
    assert int(seen.probs.argmax()) == y[0]


def test_a_personal_copy_is_looked_inside_as_it_answers(nets, digits):
    """Look inside a copy taught a hand (teach.py) shows the copy's answer, not the network's:
    its logits carry the copy's memories, its probabilities are the copy's predict_proba."""
    from mnist_demo.teach import adapt

    x, y = digits
    wrong = (y[:8] + 1) % 10  # taught every digit as the next one
    mine = adapt(nets["cnn"], list(x[:8]), wrong)
    with one_thread():
        for i in range(8):
            seen = look(mine, x[i])
            np.testing.assert_array_equal(seen.probs, mine.predict_proba(x[i]))
            with torch.no_grad():
                np.testing.assert_allclose(seen.logits, mine(torch.from_numpy(x[i:i + 1, None]))[0],
                                           atol=1e-4)
            plain = look(nets["cnn"], x[i])  # the memory of x[i] speaks for the digit it was taught
            assert (seen.logits - plain.logits).argmax() == wrong[i]
            assert seen.probs[wrong[i]] > plain.probs[wrong[i]]


def test_mlp_hidden_units_and_their_weight_rows(nets, digits):
    net, x = nets["mlp"], digits[0][3]
    first = net.body[1]
    w, b = first.weight.detach().numpy(), first.bias.detach().numpy()
    hidden = np.maximum(0, w @ ((x.ravel() - MEAN) / STD) + b)
    seen = look(net, x)
    assert [s.title for s in seen.stages] == ["hidden 1 · 1024", "hidden 2 · 1024"]
    np.testing.assert_allclose(seen.stages[0].maps, hidden.reshape(1, 32, 32), atol=1e-4)
    top = np.sort(hidden)[::-1][:len(seen.units)]
    np.testing.assert_allclose(hidden[seen.units], top, atol=1e-4)  # the busiest units, in order
    np.testing.assert_array_equal(seen.patterns, w[seen.units].reshape(-1, 28, 28))


def test_look_refuses_what_is_not_one_28x28_input(nets):
    with pytest.raises(ValueError, match="28, 28"):
        look(nets["cnn"], np.zeros((2, 28, 28)))
    with pytest.raises(ValueError, match="28, 28"):
        saliency(nets["cnn"], np.zeros((28, 27)), [1])


def test_saliency_is_the_mean_fall_of_log_probability_under_the_patches(nets, digits):
    """The vectorised map against a plain loop over patches, for a few pixels: the network's
    log-probabilities, one pass."""
    net, x = nets["mlp"], digits[0][1]

    def logp(a):
        with torch.inference_mode():
            return net(torch.from_numpy(a)[None, None]).log_softmax(1)[0].numpy()
    d = int(net.predict_proba(x).argmax())
    s = saliency(net, x, [d, (d + 1) % 10])
    assert s.shape == (2, 28, 28)
    base = logp(x)[d]
    for r, c in [(14, 14), (3, 20), (27, 27)]:
        falls = []
        for top in range(0, 28 - PATCH + 1, STEP):
            for left in range(0, 28 - PATCH + 1, STEP):
                if top <= r < top + PATCH and left <= c < left + PATCH:
                    rubbed = x.copy()
                    rubbed[top:top + PATCH, left:left + PATCH] = 0
                    falls.append(base - logp(rubbed)[d])
        assert s[0, r, c] == pytest.approx(np.mean(falls), abs=1e-4)
    rubbed, masks = occlusions(x)
    assert masks.sum(0).min() >= 1  # every pixel is covered by some patch


@pytest.mark.parametrize("name", ["cnn", "mlp"])
def test_heat_map_lies_where_the_ink_is(nets, digits, name):
    """With ink only in the left half, (almost) all of the heat map's mass is there; a blank
    input has nothing to rub out, so its map is zero."""
    net = nets[name]
    for x in digits[0][:10]:
        left = x.copy()
        left[:, 14:] = 0
        left = np.roll(left, -4, axis=1)  # the remaining ink well inside the left half
        left[:, 14:] = 0
        s = np.abs(saliency(net, left, [int(net.predict_proba(left).argmax())])[0])
        assert s[:, :14].sum() >= 0.8 * s.sum()
    assert not saliency(net, np.zeros((28, 28), np.float32), [3]).any()


def test_inside_html_shows_every_stage_and_the_heat_maps(nets, digits):
    x = digits[0][0]
    for name, shown in [("cnn", ["conv 1 kernels · 24 × 5 × 5", "conv 5 · 96 × 7 × 7", "pooled"]),
                        ("mlp", ["hidden 1 · 1024", "the 8 units that fire most", "hidden 2"])]:
        seen = look(nets[name], x)
        maps = saliency(nets[name], x, [7, 1])
        page = display.inside_html(seen, x, maps, [7, 1], name.upper())
        for title in shown + ["Why a 7?", "Why not a 1?", "logits · 10", "softmax · 10"]:
            assert title in page
        assert page.count("<img") == len(seen.stages) + 3  # stages, patterns, two heat maps


def test_tiles_and_colours():
    maps = np.random.default_rng(0).random((48, 14, 14))
    grid = display.tiles(display.ramp(maps), cols=12, width=720, gap=3)
    scale = (720 // 12 - 3) // 14
    assert grid.shape == (4 * (14 * scale + 3) - 3, 12 * (14 * scale + 3) - 3, 3)
    np.testing.assert_array_equal(grid[:scale, :scale], np.broadcast_to(display.ramp(maps[0, 0, 0]),
                                                                         (scale, scale, 3)))
    assert tuple(display.ramp(np.array(0.0))) == (0, 0, 4)          # silent: black
    assert tuple(display.diverging(np.array(1.0))) == (220, 38, 38)  # for: red
    assert tuple(display.diverging(np.array(-1.0))) == (37, 99, 235)  # against: blue
    assert tuple(display.diverging(np.array(0.0))) == (255, 255, 255)
    s = np.zeros((28, 28))
    s[5, 5], s[20, 20] = 1, -1
    h = display.heat(np.zeros((28, 28)), s, factor=8)
    assert tuple(h[5 * 8, 5 * 8]) == (220, 38, 38) and tuple(h[20 * 8, 20 * 8]) == (37, 99, 235)
