"""Teach a model one person's hand: a personal copy of a network whose last layer is adapted to a
few of that person's drawings. The committed weights are never touched.

    mine = adapt("cnn", images, digits)     # images: anything to_mnist reads, or 28x28 arrays
    mine.predict_proba(x28)                 # as any network of mnist_demo.models
    head = head_of(mine)                    # all that differs from the committed network: a
    personal("cnn", head)                   # few kB a page can hold and a worker rebuild

Only the last linear layer (`Net.head`) learns, from the features the network already computes,
so that a handful of drawings cannot unlearn what MNIST taught the rest. Each drawing is seen in
COPIES small distortions (data.augment, milder than in training), and the layer is held near its
trained weights by an L2 pull (`anchor`), so that it moves only as far as the person's drawings ask.
"""
import copy
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F

from .data import augment
from .models import Net, load_model, one_thread
from .preprocess import to_mnist

COPIES = 32    # distortions of each drawing
STEPS = 150    # full-batch steps of Adam on the last layer
LR = 3e-3
ANCHOR = 0.3   # the L2 pull towards the trained last layer (sum of squared changes)


def _x28(image) -> np.ndarray:
    a = np.asarray(image) if isinstance(image, np.ndarray) else None
    if a is not None and a.shape == (28, 28):
        return a.astype(np.float32)  # already what the network sees
    return to_mnist(image)


def adapt(name: str | Net, images, digits, *, seed: int = 0, copies: int = COPIES,
          steps: int = STEPS, lr: float = LR, anchor: float = ANCHOR) -> Net:
    """A personal copy of model `name` ("cnn", "mlp", or a network) taught `images` (what
    to_mnist reads, or 28x28 arrays in [0, 1]) labelled `digits` (0-9). Raises ValueError
    for no drawings, labels other than 0-9, or as many labels as images not given."""
    digits = [int(d) for d in digits]
    images = list(images)
    if not images or len(images) != len(digits):
        raise ValueError(f"{len(images)} drawings and {len(digits)} digits: give one digit each")
    if any(not 0 <= d <= 9 for d in digits):
        raise ValueError("digits are 0-9")
    net = load_model(name) if isinstance(name, str) else name
    mine = copy.deepcopy(net).eval()
    x = torch.as_tensor(np.stack([_x28(i) for i in images]))[:, None]
    y = torch.as_tensor(digits).repeat(copies + 1)
    gen = torch.Generator().manual_seed(seed)
    with one_thread(), torch.no_grad():
        seen = torch.cat([x] + [augment(x, gen, rotate=8, scale=(0.92, 1.08), shear=0.15,
                                        shift=1.5, stroke=0.3) for _ in range(copies)])
        features = mine.features(seen)
    head = mine.head
    trained = [p.detach().clone() for p in head.parameters()]
    opt = torch.optim.Adam(head.parameters(), lr=lr)
    with one_thread():
        for _ in range(steps):
            opt.zero_grad()
            pull = sum(((p - p0) ** 2).sum() for p, p0 in zip(head.parameters(), trained))
            loss = F.cross_entropy(head(features), y) + anchor * pull
            loss.backward()
            opt.step()
    for p in mine.parameters():
        p.requires_grad_(False)
    return mine.eval()


class Head(NamedTuple):
    """A personal copy's last layer: what it is beside the committed network, and the doodle
    check's threshold for it (novelty.py; None: the committed model's)."""
    weight: np.ndarray  # (10, features) float32
    bias: np.ndarray    # (10,) float32
    threshold: float | None = None


def head_of(net: Net, threshold: float | None = None) -> Head:
    return Head(*(p.detach().numpy().copy() for p in (net.head.weight, net.head.bias)), threshold)


# A hand taught is no doodle: the copy's doodle threshold lets the drawings it was taught, and
# drawings this much less familiar than the least familiar of them (energy, novelty.py), pass.
FAMILIAR = 1.0


def personal(name: str, head: Head) -> Net:
    """Model `name` with the last layer `head`: the personal copy adapt made, rebuilt (and kept
    for the next strokes: the few latest in each process)."""
    return _rebuilt(name, head.weight.tobytes(), head.bias.tobytes())


@lru_cache(maxsize=16)
def _rebuilt(name: str, weight: bytes, bias: bytes) -> Net:
    from .answer import loaded

    mine = copy.deepcopy(loaded(name)[0]).eval()
    with torch.no_grad():
        for p, b in ((mine.head.weight, weight), (mine.head.bias, bias)):
            p.copy_(torch.from_numpy(np.frombuffer(b, np.float32).reshape(p.shape).copy()))
    return mine


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
