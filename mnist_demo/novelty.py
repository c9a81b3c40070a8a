"""Is it a digit at all? A classifier trained only on digits answers confidently about a hash
sign, a smiley or a scribble; this flags drawings unlike every digit, so the app can say so.

The networks are trained with outlier exposure (Hendrycks et al., 2019; mnist_demo/train.py):
real doodles with a uniform target, so that they learn to give little evidence for any class to
what is not a digit. The score is the energy of the logits, -logsumexp (Liu et al., 2020); a
drawing is unfamiliar when it exceeds a threshold set so that `QUANTILE` of the calibration
digits (MNIST's test digits and drawings of the training writers' pen digits) stay below it.
`python -m mnist_demo.evaluate` fits it and commits it as weights/<model>_novelty.safetensors,
beside `centres`: what the network's features of the digits it trained on look like, 100 centres
a digit (in digit order), by which teach.py tells a drawing like a person's own from one like the
training digits, each digit's median feature `lengths`, `shapes`: the same for how those
digits look, with no network (`looks`), and `styled`: how the training writers' digits look in
each style of other hands (styles.STYLES, training ranges), 100 shapes a style and digit.

A drawing whose energy is high is still a digit when its features lie near one of those
centres (`nearness`, the cosine to the nearest, at least `near`: the value that a share of the
calibration digits reach, `NEAR`): a 0 slashed or drawn wide, a footed 1, an open 4 spread their
logits as a doodle does, but their features are a digit's. The MLP's features tell doodles apart
less well, so its `near` is stricter (docs/handwriting.md).

And it is not called "not a digit" when it looks like one: `looks` (blurred 14x14, no network) at
least `look` near one of the `shapes` or the `styled` (`seen`), the value that `LOOK` of the
calibration digits reach. The styles have shapes of their own because among all of a digit's
drawings a slashed 0 or a lopsided 8 is too rare to get a centre of its own. The
networks cannot tell a slashed 0 in a hand they never met from a doodle (both get a near-uniform
answer); a witness that only sees the pixels can say that it looks like a 0. A doodle it lets
pass is still not answered as a digit (under 30%, the app asks "Is that a digit?"): what the
flag changes is, all but always, a doubtful answer into "not a digit", which a real digit should
not be told (docs/handwriting.md).

(Before outlier exposure a second score, the Mahalanobis distance of the penultimate features to
the nearest class mean, helped; with it, that distance caught no held-out doodle that the energy
missed and flagged 2% of the held-out writers' digits, so it went.)
"""
from pathlib import Path

import numpy as np
import torch

from .models import WEIGHTS_DIR, Net, averaged, moved, one_thread, verify

QUANTILE = 0.995  # the threshold calls 0.5% of the calibration digits "unfamiliar"...
# ...and 1% for the MLP, whose energies of digits in other hands' styles and of doodles lie
# closer together: at 0.5% a drawn hash passed as a digit (held-out writers' digits flagged:
# 0.16% at 0.5%, 0.36% at 1%)
QUANTILES = {"mlp": 0.99}
# The share of the calibration digits whose features lie at least `near` to a centre: for the
# CNN the energy's share; for the MLP 95%, since at 99% (its energy's) a drawn "hi", which the
# energy alone flags, passed as a digit (answered at 15%).
NEAR = {"cnn": QUANTILE, "mlp": 0.95}
# The share of the calibration digits that look at least `look` like one of the shapes: 97%,
# the most that kept real digits of every style flagged at most 1.5% of the time together (the
# second validation set's hand styles: 1.0% for either network; at 95%, 1.8% and 2.1%) while
# keeping the most doodles called "not a digit" (47% of the held-out doodles; at 98%, 40%). With
# the styles' shapes too: 0.7% and 0.4%, each style 2.1% at most; 39% and 37% of the doodles.
# The others are asked about ("Is that a digit?").
LOOK = 0.97


def novelty_path(name: str, weights_dir: Path = WEIGHTS_DIR) -> Path:
    return Path(weights_dir) / f"{name}_novelty.safetensors"


def _chunks(x, batch: int = 2000):
    """x ((N, 28, 28) or (28, 28)) as (n, 1, 28, 28) tensors of `batch` images."""
    t = torch.as_tensor(np.asarray(x, np.float32)).reshape(-1, 1, 28, 28)
    return (t[i:i + batch] for i in range(0, len(t), batch))


