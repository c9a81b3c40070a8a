"""Seconds per training epoch (augmentation + forward + backward + step, then the test-set pass)
for each model in float32 and in bfloat16 autocast, extrapolated from a slice of MNIST.

    python benchmarks/train_speed.py [--data-root ../shared/mnist] [--batches 100]

bf16 is only timed where the hardware has it natively (train.py's `--precision auto` rule).
"""
import argparse
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mnist_demo.data import load_mnist  # noqa: E402
from mnist_demo.evaluate import predict_logits  # noqa: E402
from mnist_demo.models import NETS  # noqa: E402
from mnist_demo.train import DEFAULTS, native_bf16, train_epoch  # noqa: E402


def epoch_seconds(model: str, x, y, xt, batches: int, bf16: bool) -> tuple[float, float]:
    """(training, test pass) seconds for one full epoch, timed on `batches` batches."""
    torch.manual_seed(0)
    net = NETS[model]().to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda _: 1.0)
    bs = DEFAULTS[model]["batch_size"]
    n = batches * bs
    gen = torch.Generator().manual_seed(0)
    train_epoch(net, opt, sched, x[:bs * 5], y[:bs * 5], bs, gen, torch.device("cpu"), bf16=bf16)
    t = time.perf_counter()
    train_epoch(net, opt, sched, x[:n], y[:n], bs, gen, torch.device("cpu"), bf16=bf16)
    train = (time.perf_counter() - t) * len(x) / n
    t = time.perf_counter()
    predict_logits(net, xt)  # the per-epoch test pass always runs in float32
    return train, time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-root", default=None, help="MNIST folder (default: $MNIST_ROOT or ./data)")
    ap.add_argument("--batches", type=int, default=100, help="training batches timed per row")
    args = ap.parse_args()
    x, y = load_mnist(args.data_root, train=True)
    xt, _ = load_mnist(args.data_root, train=False)
    native = native_bf16(torch.device("cpu"))
    precisions = [False, True] if native else [False]
    print(f"{torch.get_num_threads()} threads; bf16 native: {native}")
    print(f"{'model':<6}{'precision':<11}{'train s/epoch':>14}{'test pass s':>12}"
          f"{'default epochs':>16}{'est. total s':>14}")
    for model in NETS:
        for bf16 in precisions:
            train, test = epoch_seconds(model, x, y, xt, args.batches, bf16)
            epochs = DEFAULTS[model]["epochs"]
            print(f"{model:<6}{'bf16' if bf16 else 'fp32':<11}{train:>14.1f}{test:>12.1f}"
                  f"{epochs:>16}{epochs * (train + test):>14.0f}")


if __name__ == "__main__":
    main()
