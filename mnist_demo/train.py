"""Train one network on MNIST and real drawings with batch augmentation; write its weights and
metrics.

    python -m mnist_demo.train --model cnn [--epochs 20] [--seed 0] [--data-root ../shared/mnist]
                               [--handwriting-root ../shared/handwriting]

Besides MNIST's 60,000 digits: the pen digits of the training writers (mnist_demo/handwriting.py),
each drawn PEN_RENDERS times as the Sketchpad draws, read by to_mnist, as more digits, the
second time in a style they do not write (slashed, wide, footed, crossed, sparsely sampled:
mnist_demo/styles.py); and the doodles of the training categories, closed polygons (the MLP
only), letters of the training fonts (mnist_demo/letters.py) and pairs of the training writers'
digits written touching (as the Number tab meets them), with a uniform target (outlier
exposure, Hendrycks et al., 2019), so that the network learns to be unsure about what is not one
digit.

Writes weights/<model>.safetensors, weights/<model>.json and updates weights/SHA256SUMS.
The same seed on the same machine gives the same weights and the same metrics.
"""
import argparse
import json
import os
import platform
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import save_file
from tqdm import tqdm

from .data import augment, data_root, load_mnist
from .evaluate import answers, metrics, predict_logits
from .handwriting import drawn, handwriting_root, load, pairs, split
from .letters import letters
from .styles import TRAINED_BY, polygons, styled
from .models import NETS, WEIGHTS_DIR, count_params, sha256, weights_path, write_manifest

AUGMENTATION = ("random rotation ±15°, scale 0.85-1.15, shear ±0.3, shift ±2.5 px, "
                "stroke dilation/erosion up to 60%")  # augment()'s defaults, for the metrics JSON
# late_augment: gentler distortions for the last quarter of the epochs, so that the low-LR
# finish fits digits shaped like the centred, stroke-normalised ones that preprocessing yields
# (the CNN's test errors fell from 37 to 32 with it).
PEN_RENDERS = 2      # drawings of each training writer's pen digit, the second in one of the
                     # styles of mnist_demo/styles.py, so that no class grows
POLYGONS = 4000      # closed polygons, outliers, one for every DEFAULTS' polygon_share digits
                     # (the CNN trains without them: preprocess.sides asks about them instead)
DOODLE_SHARE = 8     # one doodle for every 8 digits in a batch
PAIRS = 6000         # touching pairs of pen digits, outliers beside the doodles...
PAIR_SHARE = 16      # ...one for every 16 digits in a batch
LETTERS = 40         # written copies of each training letter in each training font...
LETTER_SHARE = 32    # ...one for every 32 digits in a batch
OE_WEIGHT = 0.3      # weight of the doodles' loss (cross-entropy to the uniform distribution)
DEFAULTS = {"mlp": {"epochs": 20, "lr": 3e-3, "batch_size": 256, "late_augment": None,
                    "polygon_share": 32},
            "cnn": {"epochs": 20, "lr": 4e-3, "batch_size": 128, "polygon_share": None,
                    "late_augment": {
                "rotate": 7.5, "scale": (0.925, 1.075), "shear": 0.15, "shift": 1.25, "stroke": 0.3}}}