def _batches(net: Net, x, batch: int = 2000):
    """_chunks of x, net in eval mode; run inside torch.inference_mode."""
    net.eval()
    return _chunks(x, batch)


def _features(net: Net, x, batch: int = 2000):
    """The penultimate features of x, `batch` images at a time."""
    return (net.features(t) for t in _batches(net, x, batch))


def _reads(net: Net, x, batch: int = 2000):
    """net.read (features, logits) of x, `batch` images at a time."""
    return (net.read(t) for t in _batches(net, x, batch))


@torch.inference_mode()
def scores(net: Net, x, batch: int = 2000) -> np.ndarray:
    """(N,) energy, -logsumexp(logits), for (N, 28, 28) or (28, 28) inputs: high = unlike digits."""
    logits = torch.cat([logits for _, logits in _reads(net, x, batch)])
    return (-torch.logsumexp(logits, 1)).numpy()


def nearness(features: torch.Tensor, centres: torch.Tensor) -> np.ndarray:
    """(N,) cosine of each row of features (N, F) to the nearest of `centres` (M, F), unit length."""
    return (torch.nn.functional.normalize(features, dim=1) @ centres.T).amax(1).numpy()


def _flags(stats: dict, x: torch.Tensor, features: torch.Tensor,
           logits: torch.Tensor, look: bool = True) -> np.ndarray:
    """Unfamiliar: the energy of x's logits above the threshold and, where the statistics hold
    `near` and `look`, its features farther than `near` from every centre of the training digits
    and (unless `look` is False: the network alone) its look farther than `look` from every
    shape of them."""
    flags = (-torch.logsumexp(logits, 1)).numpy() > float(stats["threshold"])
    if "near" in stats and flags.any():
        flags &= nearness(features, stats["centres"]) < float(stats["near"])
    if look and "look" in stats and flags.any():
        flags &= likeness(x, stats) < float(stats["look"])
    return flags


def seen(stats: dict) -> torch.Tensor:
    """(M, 196) every shape a drawing's look is held against: the training digits' `shapes` and,
    where the statistics hold them, their `styled` shapes in other hands' styles."""
    return torch.cat([stats["shapes"], stats["styled"]]) if "styled" in stats else stats["shapes"]


def likeness(x, stats: dict) -> np.ndarray:
    """(N,) nearness(looks(x), seen(stats)), without joining the shapes at every stroke."""
    shown = looks(x)
    near = nearness(shown, stats["shapes"])
    return np.maximum(near, nearness(shown, stats["styled"])) if "styled" in stats else near


@torch.inference_mode()
def unfamiliar(net: Net, stats: dict, x, batch: int = 2000) -> np.ndarray:
    """(N,) bool, or a bool for one (28, 28) image: True where the input is unlike the digits."""
    flags = np.concatenate([_flags(stats, t, *net.read(t)) for t in _batches(net, x, batch)])
    return bool(flags[0]) if np.ndim(x) == 2 else flags


