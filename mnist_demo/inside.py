"""Look inside a network: what each layer makes of one 28x28 input, and which pixels made the answer.

Plain arrays in, plain arrays out (no Gradio): display.py draws them, the app shows them.

    look(net, x)            -> Inside: every stage's activations, the logits and the softmax,
                               the CNN's first-layer kernels, or the MLP units that fire most
                               with their weight rows as 28x28 patterns
    saliency(net, x, digits) -> (len(digits), 28, 28) occlusion maps: how much the log-probability
                               of each digit falls when a patch of the drawing is rubbed out

Occlusion rather than gradient x input or Grad-CAM: on drawings it marks whole strokes (a 7's bar,
a 9's loop) instead of speckle along the stroke edges, it reads the same for both architectures,
and rubbing out is what a person can check with the eraser.
"""
from typing import NamedTuple

import numpy as np
import torch
import torch.nn as nn

from .models import MEAN, STD, Net, averaged, moved

PATCH, STEP = 7, 3   # occlusion: a 7x7 eraser moved 3 pixels at a time (8 x 8 positions)
TOP_UNITS = 8        # MLP: how many of the most active first-layer units show their weights


class Stage(NamedTuple):
    title: str          # "conv 2 · 48 × 14 × 14"
    maps: np.ndarray    # (C, H, W) activations; the MLP's 1024 units as (1, 32, 32)


class Inside(NamedTuple):
    stages: list[Stage]     # input to output, after each ReLU, then the pooled features (CNN)
    logits: np.ndarray      # (10,)
    probs: np.ndarray       # (10,) the answer: softmax of the logits, and of the drawing moved
    patterns: np.ndarray    # CNN: first-layer kernels (C, k, k); MLP: top units' weights (K, 28, 28)
    units: np.ndarray       # MLP: the first-layer units shown in `patterns`, most active first


def _shape(t: torch.Tensor) -> str:
    return " × ".join(str(s) for s in t.shape[1:])


def _as_maps(t: torch.Tensor) -> np.ndarray:
    a = t[0].numpy()
    if a.ndim == 3:
        return a
    side = int(np.sqrt(a.size))  # 1024 units -> 32 x 32; other sizes as one row
    return a.reshape(1, side, -1) if side * side == a.size else a.reshape(1, 1, -1)


@torch.inference_mode()
def look(net: Net, x) -> Inside:
    """Run one (28, 28) input in [0, 1] (white ink on black) through `net`, keeping every stage."""
    x = np.asarray(x, np.float32)
    if x.shape != (28, 28):
        raise ValueError(f"expected a (28, 28) input, got {x.shape}")
    net.eval()
    x_t = moved(torch.from_numpy(x).reshape(1, 1, 28, 28))  # the drawing first, then moved (answer)
    h = (x_t - MEAN) / STD
    stages, counts, last = [], {"conv": 0, "hidden": 0}, None
    body = list(net.body)
    for i, layer in enumerate(body[:-1]):
        h = layer(h)
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            last = layer
        if isinstance(layer, nn.ReLU):
            kind = "conv" if isinstance(last, nn.Conv2d) else "hidden"
            counts[kind] += 1
            stages.append(Stage(f"{kind} {counts[kind]} · {_shape(h)}", _as_maps(h)))
        elif isinstance(layer, nn.MaxPool2d) and isinstance(body[i + 1], nn.Flatten):
            stages.append(Stage(f"pooled · {_shape(h)}", _as_maps(h)))
    h = net.logits(x_t, h)  # the head's, and a personal copy's memories (teach.py)
    logits = h[0].numpy()
    probs = averaged(h, 1)[0].exp().numpy()  # softmax, with the drawing moved a pixel each way
    first = next(m for m in body if isinstance(m, (nn.Conv2d, nn.Linear)))
    w = first.weight.detach().numpy()
    if isinstance(first, nn.Conv2d):
        return Inside(stages, logits, probs, w[:, 0], np.arange(len(w)))
    units = np.argsort(-stages[0].maps.ravel(), kind="stable")[:TOP_UNITS]
    return Inside(stages, logits, probs, w[units].reshape(-1, 28, 28), units)


def occlusions(x: np.ndarray, patch: int = PATCH, step: int = STEP) -> tuple[np.ndarray, np.ndarray]:
    """Copies of x with one patch rubbed out (set to 0, the paper) each, and their (N, 28, 28) masks."""
    starts = range(0, 28 - patch + 1, step)
    masks = np.zeros((len(starts) ** 2, 28, 28), np.float32)
    for k, (r, c) in enumerate((r, c) for r in starts for c in starts):
        masks[k, r:r + patch, c:c + patch] = 1
    return x[None] * (1 - masks), masks


@torch.inference_mode()
def saliency(net: Net, x, digits) -> np.ndarray:
    """(len(digits), 28, 28): for each digit, the mean fall of its log-probability when a patch
    covering the pixel is rubbed out. Positive: that ink speaks for the digit; negative: against.
    The network's one pass (the answer's moved copies would cost five times as much)."""
    x = np.asarray(x, np.float32)
    if x.shape != (28, 28):
        raise ValueError(f"expected a (28, 28) input, got {x.shape}")
    digits = np.atleast_1d(np.asarray(digits, int))
    net.eval()
    rubbed, masks = occlusions(x)
    both = torch.from_numpy(np.concatenate([x[None], rubbed])).unsqueeze(1)
    logp = torch.log_softmax(net(both), 1)[:, digits].numpy()        # (1 + N, D)
    fall = logp[0] - logp[1:]                                          # (N, D)
    cover = masks.sum(0)
    return np.einsum("nd,nhw->dhw", fall, masks) / cover
