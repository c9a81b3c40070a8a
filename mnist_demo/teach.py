"""Teach a model one person's hand: a personal copy of a network that remembers a few of that
person's drawings. The committed weights are never touched.

    mine = adapt("cnn", images, digits)     # images: anything to_mnist reads, or 28x28 arrays
    mine.predict_proba(x28)                 # as any network of mnist_demo.models
    t = taught("cnn", x28s, digits)         # as a worker teaches a page: t.head, the drawings
    personal("cnn", t.head)                 # as bytes, is what the page holds; the copy again

Nothing is trained. The copy's last layer (`Remembering`) answers as the trained one and adds,
for each digit, how close the drawing's features (the penultimate layer's) come to that person's
drawings of it, each remembered with COPIES small distortions (data.augment): a cache of the
person's hand, as Tip-Adapter (Zhang et al., 2022) does for CLIP. A taught drawing speaks only
where it is nearer than the digits the network trained on (their centres, novelty.centres): a
drawing like the person's own is answered as they labelled it, one like the training digits (or
far from both) as before, so that a memory strong enough for a stranger's hand leaves MNIST's
digits alone. ALPHA, BETA and GATE: how much a close drawing counts, how fast closeness fades,
and how sharply "nearer" is told (benchmarks/teach.py, docs/performance.md). And a copy must
still answer the training digits as the network does: where its memory would change the answer
to one of those centres (drawn faint: at LENGTH of its digit's median feature length), the
memory counts less (`SHARES`), so that no person's drawings, however like another digit,
unteach a digit.

A second memory does the same with how the drawings look (novelty.looks: blurred 14x14, no
network; LOOK_ALPHA, LOOK_BETA, LOOK_GATE), nearer than how the training digits look
(novelty.shapes), at the share of its weight that keeps the centres: a person's 4 that the
features put beside the training 9s is still drawn as their own taught 4s are.
"""
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .data import augment
from .models import NETS, Net, load_model, one_thread
from .novelty import looks
from .preprocess import to_mnist

COPIES = 16    # distortions of each drawing remembered beside it
ALPHA = 200.0  # the weight of the mean closeness to a digit's drawings, in logits
BETA = 4.0     # closeness exp(-BETA (1 - cosine)): 1 for the same features, e^-4 at right angles
GATE = 0.06    # a taught drawing counts sigmoid((its cosine - the nearest centre's) / GATE)
SHARES = (1.0, 0.8, 0.65, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0)  # of ALPHA, the first that keeps the centres
KEEP = 0.99    # ...that the network reads as their digit this surely (not those on a border)...
LENGTH = 0.6   # ...at this share of their digit's median feature length (about 5% of the
               # training digits' features are shorter): the trained layer's logits grow with
               # the features' length, the memory's do not, so a fainter digit yields sooner
LOOK_ALPHA, LOOK_BETA, LOOK_GATE = 100.0, 20.0, 0.04  # the same for how the drawings look


def _x28(image) -> np.ndarray:
    a = np.asarray(image) if isinstance(image, np.ndarray) else None
    if a is not None and a.shape == (28, 28):
        return a.astype(np.float32)  # already what the network sees
    return to_mnist(image)


def _mean(digits: torch.Tensor) -> torch.Tensor:
    """(n, 10): closeness to n keys labelled `digits` @ this = the mean closeness per digit."""
    onehot = F.one_hot(digits.long(), 10).float()
    return onehot / onehot.sum(0).clamp(min=1)


class Remembering(nn.Module):
    """A trained last layer `linear` that also remembers drawings: `keys` (n, features), their
    features made unit length, labelled `digits` (n,), beside `centres` (m, features), unit
    length, of the digits it was trained on. Its logits are the trained layer's plus, for each
    digit, `weight` times the mean closeness of the features to that digit's keys, each key
    counted as far as it is nearer than every centre."""

    def __init__(self, linear: nn.Linear, keys: torch.Tensor, digits: torch.Tensor,
                 centres: torch.Tensor, weight: float = ALPHA):
        super().__init__()
        self.linear, self.weight = linear, weight
        self.register_buffer("keys", keys.float())
        self.register_buffer("digits", digits.long())
        self.register_buffer("centres", centres.float())
        self.register_buffer("mean", _mean(self.digits))

    def memory(self, f: torch.Tensor) -> torch.Tensor:
        """(N, 10) the mean closeness of each row of f to each digit's keys."""
        return _closeness(F.normalize(f, dim=1), self.keys, self.centres, BETA, GATE) @ self.mean

    def forward(self, f: torch.Tensor) -> torch.Tensor:
        return self.linear(f) + self.weight * self.memory(f)


def _closeness(unit: torch.Tensor, keys: torch.Tensor, centres: torch.Tensor, beta: float,
               gate: float) -> torch.Tensor:
    """(N, K) how close each row of unit (N, F) comes to each of keys (K, F), counted as far as
    it is nearer than every one of centres (M, F); all of unit length."""
    near = unit @ keys.T
    known = (unit @ centres.T).amax(1, keepdim=True)
    return torch.exp(-beta * (1 - near)) * torch.sigmoid((near - known) / gate)


class Looks(nn.Module):
    """The memory of how the taught drawings look: `keys` (n, 196) of novelty.looks, labelled
    `digits`, beside `shapes`, how the training digits look (novelty.shapes); `weight` in
    logits."""

    def __init__(self, keys: torch.Tensor, digits: torch.Tensor, shapes: torch.Tensor,
                 weight: float = LOOK_ALPHA):
        super().__init__()
        self.weight = weight
        self.register_buffer("keys", keys.float())
        self.register_buffer("shapes", shapes.float())
        self.register_buffer("mean", _mean(digits))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, 10) weight times the mean closeness of how x looks to each digit's keys."""
        close = _closeness(looks(x), self.keys, self.shapes, LOOK_BETA, LOOK_GATE)
        return self.weight * close @ self.mean


