"""MNIST held in memory as tensors, and augmentation applied to whole batches at once.

Per-sample PIL transforms in a DataLoader are slow on a 2-core laptop; one affine_grid /
grid_sample call on a batch costs about as much as a single forward pass.
"""
import math
import os

import torch
import torch.nn.functional as F

DEFAULT_ROOT = "./data"


def data_root(root: str | None = None) -> str:
    """The MNIST folder: the argument, else $MNIST_ROOT, else ./data."""
    return root or os.environ.get("MNIST_ROOT") or DEFAULT_ROOT


def load_mnist(root: str | None = None, train: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """(N, 1, 28, 28) float32 images in [0, 1] and (N,) int64 labels.

    Downloads into the root when the files are missing (torchvision's normal behaviour)."""
    from torchvision.datasets import MNIST  # imported here: the app never needs it

    ds = MNIST(data_root(root), train=train, download=True)
    return ds.data.float().div_(255).unsqueeze(1), ds.targets.clone()


def _uniform(n: int, lo: float, hi: float, gen: torch.Generator | None) -> torch.Tensor:
    return torch.rand(n, generator=gen) * (hi - lo) + lo


def augment(x: torch.Tensor, gen: torch.Generator | None = None, *, rotate: float = 15.0,
            scale: tuple[float, float] = (0.85, 1.15), shear: float = 0.3, shift: float = 2.5,
            stroke: float = 0.6) -> torch.Tensor:
    """Randomly distort a batch (N, 1, 28, 28) the way human drawings differ from MNIST.

    rotate in degrees, shear as a slope, shift in pixels; `stroke` is the largest fraction of
    a one-pixel dilation or erosion blended in, so strokes get thicker or thinner."""
    n = x.shape[0]
    a = _uniform(n, -rotate, rotate, gen) * math.pi / 180
    s = _uniform(n, *scale, gen)
    sh = _uniform(n, -shear, shear, gen)
    t = _uniform(2 * n, -shift, shift, gen).view(n, 2) / 14  # pixels -> grid units (28 px = 2)
    cos, sin = a.cos() / s, a.sin() / s
    # theta maps output coordinates to input ones: rotation @ shear, divided by the scale.
    theta = torch.stack([torch.stack([cos, cos * sh - sin, t[:, 0]], 1),
                         torch.stack([sin, sin * sh + cos, t[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    # Thickness: blend towards a 3x3 dilation (w > 0) or erosion (w < 0) by a random amount.
    w = _uniform(n, -stroke, stroke, gen).view(n, 1, 1, 1)
    grown = F.max_pool2d(x, 3, 1, 1)
    shrunk = -F.max_pool2d(-x, 3, 1, 1)
    x = torch.where(w > 0, x + w * (grown - x), x + w * (x - shrunk))
    return x.clamp_(0, 1)
