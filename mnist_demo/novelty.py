"""Is it a digit at all? A classifier trained only on digits answers confidently about a hash
sign, a smiley or a scribble; this flags drawings unlike every MNIST digit, so the app can say so.

Two post-hoc scores on a trained network, no retraining:
- Mahalanobis distance of the penultimate features to the nearest class mean, with one shared
  covariance (Lee et al., 2018): far from every digit class.
- Energy, -logsumexp(logits) (Liu et al., 2020): little evidence for any class.
A drawing is unfamiliar when either score exceeds its threshold, each set so that `QUANTILE` of
the MNIST test digits stay below it. The statistics are fitted on the training digits by
`python -m mnist_demo.evaluate` and committed as weights/<model>_novelty.safetensors.
"""
from pathlib import Path

import numpy as np
import torch

from .models import WEIGHTS_DIR, Net, verify

QUANTILE = 0.995  # each threshold lets 0.5% of MNIST test digits through as "unfamiliar"


def novelty_path(name: str, weights_dir: Path = WEIGHTS_DIR) -> Path:
    return Path(weights_dir) / f"{name}_novelty.safetensors"


@torch.inference_mode()
def _features_and_logits(net: Net, x: torch.Tensor, batch: int = 2000):
    net.eval()
    feats = torch.cat([net.features(x[i:i + batch]) for i in range(0, len(x), batch)])
    return feats, net.head(feats)


def scores(net: Net, stats: dict, x) -> np.ndarray:
    """(N, 2): Mahalanobis distance to the nearest class mean, and energy, for (N, 28, 28)."""
    x = torch.as_tensor(np.asarray(x, np.float32)).reshape(-1, 1, 28, 28)
    f, logits = _features_and_logits(net, x)
    z = f @ stats["whiten"].float()  # whitened features: Euclidean distance = Mahalanobis
    maha = torch.cdist(z, stats["whitened_means"]).min(1).values
    energy = -torch.logsumexp(logits, 1)
    return torch.stack([maha, energy], 1).numpy()


def unfamiliar(net: Net, stats: dict, x) -> np.ndarray:
    """(N,) bool, or a bool for one (28, 28) image: True where the input is unlike the digits."""
    flags = (scores(net, stats, x) > stats["thresholds"].numpy()).any(1)
    return bool(flags[0]) if np.ndim(x) == 2 else flags


def fit(net: Net, x: torch.Tensor, y: torch.Tensor, x_cal: torch.Tensor) -> dict:
    """Class means and shared covariance from training digits (x, y); thresholds from x_cal."""
    f, _ = _features_and_logits(net, x)
    f = f.double()
    means = torch.stack([f[y == c].mean(0) for c in range(10)])
    centred = f - means[y]
    cov = centred.T @ centred / len(f) + 1e-3 * torch.eye(f.shape[1], dtype=torch.double)
    # cov = L L^T, so (f - m) L^-T has identity covariance: store that whitening, in float16
    whiten = torch.linalg.inv(torch.linalg.cholesky(cov)).T
    stats = {"whiten": whiten.half(), "whitened_means": (means @ whiten).float()}
    calibration = scores(net, stats, x_cal[:, 0])  # scores() needs no thresholds
    stats["thresholds"] = torch.from_numpy(np.quantile(calibration, QUANTILE, axis=0)).float()
    return stats


def load_novelty(name: str, weights_dir: Path = WEIGHTS_DIR) -> dict:
    """The committed statistics for model `name`, checked against weights/SHA256SUMS."""
    from safetensors.torch import load_file

    return load_file(verify(novelty_path(name, weights_dir)))
