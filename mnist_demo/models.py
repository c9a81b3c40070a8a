"""The two networks, their committed weights, and `predict_proba`: what they answer.

Weights are safetensors files (plain tensors, so loading never runs pickled code) listed with
their sha256 in weights/SHA256SUMS, which is checked before a file is trusted.
"""
import hashlib
import math
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

# the committed weights; MNIST_DEMO_WEIGHTS points elsewhere (tests of a damaged copy)
WEIGHTS_DIR = Path(os.environ.get("MNIST_DEMO_WEIGHTS")
                   or Path(__file__).resolve().parent.parent / "weights")
MANIFEST = "SHA256SUMS"
MEAN, STD = 0.1307, 0.3081  # MNIST pixel statistics; normalising lives inside the model
# An answer is the mean of the network's probabilities for the drawing and for it moved one pixel
# right, left, down and up (test-time augmentation): MNIST test errors 37 -> 33 (CNN) and
# 90 -> 72 (MLP), and in the held-out writers' numbers, doodles and letters fewer misreadings
# (docs/performance.md, "One pixel each way"); a stroke's forward pass reads five images.
SHIFTS = ((0, 1), (0, -1), (1, 0), (-1, 0))


_ONE_THREAD = threading.RLock()


@contextmanager
def one_thread():
    """Run torch on one thread inside the block, whatever the process's setting. An answer must
    not depend on who computed it: MKL and oneDNN split a layer's work differently at other
    thread counts, on some processors with other last bits, so that a worker process (one
    thread) and a test or script (as many as cores) gave different probabilities. One image is
    too small for a second thread to speed up anyway (app.py). Blocks in several threads of a
    process take turns: none can change the count while another computes."""
    with _ONE_THREAD:
        before = torch.get_num_threads()
        if before != 1:
            torch.set_num_threads(1)
        try:
            yield
        finally:
            if before != 1:
                torch.set_num_threads(before)


class WeightsError(RuntimeError):
    """A weights file is missing, altered or unreadable."""


