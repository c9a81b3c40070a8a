"""Test-set metrics of a trained model's answers (Net.answer), the misclassified digits the
app's gallery shows, and the statistics that tell a digit from a doodle (novelty.py),
calibrated on drawn digits too.

    python -m mnist_demo.evaluate --model cnn [--data-root ../shared/mnist]
                                  [--handwriting-root ../shared/handwriting]
"""
import argparse
import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

from .data import load_mnist
from .handwriting import drawn, load, split
from .models import WEIGHTS_DIR, load_model, write_manifest
from .novelty import (NEAR, QUANTILE, QUANTILES, centres, fit, fit_look, fit_near, lengths,
                      novelty_path, seen, shapes, unfamiliar)
from .styles import STYLES, TRAINED_BY, styled


@torch.inference_mode()
def predict_logits(net, x: torch.Tensor, batch: int = 1000) -> torch.Tensor:
    """The network's logits of x (N, 1, 28, 28), one pass: the training curves."""
    net.eval()
    return torch.cat([net(x[i:i + batch]) for i in range(0, len(x), batch)])


@torch.inference_mode()
def answers(net, x: torch.Tensor, batch: int = 1000) -> torch.Tensor:
    """The log-probabilities of what the app answers to x (N, 1, 28, 28): Net.answer."""
    net.eval()
    return torch.cat([net.answer(x[i:i + batch]) for i in range(0, len(x), batch)])


def metrics(logits: torch.Tensor, y: torch.Tensor) -> dict:
    """Loss, accuracy, per-class accuracy and confusion matrix (rows: true, columns: predicted)
    of logits or log-probabilities."""
    pred = logits.argmax(1)
    confusion = torch.bincount(y * 10 + pred, minlength=100).view(10, 10)
    return {"loss": F.cross_entropy(logits, y).item(),
            "accuracy": (pred == y).float().mean().item(),
            "per_class_accuracy": (confusion.diag() / confusion.sum(1)).tolist(),
            "confusion_matrix": confusion.tolist()}


def errors(logits: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> dict:
    """Every misclassified digit, most confident mistakes first, as compact numpy arrays."""
    probs = logits.softmax(1)
    conf, pred = probs.max(1)
    wrong = (pred != y).nonzero().squeeze(1)
    wrong = wrong[conf[wrong].argsort(descending=True)]
    return {"index": wrong.numpy().astype(np.int32),
            "image": (x[wrong, 0] * 255).round().byte().numpy(),
            "label": y[wrong].numpy().astype(np.int8),
            "pred": pred[wrong].numpy().astype(np.int8),
            "probs": probs[wrong].numpy().astype(np.float32)}


CAL_SEED = 1000  # the calibration drawings' seed: not one that training draws with
KNOWN = 20000    # MNIST training digits among those the centres of known digits summarise


def errors_path(name: str, weights_dir: Path = WEIGHTS_DIR) -> Path:
    return Path(weights_dir) / f"{name}_errors.npz"


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--model", choices=["mlp", "cnn"], required=True)
    ap.add_argument("--data-root", default=None, help="MNIST folder (default: $MNIST_ROOT or ./data)")
    ap.add_argument("--handwriting-root", default=None,
                    help="real drawings' folder (default: $HANDWRITING_ROOT or data/handwriting)")
    ap.add_argument("--out", type=Path, default=WEIGHTS_DIR, help="where the gallery data goes")
    args = ap.parse_args(argv)

    net = load_model(args.model)
    x, y = load_mnist(args.data_root, train=False)
    logits = answers(net, x)
    result = metrics(logits, y)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(errors_path(args.model, args.out), **errors(logits, x, y))
    # the doodle check calibrated on what the app reads: MNIST's test digits and drawings of the
    # training writers' pen digits, in their own styles and in one of the others' each, as they
    # train (other drawings than training saw; held-out writers and styles untouched). Every
    # style of each digit instead raised the threshold past a drawn house.
    records = split(load("digits", args.handwriting_root), held_out=False)
    pens, pen_digits, _ = drawn(records, seed=CAL_SEED)
    worlds, world_digits, _ = drawn(styled(records, held_out=False, seed=CAL_SEED, every=False,
                                           styles=TRAINED_BY[args.model]),
                                    seed=CAL_SEED + 1)
    calibration = np.concatenate([x[:, 0].numpy(), pens, worlds])
    stats = fit(net, calibration, QUANTILES.get(args.model, QUANTILE))
    # what the network has seen of digits (teach.py): training digits, never the test set's
    xt, yt = load_mnist(args.data_root, train=True)
    some = torch.randperm(len(xt), generator=torch.Generator().manual_seed(CAL_SEED))[:KNOWN]
    known = (np.concatenate([xt[some, 0].numpy(), pens, worlds]),
             np.concatenate([yt[some].numpy(), pen_digits, world_digits]))
    stats["centres"] = centres(net, *known).half().float()  # as stored, as load_novelty reads them
    stats["lengths"] = lengths(net, *known)
    stats["shapes"] = shapes(*known).half().float()
    # how the training writers' digits look in every style of other hands, a style and digit at
    # a time (no network: the same for both models, the styles' training ranges)
    every = styled(records, held_out=False, seed=CAL_SEED + 2, styles=STYLES)
    xe, _, kept = drawn(every, seed=CAL_SEED + 3)
    groups = [(every[i]["style"], every[i]["label"]) for _, i, _ in kept]
    order = sorted(set(groups))
    stats["styled"] = shapes(xe, [order.index(g) for g in groups]).half().float()
    stats["near"] = fit_near(net, calibration, stats["centres"], NEAR[args.model])
    stats["look"] = fit_look(calibration, seen(stats))
    save_file({**stats, **{k: stats[k].half() for k in ("centres", "shapes", "styled")}},
              novelty_path(args.model, args.out))
    write_manifest(args.out)
    committed = json.loads((WEIGHTS_DIR / f"{args.model}.json").read_text())["test"]
    print(f"{args.model}: test accuracy {result['accuracy']:.4%} "
          f"(committed {committed['accuracy']:.4%}), {10000 - round(result['accuracy'] * 10000)} errors "
          f"written to {errors_path(args.model, args.out)}; {unfamiliar(net, stats, x[:, 0]).mean():.2%} "
          f"of the test digits look unfamiliar ({novelty_path(args.model, args.out)})")
    return result


if __name__ == "__main__":
    main()
