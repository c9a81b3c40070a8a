"""How the Number tab reads written numbers: 2- to 6-digit numbers composed from one writer's
real pen digits (mnist_demo.handwriting.compose: the wide pad's brush, gaps, baseline drift,
size changes, a fifth of the neighbours touching), read by mnist_demo.number.read_number.

    python benchmarks/written_numbers.py [--handwriting-root ../shared/handwriting] [--numbers 200]
                                 [--writers held-out|training] [--paper pad|plain|lined|squared]

Prints, per model and number length: whole numbers read right, digit count right, digits right
(in numbers whose count is right), touching pairs read right (count right and both digits
right), and the time per number (one torch thread, as the server runs); writes a sheet of
misread numbers to artifacts/numbers_<model>.png. Held-out writers (21-30) by default: no
model was trained on them and the segmentation was tuned on the training writers only.
With --paper other than pad, each number is read from a photo of it written in dark ink on
paper (benchmarks/photos.py's paper, uneven light, grain and JPEG): plain, ruled (lines 0.9
digit heights apart) or squared (0.45 apart, a shadow over half of them); the Upload tab.
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import photos  # noqa: E402
from mnist_demo import load_model  # noqa: E402
from mnist_demo.handwriting import HELD_OUT_WRITERS, by_writer, compose, load, one_writer  # noqa: E402
from mnist_demo.novelty import load_novelty  # noqa: E402
from mnist_demo.number import number_text, read_number  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

LENGTHS = range(2, 7)
PAPER = {"plain": {}, "lined": {"lines": (0.9, False)}, "squared": {"lines": (0.45, True)}}


def photographed(image: np.ndarray, paper: str, seed) -> Image.Image:
    """A number written on the pad (black on white), as a photo of it on `paper`."""
    a = 1 - image.astype(np.float32) / 255
    rows, cols = np.nonzero(a > 0.3)
    rng = np.random.default_rng(seed)
    shadow = paper == "squared" and rng.random() < 0.5
    return photos._jpeg(photos.compose(a[rows.min():rows.max() + 1, cols.min():cols.max() + 1],
                                       rng, 0.15, shadow=shadow, **PAPER[paper]), 85)


def numbers(records: list[dict], count: int, seed: int = 0):
    """`count` numbers of each length in LENGTHS: (length, Number), each of one writer's digits."""
    writers = by_writer(records)
    for n in LENGTHS:
        for k in range(count):
            yield n, compose(one_writer(writers, n, (seed, n, k)), (seed, n, k, 1))


def sheet(path: Path, misread: list, most: int = 24) -> None:
    """The first misread numbers: the drawing, what was read and the truth."""
    rows = misread[:most]
    w, h = 450, 150
    out = Image.new("RGB", (2 * w, max(1, -(-len(rows) // 2)) * (h + 18)), "white")
    d = ImageDraw.Draw(out)
    for k, (image, truth, read) in enumerate(rows):
        x, y = (k % 2) * w, (k // 2) * (h + 18)
        out.paste(Image.fromarray(image).resize((w, h)), (x, y))
        d.text((x + 4, y + h + 2), f"{truth} read as {read}", fill="red")
    path.parent.mkdir(exist_ok=True)
    out.save(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--handwriting-root", default=None,
                    help="folder of the stroke files (default: $HANDWRITING_ROOT or ./data/handwriting)")
    ap.add_argument("--numbers", type=int, default=200, help="numbers of each length")
    ap.add_argument("--writers", choices=["held-out", "training"], default="held-out")
    ap.add_argument("--models", nargs="+", default=["cnn", "mlp"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--paper", choices=["pad", *PAPER], default="pad",
                    help="read the pad's drawing (default), or a photo of it on this paper")
    args = ap.parse_args()
    torch.set_num_threads(1)
    held_out = args.writers == "held-out"
    records = [r for r in load("digits", args.handwriting_root)
               if (r["writer"] in HELD_OUT_WRITERS) == held_out]
    drawn = list(numbers(records, args.numbers, args.seed))
    if args.paper != "pad":
        drawn = [(n, num._replace(image=np.asarray(photographed(num.image, args.paper, (args.seed, k)))))
                 for k, (n, num) in enumerate(drawn)]
    touching = sum(sum(num.touching) for _, num in drawn)
    pairs = sum(n - 1 for n, _ in drawn)
    print(f"{len(drawn)} numbers ({args.numbers} of each length {LENGTHS.start}-{LENGTHS.stop - 1}) "
          f"from the {args.writers} writers' pen digits; {touching} of {pairs} neighbour pairs touch"
          + ("" if args.paper == "pad" else f"; photographed on {args.paper} paper"))
    for name in args.models:
        net, stats = load_model(name), load_novelty(name)
        read_number(drawn[0][1].image, net, stats)  # warm up
        rows, misread = {}, []
        for n, num in drawn:
            t = time.perf_counter()
            digits = read_number(num.image, net, stats)
            ms = 1000 * (time.perf_counter() - t)
            truth, read = "".join(map(str, num.labels)), number_text(digits)
            r = rows.setdefault(n, {"right": 0, "count": 0, "digits": 0, "of": 0, "pairs": 0,
                                    "touch": 0, "ms": []})
            r["right"] += read == truth
            r["count"] += len(read) == n
            if len(read) == n:
                r["digits"] += sum(a == b for a, b in zip(read, truth))
            r["of"] += n
            for i, t in enumerate(num.touching):
                if t:
                    r["touch"] += 1
                    r["pairs"] += len(read) == n and read[i:i + 2] == truth[i:i + 2]
            r["ms"].append(ms)
            if read != truth:
                misread.append((num.image, truth, read))
        print(f"\n{name.upper()}: {'digits':>6} {'whole right':>12} {'count right':>12} "
              f"{'digits right':>13} {'touching pairs right':>21} {'ms median':>10} {'ms p95':>7}")
        total = {"right": 0, "count": 0, "n": 0}
        for n, r in rows.items():
            k = args.numbers
            total["right"] += r["right"]
            total["count"] += r["count"]
            total["n"] += k
            pair = f"{r['pairs'] / r['touch']:.1%} of {r['touch']}" if r["touch"] else "-"
            print(f"{'':5}{n:>6} {r['right'] / k:>12.1%} {r['count'] / k:>12.1%} "
                  f"{r['digits'] / max(1, r['of']):>13.1%} {pair:>21} "
                  f"{np.median(r['ms']):>10.1f} {np.percentile(r['ms'], 95):>7.1f}")
        pairs_right = sum(r["pairs"] for r in rows.values())
        print(f"{'':5}{'all':>6} {total['right'] / total['n']:>12.1%} "
              f"{total['count'] / total['n']:>12.1%} {'':>13} "
              f"{pairs_right / max(1, touching):>14.1%} of {touching}")
        path = ROOT / "artifacts" / f"numbers_{name}.png"
        sheet(path, misread)
        print(f"     {len(misread)} misread numbers; the first {min(24, len(misread))} in {path}")


if __name__ == "__main__":
    main()