class Net(nn.Module):
    """What both networks share: MNIST normalisation and a numpy-in, numpy-out predict_proba."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.read(x)[1]

    def read(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(features, logits) of x (N, 1, 28, 28): what the doodle check needs of one pass."""
        f = self.features(x)
        return f, self.logits(x, f)

    def logits(self, x: torch.Tensor, f: torch.Tensor) -> torch.Tensor:
        """The logits of x, whose features are f: the head's (a personal copy adds to them)."""
        return self.head(f)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The penultimate layer: what the last linear layer (`head`) classifies."""
        return self.body[:-1]((x - MEAN) / STD)

    @property
    def head(self) -> nn.Module:
        return self.body[-1]

    def answer(self, x: torch.Tensor) -> torch.Tensor:
        """(N, 10) log-probabilities of the answer to x (N, 1, 28, 28) (SHIFTS)."""
        return averaged(self(moved(x)), len(x))

    @torch.inference_mode()
    def predict_proba(self, x) -> np.ndarray:
        """x: (28, 28) or (N, 28, 28) floats in [0, 1], white ink on black -> (10,) or (N, 10)
        probabilities: the answer (`answer`)."""
        x = torch.as_tensor(np.asarray(x, dtype=np.float32))
        if x.shape[-2:] != (28, 28) or x.ndim not in (2, 3):
            raise ValueError(f"expected (28, 28) or (N, 28, 28), got {tuple(x.shape)}")
        self.eval()
        p = self.answer(x.reshape(-1, 1, 28, 28)).exp().numpy()
        return p[0] if x.ndim == 2 else p


def moved(x: torch.Tensor) -> torch.Tensor:
    """(5N, 1, 28, 28): x (N, 1, 28, 28), then x moved one pixel each way (SHIFTS), the edge
    filled with paper: what one forward pass of an answer reads."""
    padded = nn.functional.pad(x, (1, 1, 1, 1))
    return torch.cat([x] + [padded[..., 1 - dy:29 - dy, 1 - dx:29 - dx] for dy, dx in SHIFTS])


def averaged(logits: torch.Tensor, n: int) -> torch.Tensor:
    """(n, 10) log of the mean of the probabilities of the network's logits (5n, 10) of
    moved(x), x being n images."""
    each = logits.log_softmax(1).view(1 + len(SHIFTS), n, -1)
    return each.logsumexp(0) - math.log(1 + len(SHIFTS))


class MLP(Net):
    """Two wide hidden layers with dropout: the strongest plain fully-connected baseline."""

    def __init__(self, hidden: int = 1024, dropout: float = 0.2):
        super().__init__()
        self.body = nn.Sequential(
            nn.Flatten(),
            nn.Linear(784, hidden), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(hidden, hidden), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(hidden, 10))


def _conv(cin: int, cout: int, k: int = 3) -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, k, padding=k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


class CNN(Net):
    """Five conv layers, three poolings (28 -> 14 -> 7 -> 3): 165k parameters, cheap on a CPU."""

    def __init__(self, width: int = 24, dropout: float = 0.3):
        super().__init__()
        w = width
        self.body = nn.Sequential(
            *_conv(1, w, 5), nn.MaxPool2d(2),
            *_conv(w, 2 * w), *_conv(2 * w, 2 * w), nn.MaxPool2d(2),
            *_conv(2 * w, 4 * w), *_conv(4 * w, 4 * w), nn.MaxPool2d(2),
            nn.Flatten(), nn.Dropout(dropout), nn.Linear(4 * w * 9, 10))


NETS = {"mlp": MLP, "cnn": CNN}


def count_params(net: nn.Module) -> int:
    return sum(p.numel() for p in net.parameters())


def weights_path(name: str, weights_dir: Path = WEIGHTS_DIR) -> Path:
    return Path(weights_dir) / f"{name}.safetensors"


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_manifest(weights_dir: Path = WEIGHTS_DIR) -> None:
    """Rewrite SHA256SUMS over every weights and gallery file in the folder."""
    d = Path(weights_dir)
    files = sorted(p for p in d.iterdir() if p.suffix in (".safetensors", ".npz"))
    (d / MANIFEST).write_text("".join(f"{sha256(p)}  {p.name}\n" for p in files))


def verify(path: Path) -> Path:
    """Return `path` if its sha256 matches the manifest beside it, else raise WeightsError."""
    path = Path(path)
    name, _, derived = path.stem.partition("_")  # cnn.safetensors, or cnn_errors.npz and the like
    command = "evaluate" if derived else "train"
    rebuild = f"rebuild it with `python -m mnist_demo.{command} --model {name}`"
    if not path.is_file():
        raise WeightsError(f"{path} is missing: {rebuild}")
    manifest = path.parent / MANIFEST
    sums = dict(reversed(line.split("  ", 1)) for line in
                manifest.read_text().splitlines() if "  " in line) if manifest.is_file() else {}
    if sums.get(path.name) != sha256(path):
        raise WeightsError(f"{path} does not match its sha256 in {manifest}: {rebuild}")
    return path


def load_model(name: str, weights_dir: Path = WEIGHTS_DIR) -> Net:
    """The trained network `name` ("mlp" or "cnn") from weights/, in eval mode."""
    from safetensors.torch import load_file

    key = name.lower()
    if key not in NETS:
        raise ValueError(f"unknown model {name!r}: choose one of {sorted(NETS)}")
    path = verify(weights_path(key, weights_dir))
    net = NETS[key]()
    try:
        net.load_state_dict(load_file(path))
    except Exception as e:  # a truncated or foreign file that still matched an edited manifest
        raise WeightsError(f"{path} cannot be loaded ({e}): rebuild it with "
                           f"`python -m mnist_demo.train --model {key}`") from e
    # channels-last: the memory layout PyTorch's CPU convolutions run fastest in (same outputs)
    return net.to(memory_format=torch.channels_last).eval()
