import torch

from mnist_demo.data import augment, data_root


def test_data_root_flag_then_env_then_default(monkeypatch):
    monkeypatch.delenv("MNIST_ROOT", raising=False)
    assert data_root() == "./data"
    monkeypatch.setenv("MNIST_ROOT", "/somewhere")
    assert data_root() == "/somewhere" and data_root("/flag") == "/flag"


def test_load_mnist_shapes(mnist_test):
    x, y = mnist_test
    assert x.shape == (10000, 1, 28, 28) and x.dtype == torch.float32
    assert 0 <= x.min() and x.max() <= 1 and abs(x.mean().item() - 0.1325) < 0.002
    assert torch.bincount(y).tolist()[:3] == [980, 1135, 1032]


def test_augment_is_seeded_bounded_and_changes_the_digit(mnist_test):
    x = mnist_test[0][:64]
    a = augment(x, torch.Generator().manual_seed(0))
    b = augment(x, torch.Generator().manual_seed(0))
    assert a.shape == x.shape and torch.equal(a, b)
    assert 0 <= a.min() and a.max() <= 1
    assert (a - x).abs().mean() > 0.02
    # ink is moved and reshaped, not destroyed: total ink stays within a factor of two
    ratio = a.sum((1, 2, 3)) / x.sum((1, 2, 3))
    assert ratio.min() > 0.4 and ratio.max() < 2.5


def test_augment_with_no_distortion_is_the_identity(mnist_test):
    x = mnist_test[0][:16]
    same = augment(x, rotate=0, scale=(1, 1), shear=0, shift=0, stroke=0)
    assert torch.allclose(same, x, atol=1e-5)


def test_augment_stroke_thickens_and_thins(mnist_test):
    x = mnist_test[0][:16]
    still = {"rotate": 0, "scale": (1, 1), "shear": 0, "shift": 0}
    thick = augment(x, torch.Generator().manual_seed(1), **still, stroke=1.0)
    # with random signs, some digits got heavier and some lighter
    change = thick.sum((1, 2, 3)) - x.sum((1, 2, 3))
    assert (change > 1).any() and (change < -1).any()