@torch.inference_mode()
def classify(net: Net, stats: dict, x, search: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """net.predict_proba(x) and unfamiliar(net, stats, x) from one forward pass of x and its
    moved copies (Net.answer), as the app answers a stroke: ((10,) or (N, 10) probabilities,
    a bool or (N,) bools). `search`: as a number's search asks of its many parts, x alone:
    the network's probabilities for x unmoved, and a flag that asks the network (its energy
    and features), not how the drawing looks."""
    x = np.asarray(x, np.float32)
    if net.training:  # eval() walks every module: 0.2 ms of a stroke's 5 when done each time
        net.eval()
    t = torch.from_numpy(x).reshape(-1, 1, 28, 28)
    if search:
        features, logits = net.read(t)
        p = logits.softmax(1).numpy()
    else:  # x and its moved copies in one pass; the doodle check reads x's own
        features, logits = net.read(moved(t))
        p = averaged(logits, len(t)).exp().numpy()
        features, logits = features[:len(t)], logits[:len(t)]
    flags = _flags(stats, t, features, logits, look=not search)
    return (p[0], bool(flags[0])) if x.ndim == 2 else (p, flags)


def fit(net: Net, x_cal, quantile: float = QUANTILE) -> dict:
    """The threshold that `quantile` of the calibration digits x_cal ((N, 28, 28)) stay below."""
    return {"threshold": torch.tensor(float(np.quantile(scores(net, x_cal), quantile)))}


@torch.inference_mode()
def fit_near(net: Net, x_cal, centres: torch.Tensor, quantile: float = QUANTILE) -> torch.Tensor:
    """The nearness to `centres` that `quantile` of the calibration digits x_cal reach."""
    with one_thread():
        near = np.concatenate([nearness(f, centres) for f in _features(net, x_cal)])
    return torch.tensor(float(np.quantile(near, 1 - quantile)))


@torch.inference_mode()
def fit_look(x_cal, shapes: torch.Tensor, quantile: float = LOOK, batch: int = 2000) -> torch.Tensor:
    """The nearness of how they look to `shapes` that `quantile` of the calibration digits
    x_cal ((N, 28, 28)) reach."""
    with one_thread():
        near = np.concatenate([nearness(looks(t), shapes) for t in _chunks(x_cal, batch)])
    return torch.tensor(float(np.quantile(near, 1 - quantile)))


CENTRES = 100  # a digit's centres


def _kmeans(f: torch.Tensor, y, per_digit: int = CENTRES, steps: int = 15,
            seed: int = 0) -> torch.Tensor:
    """(labels x per_digit, F) unit-length centres of the rows of f (N, F), unit length, labelled
    y (digits, or any integer groups): spherical k-means of each label's rows in label order,
    started from `seed`'s pick of them (all of them where a label has fewer rows)."""
    y = torch.as_tensor(np.asarray(y)).long()
    gen = torch.Generator().manual_seed(seed)
    out = []
    for d in torch.unique(y).tolist():
        mine = f[y == d]
        c = mine[torch.randperm(len(mine), generator=gen)[:per_digit]]
        for _ in range(steps):
            nearest = (mine @ c.T).argmax(1)
            sums = torch.zeros_like(c).index_add_(0, nearest, mine)
            c = torch.where(sums.norm(dim=1, keepdim=True) > 0,
                            torch.nn.functional.normalize(sums, dim=1), c)
        out.append(c)
    return torch.cat(out)


@torch.inference_mode()
def centres(net: Net, x, y, per_digit: int = CENTRES) -> torch.Tensor:
    """(10 per_digit, features) unit-length centres of the features of digits x ((N, 28, 28))
    labelled y. On one thread, as the app's answers are (models.one_thread)."""
    with one_thread():
        f = torch.nn.functional.normalize(torch.cat(list(_features(net, x))), dim=1)
        return _kmeans(f, y, per_digit)


_BLUR = torch.tensor([1., 4., 6., 4., 1.])
_BLUR = (_BLUR[:, None] * _BLUR[None]).div(256)[None, None]


def looks(x) -> torch.Tensor:
    """(N, 196) what x ((N, 28, 28), (N, 1, 28, 28) or (28, 28) in [0, 1]) looks like, with no
    network: blurred, halved to 14x14, unit length. Two drawings of one hand written alike are
    close here where a network's features, made to tell digits apart, may not be (teach.py)."""
    t = torch.as_tensor(np.asarray(x, np.float32)).reshape(-1, 1, 28, 28)
    t = torch.nn.functional.avg_pool2d(torch.nn.functional.conv2d(t, _BLUR, padding=2), 2)
    return torch.nn.functional.normalize(t.flatten(1), dim=1)


@torch.inference_mode()
def shapes(x, y, per_digit: int = CENTRES) -> torch.Tensor:
    """(10 per_digit, 196) centres of how the digits x ((N, 28, 28)) labelled y look (looks);
    with y any integer groups (a style and a digit), per_digit centres a group, in group order."""
    with one_thread():
        return _kmeans(looks(x), y, per_digit)


@torch.inference_mode()
def lengths(net: Net, x, y) -> torch.Tensor:
    """(10,) the median length of each digit's features, of digits x ((N, 28, 28)) labelled y:
    where a digit's centre lies (teach.py asks the network about its centres at that length)."""
    y = torch.as_tensor(np.asarray(y)).long()
    with one_thread():
        n = torch.cat([f.norm(dim=1) for f in _features(net, x)])
    return torch.stack([n[y == d].median() for d in range(10)])


def load_novelty(name: str, weights_dir: Path = WEIGHTS_DIR) -> dict:
    """The committed statistics for model `name`, checked against weights/SHA256SUMS; the
    centres and shapes (stored in half precision) as float32, ready for every stroke."""
    from safetensors.torch import load_file

    stats = load_file(verify(novelty_path(name, weights_dir)))
    for kind in ("centres", "shapes", "styled"):
        if kind in stats:
            stats[kind] = stats[kind].float()
    return stats
