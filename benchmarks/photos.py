"""Photos and scans of handwritten digits, made from MNIST test digits, and how well they read.

    python benchmarks/photos.py [--n 500] [--model cnn] [--data-root ../shared/mnist]

Each case turns an MNIST test digit into a photo or scan the way people take them: dark ink on
paper, tightly cropped or with a margin, on lined or squared paper, under a shadow, with a
ballpoint, a pencil or a thick marker, or as a 16x16 postal scan enlarged. A photo reads right
when the model's answer on it equals its answer on the clean digit. Prints that fraction and the
median time of `to_mnist` per photo, for each case. tests/test_photos.py asks the same of a
sample.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mnist_demo import load_model, to_mnist  # noqa: E402

INKS = {"black": (25, 25, 35), "blue": (30, 50, 150), "red": (170, 30, 40)}
LINE_COLOURS = [(120, 160, 210), (150, 150, 150), (200, 90, 90), (110, 180, 140), (60, 60, 60)]


def _ink_mask(digit28: np.ndarray, scale: float, thicken: int = 0) -> np.ndarray:
    """An MNIST digit (28x28, ink 1) enlarged to a pen stroke with crisp edges, cropped to its
    ink box; `thicken` grows the stroke by that many pixels a side (a marker)."""
    side = max(8, round(28 * scale))
    up = np.asarray(Image.fromarray((digit28 * 255).astype(np.uint8))
                    .resize((side, side), Image.BICUBIC), np.float32) / 255
    a = np.clip((up - 0.3) * 2.5, 0, 1)  # sharpen the blur of enlarging into a pen's edge
    if thicken:
        a = np.asarray(Image.fromarray((a * 255).astype(np.uint8))
                       .filter(ImageFilter.MaxFilter(2 * thicken + 1)), np.float32) / 255
    rows, cols = np.nonzero(a > 0.3)
    return a[rows.min():rows.max() + 1, cols.min():cols.max() + 1]


def _paper(h: int, w: int, rng, colour=(245, 243, 236)) -> np.ndarray:
    """(h, w, 3) floats in [0, 1]: paper with soft uneven light."""
    yy, xx = np.mgrid[:h, :w] / max(h, w)
    gx, gy = rng.uniform(-0.12, 0.12, 2)
    light = 1 + gx * (xx - 0.5) + gy * (yy - 0.5)
    return np.clip(np.asarray(colour, np.float32) / 255 * light[..., None], 0, 1)


def _rules(paper: np.ndarray, rng, spacing: float, grid: bool) -> np.ndarray:
    """Ruled lines (and columns, for squared paper), slightly tilted as in a photo."""
    h, w, _ = paper.shape
    im = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(im)
    width = int(rng.integers(1, 4))
    tilt = np.tan(np.radians(rng.uniform(-2, 2)))
    for y in np.arange(rng.uniform(0, spacing), h + w * abs(tilt), spacing):
        d.line([(0, y - w * max(tilt, 0)), (w, y - w * max(tilt, 0) + w * tilt)], fill=255, width=width)
    if grid:
        for x in np.arange(rng.uniform(0, spacing), w + h * abs(tilt), spacing):
            d.line([(x + h * min(tilt, 0), 0), (x + h * min(tilt, 0) - h * tilt, h)], fill=255, width=width)
    line = np.asarray(im, np.float32)[..., None] / 255
    colour = np.asarray(LINE_COLOURS[rng.integers(len(LINE_COLOURS))], np.float32) / 255
    return paper * (1 - line) + line * colour * paper


def _shadow(paper: np.ndarray, rng) -> np.ndarray:
    """A hard-edged shadow (a hand or a phone) over part of the page, softened a little."""
    h, w, _ = paper.shape
    yy, xx = np.mgrid[:h, :w]
    angle = rng.uniform(0, 2 * np.pi)
    side = (xx - rng.uniform(0.2, 0.8) * w) * np.cos(angle) + (yy - rng.uniform(0.2, 0.8) * h) * np.sin(angle)
    soft = 1 / (1 + np.exp(-side / rng.uniform(1, 0.05 * max(h, w))))
    return paper * (1 - rng.uniform(0.35, 0.6) * soft)[..., None]


def compose(a: np.ndarray, rng, margin: float, ink=INKS["black"], strength=0.9, paper=None,
             lines=None, shadow=False) -> np.ndarray:
    """Ink mask `a` on paper with `margin` x its size all round -> (H, W, 3) uint8 photo."""
    h, w = a.shape
    m = round(margin * max(h, w))
    top, left = (int(rng.integers(m // 2, m + 1)) if m else 0 for _ in range(2))
    H, W = h + top + (int(rng.integers(m // 2, m + 1)) if m else 0), w + left + (
        int(rng.integers(m // 2, m + 1)) if m else 0)
    page = _paper(H, W, rng) if paper is None else paper
    if lines:
        page = _rules(page, rng, lines[0] * h, lines[1])
    if shadow:
        page = _shadow(page, rng)
    alpha = np.zeros((H, W), np.float32)
    alpha[top:top + h, left:left + w] = a * strength
    colour = np.asarray(ink, np.float32) / 255
    photo = page * (1 - alpha[..., None]) + alpha[..., None] * colour * page
    photo += rng.normal(0, 0.015, photo.shape)  # sensor grain
    return (np.clip(photo, 0, 1) * 255).round().astype(np.uint8)


def _jpeg(photo: np.ndarray, quality: int) -> Image.Image:
    import io

    buf = io.BytesIO()
    Image.fromarray(photo).save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def _postal(digit28: np.ndarray, rng) -> Image.Image:
    """A 16x16 grey scan of a tightly boxed digit, as postal-code sets store them, enlarged."""
    a = _ink_mask(digit28, 2)
    h, w = a.shape
    s = 16 / max(h, w)
    small = Image.fromarray((a * 255).astype(np.uint8)).resize(
        (max(1, round(w * s)), max(1, round(h * s))), Image.BOX)
    box = Image.new("L", (16, 16), 0)
    box.paste(small, ((16 - small.width) // 2, (16 - small.height) // 2))
    k = int(rng.integers(4, 17))
    big = box.resize((16 * k, 16 * k), (Image.NEAREST, Image.BILINEAR)[int(rng.integers(2))])
    return Image.eval(big, lambda v: 255 - v) if rng.random() < 0.5 else big


def photo(case: str, digit28: np.ndarray, rng: np.random.Generator):
    """One photo (PIL image or uint8 array) of the 28x28 MNIST digit, for `case` in CASES."""
    scale = rng.uniform(3, 10)
    if case == "margin":
        return compose(_ink_mask(digit28, scale), rng, rng.uniform(0.2, 0.8))
    if case == "tight":
        return compose(_ink_mask(digit28, scale, int(rng.integers(0, 3))), rng, 0)
    if case == "tight-marker":
        return compose(_ink_mask(digit28, scale, round(scale * rng.uniform(0.5, 1))), rng, 0)
    if case == "postal-16":
        return _postal(digit28, rng)
    if case == "lined":
        return compose(_ink_mask(digit28, scale), rng, rng.uniform(0.2, 0.8),
                        lines=(rng.uniform(0.7, 1.3), False))
    if case == "grid":
        return compose(_ink_mask(digit28, scale), rng, rng.uniform(0.2, 0.8),
                        lines=(rng.uniform(0.3, 0.6), True))
    if case == "shadow":
        return compose(_ink_mask(digit28, scale), rng, rng.uniform(0.2, 0.8), shadow=True)
    if case == "pen-pencil-jpeg":
        kind = rng.integers(4)
        if kind == 3:  # pencil: grey, faint
            return compose(_ink_mask(digit28, scale), rng, rng.uniform(0.2, 0.8),
                            ink=(90, 90, 90), strength=rng.uniform(0.45, 0.7))
        ink = list(INKS.values())[kind]
        return _jpeg(compose(_ink_mask(digit28, scale), rng, rng.uniform(0.2, 0.8), ink=ink),
                     int(rng.integers(8, 30)))
    raise ValueError(f"unknown case {case!r}: choose one of {CASES}")


CASES = ("margin", "tight", "tight-marker", "postal-16", "lined", "grid", "shadow",
         "pen-pencil-jpeg")


def agreement(net, digits: np.ndarray, case: str, seed: int = 0) -> tuple[float, list[float], list]:
    """Fraction of `digits` (N, 28, 28) whose photo gets the model's answer on the clean digit,
    the seconds to_mnist took per photo, and the (photo, 28x28, clean answer, answer) misses."""
    rng = np.random.default_rng(seed)
    clean = net.predict_proba(digits).argmax(1)
    same, times, misses = 0, [], []
    for d, ref in zip(digits, clean):
        p = photo(case, d, rng)
        t = time.perf_counter()
        try:
            x = to_mnist(p)
        except ValueError:  # "no digit found" in a photo of one is a miss too
            x = None
        times.append(time.perf_counter() - t)
        got = -1 if x is None else net.predict_proba(x).argmax()
        same += got == ref
        if got != ref:
            misses.append((p, x, int(ref), int(got)))
    return same / len(digits), times, misses


def main():
    from mnist_demo.data import load_mnist

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=500, help="MNIST test digits per case")
    ap.add_argument("--model", default="cnn")
    ap.add_argument("--cases", nargs="+", default=list(CASES))
    ap.add_argument("--data-root", default=None, help="MNIST folder (default: $MNIST_ROOT or ./data)")
    args = ap.parse_args()
    net = load_model(args.model)
    x, _ = load_mnist(args.data_root, train=False)
    # digits 5000 onwards: the tests sample the first 5000
    digits = x[5000:5000 + args.n, 0].numpy()
    print(f"{'case':<18}{'read right':>11}{'ms/photo':>10}   ({args.model}, {args.n} MNIST test digits each)")
    for case in args.cases:
        acc, times, _ = agreement(net, digits, case)
        print(f"{case:<18}{acc:>10.1%}{statistics.median(times) * 1000:>10.1f}", flush=True)


if __name__ == "__main__":
    main()