def _keep_centres(head: Remembering, lengths: torch.Tensor) -> float:
    """Sets head.weight to ALPHA times the first of SHARES at which `head` answers each of its
    centres (in digit order, novelty.centres) that the trained layer reads at least KEEP sure of
    their digit at its median feature length, as that layer does, at LENGTH of that length;
    returns that share."""
    digit = torch.arange(len(head.centres)) // (len(head.centres) // 10)
    f = head.centres * lengths[digit, None]
    p = head.linear(f).softmax(1)
    right = (p.argmax(1) == digit) & (p.amax(1) >= KEEP)
    trained, memory = head.linear(f * LENGTH), head.memory(f)  # once: each share only weighs memory
    for share in SHARES:
        head.weight = ALPHA * share
        if ((trained + head.weight * memory).argmax(1)[right] == digit[right]).all():
            break
    return share


class _Personal(Net):
    """A network of mnist_demo.models with a Remembering last layer and a memory of how the
    taught drawings look (Looks); the rest is shared with the committed network, whose weights
    it never changes."""

    def __init__(self, net: Net, head: Remembering, look: Looks):
        super().__init__()
        self.body = nn.Sequential(*net.body[:-1], head)
        self.look = look
        self.eval()

    def logits(self, x: torch.Tensor, f: torch.Tensor) -> torch.Tensor:
        return self.head(f) + self.look(x)


def _digits(digits) -> list[int]:
    digits = [int(d) for d in digits]
    if any(not 0 <= d <= 9 for d in digits):
        raise ValueError("digits are 0-9")
    return digits


def _known(name: str) -> dict:
    """Model `name`'s centres of its training digits and their lengths (novelty.py), as loaded
    once per process (answer.loaded) and shared by every copy of it."""
    from .answer import loaded

    return loaded(name)[1]


def adapt(name: str | Net, images, digits, *, seed: int = 0, copies: int = COPIES) -> Net:
    """A personal copy of model `name` ("cnn", "mlp", or a network) that remembers `images`
    (what to_mnist reads, or 28x28 arrays in [0, 1]) labelled `digits` (0-9). Raises ValueError
    for no drawings, labels other than 0-9, or as many labels as images not given."""
    digits, images = _digits(digits), list(images)
    if not images or len(images) != len(digits):
        raise ValueError(f"{len(images)} drawings and {len(digits)} digits: give one digit each")
    net = load_model(name) if isinstance(name, str) else name
    known = _known(next(k for k, kind in NETS.items() if type(net) is kind))
    x = torch.as_tensor(np.stack([_x28(i) for i in images]))[:, None]
    gen = torch.Generator().manual_seed(seed)
    with one_thread(), torch.no_grad():
        seen = torch.cat([x] + [augment(x, gen, rotate=8, scale=(0.92, 1.08), shear=0.15,
                                        shift=1.5, stroke=0.3) for _ in range(copies)])
        keys = F.normalize(net.eval().features(seen), dim=1)
        labels = torch.as_tensor(digits).repeat(copies + 1)
        head = Remembering(net.head, keys, labels, known["centres"])
        share = _keep_centres(head, known["lengths"])  # a memory that unteaches counts less
        look = Looks(looks(seen), labels, known["shapes"], LOOK_ALPHA * share)
    return _Personal(net, head, look)


class Head(NamedTuple):
    """What a personal copy was taught, from which adapt rebuilds it exactly (39 kB for 50
    drawings, where the CNN's features of them and their distortions take 1.5 MB), and the
    doodle check's threshold for it (novelty.py; None: the committed model's)."""
    x: np.ndarray       # (n, 28, 28) uint8, the drawings as the network sees them, times 255
    digits: np.ndarray  # (n,) uint8
    threshold: float | None = None


# A hand taught is no doodle: the copy's doodle threshold lets the drawings it was taught, and
# drawings this much less familiar than the least familiar of them (energy, novelty.py), pass.
FAMILIAR = 1.0


def personal(name: str, head: Head) -> Net:
    """Model `name` remembering `head`: the personal copy adapt made, rebuilt (and kept for the
    next strokes: the few latest in each process)."""
    return _rebuilt(name, head.x.tobytes(), head.digits.tobytes())


@lru_cache(maxsize=16)
def _rebuilt(name: str, x: bytes, digits: bytes) -> Net:
    from .answer import loaded

    return adapt(loaded(name)[0], np.frombuffer(x, np.uint8).reshape(-1, 28, 28) / np.float32(255),
                 np.frombuffer(digits, np.uint8))


class Taught(NamedTuple):
    head: Head
    before: list[int]   # the committed model's answers on the drawings taught
    after: list[int]    # the personal copy's


def taught(name: str, images, digits) -> Taught:
    """adapt(name, images, digits) as a worker process runs it for a page: what the copy was
    taught (with a doodle threshold that takes it for digits), and the answers on the drawings
    before and after."""
    from .answer import loaded
    from .novelty import scores

    net, stats = loaded(name)
    x8 = np.stack([np.round(_x28(i) * 255) for i in images]).astype(np.uint8)
    head = Head(x8, np.asarray(_digits(digits), np.uint8))
    mine, x = personal(name, head), x8 / np.float32(255)
    with one_thread():
        before, after = (m.predict_proba(x).argmax(1).tolist() for m in (net, mine))
        threshold = max(float(stats["threshold"]), float(scores(mine, x).max()) + FAMILIAR)
    return Taught(head._replace(threshold=threshold), before, after)