def train_epoch(net, opt, sched, x, y, batch_size, gen, device, aug=None,
                bf16=False, outliers=()) -> tuple[float, float]:
    """One pass over (x, y) in a seeded random order, every batch freshly augmented
    (`aug`: augment()'s keyword arguments, its defaults when None); `bf16`: bfloat16 autocast.
    `outliers`: (images (M, 1, 28, 28), share): each batch adds one random image of each for
    every `share` digits, trained towards a uniform answer."""
    net.train()
    total_loss, correct = 0.0, 0
    for idx in torch.randperm(len(x), generator=gen).split(batch_size):
        xb = x[idx]
        for images, share in outliers:
            if len(images):
                pick = torch.randint(len(images), (max(1, len(idx) // share),), generator=gen)
                xb = torch.cat([xb, images[pick]])
        xb = augment(xb, gen, **(aug or {})).to(device, memory_format=torch.channels_last)
        yb = y[idx].to(device)
        with torch.autocast(device.type, torch.bfloat16, enabled=bf16):
            out = net(xb).float()
        logits = out[:len(idx)]
        digits_loss = F.cross_entropy(logits, yb)
        loss = digits_loss
        if len(out) > len(idx):  # outlier exposure: no class for a doodle or a pair
            loss = loss - OE_WEIGHT * out[len(idx):].log_softmax(1).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        total_loss += digits_loss.item() * len(idx)  # the digits' loss, beside test_loss
        correct += (logits.argmax(1) == yb).sum().item()
    return total_loss / len(x), correct / len(x)


def native_bf16(device: torch.device) -> bool:
    """Whether the hardware computes in bfloat16 natively (AVX512-BF16 or a recent GPU), where
    autocast makes training about 1.5x faster; elsewhere it would be emulated, and slower."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    return torch.cpu._is_avx512_bf16_supported()


def machine(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"{platform.processor() or platform.machine()}, {torch.get_num_threads()} threads"


def train(model: str, epochs: int | None = None, seed: int = 0, lr: float | None = None,
          batch_size: int | None = None, root: str | None = None, out: Path = WEIGHTS_DIR,
          limit: int | None = None, device: str | None = None, precision: str = "auto",
          handwriting: str | None = None) -> dict:
    """Train, write weights + metrics JSON into `out`, and return the metrics.

    precision: "fp32", "bf16" (autocast; weights and evaluation stay float32) or "auto"
    (bf16 where the hardware has it natively). handwriting: the folder of the real drawings."""
    torch.manual_seed(seed)
    dev = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
    bf16 = precision == "bf16" or (precision == "auto" and native_bf16(dev))
    epochs, lr = epochs or DEFAULTS[model]["epochs"], lr or DEFAULTS[model]["lr"]
    batch_size = batch_size or DEFAULTS[model]["batch_size"]
    start = time.perf_counter()  # the wall time includes drawing the real drawings
    x, y = load_mnist(root, train=True)
    xt, yt = load_mnist(root, train=False)
    pens, doodles = (split(load(kind, handwriting), held_out=False) for kind in ("digits", "doodles"))
    written = letters(held_out=False, copies=LETTERS, seed=seed)
    if limit:  # a quick run on a subset, for tests and smoke checks
        x, y, xt, yt = x[:limit], y[:limit], xt[:limit], yt[:limit]
        pens, doodles, written = pens[:limit // 10], doodles[:limit // 10], written[:limit // 10]
    xp, yp, _ = drawn(pens, PEN_RENDERS - 1, seed=seed)
    xs, ys, _ = drawn(styled(pens, held_out=False, seed=seed, every=False,
                             styles=TRAINED_BY[model]), seed=seed + 2)
    xd = torch.from_numpy(drawn(doodles, 1, seed=seed)[0]).unsqueeze(1)
    xl = torch.from_numpy(drawn(written, 1, seed=seed + 1)[0]).unsqueeze(1)
    x2 = torch.from_numpy(pairs(pens, PAIRS if not limit else limit // 10, seed)).unsqueeze(1)
    outliers = [(xd, DOODLE_SHARE), (xl, LETTER_SHARE), (x2, PAIR_SHARE)]
    polygon_share = DEFAULTS[model]["polygon_share"]
    if polygon_share:  # drawn only for the model that trains on them (no global RNG is used)
        xg = torch.from_numpy(drawn(polygons(POLYGONS if not limit else limit // 10,
                                             held_out=False, seed=seed), 1, seed=seed + 3)[0])
        outliers.append((xg.unsqueeze(1), polygon_share))
    x = torch.cat([x, torch.from_numpy(xp).unsqueeze(1), torch.from_numpy(xs).unsqueeze(1)])
    y = torch.cat([y, torch.tensor(yp + ys, dtype=y.dtype)])
    net = NETS[model]().to(dev, memory_format=torch.channels_last)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=5e-4)
    steps = epochs * -(-len(x) // batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    gen = torch.Generator().manual_seed(seed)

    history = []
    for epoch in (bar := tqdm(range(1, epochs + 1), desc=f"train {model}", unit="epoch")):
        aug = DEFAULTS[model]["late_augment"] if epoch > 0.75 * epochs else None
        train_loss, train_acc = train_epoch(net, opt, sched, x, y, batch_size, gen, dev, aug,
                                            bf16, outliers)
        test = metrics(predict_logits(net, xt.to(dev)).cpu(), yt)
        history.append({"epoch": epoch, "train_loss": train_loss, "train_accuracy": train_acc,
                        "test_loss": test["loss"], "test_accuracy": test["accuracy"]})
        bar.set_postfix(loss=f"{train_loss:.4f}", test_acc=f"{test['accuracy']:.4f}")
    test = metrics(answers(net, xt.to(dev)).cpu(), yt)  # as the app answers (Net.answer)
    wall = time.perf_counter() - start

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = weights_path(model, out)
    save_file({k: v.detach().cpu().contiguous() for k, v in net.state_dict().items()}, path)
    result = {
        "model": model, "test": test, "history": history, "params": count_params(net),
        "hyperparameters": {"epochs": epochs, "lr": lr, "batch_size": batch_size,
                            "optimizer": "AdamW(weight_decay=5e-4) + OneCycleLR",
                            "augmentation": AUGMENTATION + (
                                "; half of each in the last quarter of the epochs"
                                if DEFAULTS[model]["late_augment"] else ""),
                            "precision": "bf16 autocast" if bf16 else "fp32",
                            "train_size": len(x), "test_size": len(xt),
                            "train_class_counts": torch.bincount(y, minlength=10).tolist(),
                            "drawings": f"{len(xp) + len(xs)} drawings of {len(pens)} pen "
                                        f"digits by the training writers, {len(xs)} of them in "
                                        f"other styles (0s slashed or stretched, 1s footed, "
                                        f"flagged or bowed, 7s crossed, any sparsely sampled), "
                                        f"{len(xd)} doodles of "
                                        f"{len({d['label'] for d in doodles})} categories (one for every "
                                        f"{DOODLE_SHARE} digits), {len(xl)} letters of "
                                        f"{len({w['label'] for w in written})} kinds in "
                                        f"{len({w['font'] for w in written})} fonts (one for every "
                                        f"{LETTER_SHARE}), "
                                        + (f"{len(xg)} closed polygons (one for every "
                                           f"{polygon_share}), " if polygon_share else "")
                                        + f"and {len(x2)} touching pairs of "
                                        f"pen digits (one for every {PAIR_SHARE}): outlier "
                                        f"exposure, weight {OE_WEIGHT}"},
        "seed": seed, "train_seconds": round(wall, 1), "machine": machine(dev),
        "torch": torch.__version__, "weights_sha256": sha256(path)}
    (out / f"{model}.json").write_text(json.dumps(result, indent=1) + "\n")
    write_manifest(out)
    return result


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--model", choices=sorted(NETS), required=True)
    ap.add_argument("--epochs", type=int, help="default: 20 for either")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lr", type=float, help="peak learning rate of the one-cycle schedule")
    ap.add_argument("--batch-size", type=int, help="default: 256 for mlp, 128 for cnn")
    ap.add_argument("--data-root", default=None, help="MNIST folder (default: $MNIST_ROOT or ./data)")
    ap.add_argument("--handwriting-root", default=None,
                    help="real drawings' folder (default: $HANDWRITING_ROOT or data/handwriting)")
    ap.add_argument("--out", type=Path, default=WEIGHTS_DIR, help="where weights and metrics go")
    ap.add_argument("--limit", type=int, help="train and test on the first N digits only")
    ap.add_argument("--device", help="cpu or cuda (default: cuda when there is one)")
    ap.add_argument("--precision", choices=["auto", "fp32", "bf16"], default="auto",
                    help="bf16 autocast for training; auto: where the hardware has it natively")
    args = ap.parse_args(argv)
    print(f"MNIST from {os.path.abspath(data_root(args.data_root))}, drawings from "
          f"{handwriting_root(args.handwriting_root).resolve()}")
    r = train(args.model, args.epochs, args.seed, args.lr, args.batch_size, args.data_root, args.out,
              args.limit, args.device, args.precision, args.handwriting_root)
    print(f"{args.model}: test accuracy {r['test']['accuracy']:.4%}, {r['params']:,} parameters, "
          f"{r['train_seconds']:.0f} s on {r['machine']}")
    return r


if __name__ == "__main__":
    main()
