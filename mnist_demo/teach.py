"""Teach a model one person's hand: a personal copy of a network that remembers a few of that
person's drawings. The committed weights are never touched.

    mine = adapt("cnn", images, digits)     # images: anything to_mnist reads, or 28x28 arrays
    mine.predict_proba(x28)                 # as any network of mnist_demo.models
    head = head_of(mine)                    # all that differs from the committed network: what
    personal("cnn", head)                   # a page holds and a worker rebuilds the copy from

Nothing is trained. The copy's last layer (`Remembering`) answers as the trained one and adds,
for each digit, how close the drawing's features (the penultimate layer's) come to that person's
drawings of it, each remembered with COPIES small distortions (data.augment): a cache of the
person's hand, as Tip-Adapter (Zhang et al., 2022) does for CLIP. A drawing far from all of them
is answered as before; one close to them, as they were labelled. ALPHA and BETA: how much a close
drawing counts, and how fast closeness fades (benchmarks/teach.py, docs/performance.md).
"""
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .data import augment
from .models import Net, load_model, one_thread
from .preprocess import to_mnist

COPIES = 16    # distortions of each drawing remembered beside it
ALPHA = 136.0  # the weight of the mean closeness to a digit's drawings, in logits
BETA = 12.0    # closeness exp(-BETA (1 - cosine)): 1 for the same features, e^-12 at right angles


def _x28(image) -> np.ndarray:
    a = np.asarray(image) if isinstance(image, np.ndarray) else None
    if a is not None and a.shape == (28, 28):
        return a.astype(np.float32)  # already what the network sees
    return to_mnist(image)


class Remembering(nn.Module):
    """A trained last layer `linear` that also remembers drawings: `keys` (n, features), their
    features made unit length, labelled `digits` (n,). Its logits are the trained layer's plus,
    for each digit, ALPHA times the mean closeness of the features to that digit's keys."""

    def __init__(self, linear: nn.Linear, keys: torch.Tensor, digits: torch.Tensor):
        super().__init__()
        self.linear = linear
        self.register_buffer("keys", keys.float())
        self.register_buffer("digits", digits.long())
        onehot = F.one_hot(self.digits, 10).float()
        self.register_buffer("mean", onehot / onehot.sum(0).clamp(min=1))

    def forward(self, f: torch.Tensor) -> torch.Tensor:
        close = torch.exp(-BETA * (1 - F.normalize(f, dim=1) @ self.keys.T))
        return self.linear(f) + ALPHA * close @ self.mean


class _Personal(Net):
    """A network of mnist_demo.models with a Remembering last layer; the rest is shared with
    the committed network, whose weights it never changes."""

    def __init__(self, net: Net, head: Remembering):
        super().__init__()
        self.body = nn.Sequential(*net.body[:-1], head)
        self.eval()


def adapt(name: str | Net, images, digits, *, seed: int = 0, copies: int = COPIES) -> Net:
    """A personal copy of model `name` ("cnn", "mlp", or a network) that remembers `images`
    (what to_mnist reads, or 28x28 arrays in [0, 1]) labelled `digits` (0-9). Raises ValueError
    for no drawings, labels other than 0-9, or as many labels as images not given."""
    digits = [int(d) for d in digits]
    images = list(images)
    if not images or len(images) != len(digits):
        raise ValueError(f"{len(images)} drawings and {len(digits)} digits: give one digit each")
    if any(not 0 <= d <= 9 for d in digits):
        raise ValueError("digits are 0-9")
    net = load_model(name) if isinstance(name, str) else name
    x = torch.as_tensor(np.stack([_x28(i) for i in images]))[:, None]
    gen = torch.Generator().manual_seed(seed)
    with one_thread(), torch.no_grad():
        seen = torch.cat([x] + [augment(x, gen, rotate=8, scale=(0.92, 1.08), shear=0.15,
                                        shift=1.5, stroke=0.3) for _ in range(copies)])
        keys = F.normalize(net.eval().features(seen), dim=1)
    return _Personal(net, Remembering(net.head, keys, torch.as_tensor(digits).repeat(copies + 1)))


class Head(NamedTuple):
    """What a personal copy remembers beside the committed network, and the doodle check's
    threshold for it (novelty.py; None: the committed model's)."""
    keys: np.ndarray    # (n, features) float16, unit length
    digits: np.ndarray  # (n,) uint8
    threshold: float | None = None


def head_of(net: Net, threshold: float | None = None) -> Head:
    return Head(net.head.keys.numpy().astype(np.float16), net.head.digits.numpy().astype(np.uint8),
                threshold)


# A hand taught is no doodle: the copy's doodle threshold lets the drawings it was taught, and
# drawings this much less familiar than the least familiar of them (energy, novelty.py), pass.
FAMILIAR = 1.0


def personal(name: str, head: Head) -> Net:
    """Model `name` remembering `head`: the personal copy adapt made, rebuilt (and kept for the
    next strokes: the few latest in each process)."""
    return _rebuilt(name, head.keys.tobytes(), head.digits.tobytes())


@lru_cache(maxsize=16)
def _rebuilt(name: str, keys: bytes, digits: bytes) -> Net:
    from .answer import loaded

    net = loaded(name)[0]
    k = torch.from_numpy(np.frombuffer(keys, np.float16).astype(np.float32))
    return _Personal(net, Remembering(net.head, k.reshape(-1, net.head.in_features),
                                      torch.from_numpy(np.frombuffer(digits, np.uint8).copy())))


class Taught(NamedTuple):
    head: Head
    before: list[int]   # the committed model's answers on the drawings taught
    after: list[int]    # the personal copy's


def taught(name: str, images, digits) -> Taught:
    """adapt(name, images, digits) as a worker process runs it for a page: the new last layer
    (with a doodle threshold that takes what it was taught for digits) and the answers on the
    drawings before and after."""
    from .answer import loaded
    from .novelty import scores

    net, stats = loaded(name)
    x = np.stack([_x28(i) for i in images])
    mine = adapt(net, x, digits)
    with one_thread():
        before, after = (m.predict_proba(x).argmax(1).tolist() for m in (net, mine))
        threshold = max(float(stats["threshold"]), float(scores(mine, x).max()) + FAMILIAR)
    return Taught(head_of(mine, threshold), before, after)
