"""Real drawings as stroke trajectories, drawn the way the app's Sketchpad draws them.

- Pen digits: UCI "Pen-Based Recognition of Handwritten Digits" (E. Alpaydin, F. Alimoglu,
  Bogazici University, 1998; CC BY 4.0), 30 writers on a WACOM tablet.
- Doodles: Google Creative Lab's "Quick, Draw!" data set (CC BY 4.0), 298 categories, none of
  them digits.

Files: `pendigits_train.jsonl.gz` and `quickdraw_dev.jsonl.gz`, one JSON object a line with
`strokes` (lists of [x, y] points, y growing upward) and `label`, in a folder given by a flag,
else $HANDWRITING_ROOT, else the copy the repository ships in data/handwriting/ (its README names
sources and licences). Writers and doodle categories are split once and for all: training may
use the rest, measurements use only the held-out ones.
"""
import gzip
import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "data" / "handwriting"  # in the repo
FILES = {"digits": "pendigits_train.jsonl.gz", "doodles": "quickdraw_dev.jsonl.gz"}
HELD_OUT_WRITERS = frozenset(range(21, 31))  # writers 1-20 may train; 21-30 only measure
CANVAS = 400  # the app's Sketchpad, in pixels
PAD = (900, 300)  # the Number tab's wide Sketchpad, (width, height) in pixels


def handwriting_root(root: str | None = None) -> Path:
    """The folder with the stroke files: the argument, else $HANDWRITING_ROOT, else the default."""
    return Path(root or os.environ.get("HANDWRITING_ROOT") or DEFAULT_ROOT)


def load(kind: str, root: str | None = None) -> list[dict]:
    """Every record of "digits" or "doodles"; FileNotFoundError says where they go."""
    path = handwriting_root(root) / FILES[kind]
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: put {FILES[kind]} there (see README, 'Real drawings'), or point "
            f"--handwriting-root / $HANDWRITING_ROOT at the folder that holds it")
    with gzip.open(path, "rt") as f:
        return [json.loads(line) for line in f]


# Doodle categories that are drawn much like a digit (a ball or a pond like a 0, a pencil or a
# nail like a 1, a peanut or a snowman like an 8, a spoon or a racquet like a 9, a boomerang like
# a 7): not taught as "not a digit", and not counted among the clear doodles.
DIGIT_LIKE = frozenset({
    "baseball", "basketball", "blackberry", "blueberry", "bottlecap", "bracelet", "cookie",
    "hockey puck", "onion", "peas", "pond", "pool", "potato", "soccer ball", "wheel",
    "watermelon", "baseball bat", "crayon", "marker", "nail", "pencil", "string bean",
    "lipstick", "boomerang", "elbow", "banana", "peanut", "snowman", "hourglass", "spoon",
    "frying pan", "tennis racquet", "ear", "pear"})


def held_out_category(label: str) -> bool:
    """A quarter of the doodle categories, fixed by name, are kept for measuring only."""
    return sum(label.encode()) % 4 == 3


def split(records: list[dict], held_out: bool) -> list[dict]:
    """The training (False) or held-out (True) part of digits (by writer) or of the clear
    doodles (by category; DIGIT_LIKE ones in neither)."""
    return [r for r in records if (r["writer"] in HELD_OUT_WRITERS if "writer" in r
                                   else held_out_category(r["label"])) == held_out
            and r["label"] not in DIGIT_LIKE]


def render(strokes: list, rng: np.random.Generator | tuple, canvas: int = CANVAS,
           high: tuple[float, float] = (0.3, 0.9), width: float | None = None) -> np.ndarray:
    """Strokes drawn as a person draws them on the Sketchpad: a round brush of a random width
    (4-30 px; or `width`), the drawing 30-90% (`high`) of the canvas high at a random place,
    black on white. Returns (canvas, canvas) uint8. `rng` may be a seed tuple."""
    rng = np.random.default_rng(rng)
    pts = [np.asarray(s, np.float32).reshape(-1, 2) for s in strokes if len(s)]
    allp = np.concatenate(pts)
    lo, hi = allp.min(0), allp.max(0)
    extent = np.maximum(hi - lo, 1)
    width = width or float(rng.uniform(4, 30))
    scale = rng.uniform(*high) * (canvas - width) / extent.max()
    size = extent * scale
    room = np.maximum(canvas - width - size, 0)
    corner = width / 2 + rng.uniform(0, 1, 2) * room
    xy = [np.column_stack([corner[0] + (q[:, 0] - lo[0]) * scale,
                           corner[1] + (hi[1] - q[:, 1]) * scale]) for q in pts]  # y grows upward
    return draw(xy, width, (canvas, canvas))


def along(stroke: np.ndarray, count: int | None = None, every: float | None = None) -> np.ndarray:
    """A stroke ((N, 2) points) resampled at `count` points evenly spaced along its length, or
    one every `every` units of length (at least 2), straight between its own points."""
    t = np.concatenate([[0], np.cumsum(np.linalg.norm(np.diff(stroke, axis=0), axis=1))])
    if count is None:
        count = max(2, int(t[-1] / every) + 1)
    u = np.linspace(0, t[-1], count)
    return np.column_stack([np.interp(u, t, stroke[:, 0]), np.interp(u, t, stroke[:, 1])])


def draw(strokes: list[np.ndarray], width: float, size: tuple[int, int]) -> np.ndarray:
    """Strokes ((N, 2) x, y in pixels, y down) drawn with a round brush `width` px wide on a white
    (width, height) `size` canvas: (height, width) uint8, black on white."""
    im = Image.new("L", size, 255)
    d = ImageDraw.Draw(im)
    r = width / 2
    for s in strokes:
        line = [tuple(p) for p in s]
        if len(line) > 1:
            d.line(line, fill=0, width=max(1, round(width)), joint="curve")
        for x, y in line[:1] + line[-1:]:  # round caps, as a brush leaves them
            d.ellipse((x - r, y - r, x + r, y + r), fill=0)
    return np.asarray(im)


class Number(NamedTuple):
    """A number written on the wide pad: the drawing, and what is known of each digit in it."""
    image: np.ndarray      # (height, width) uint8, black on white
    labels: list[int]      # the digits, left to right
    masks: np.ndarray      # (n, height, width) bool: each digit's own ink
    touching: list[bool]   # digit i's ink touches digit i + 1's


def compose(records: list[dict], rng, touch: float = 0.2, size: tuple[int, int] = PAD) -> Number:
    """One writer's digits (`records`, left to right) written as a number on the wide pad, as
    people write one: a round brush 5-16 px wide, digits 35-75% of the pad high (each within
    15% of the others), gaps of 0.1-0.5 digit heights, a baseline that drifts (a slope within
    6 degrees, each digit up to 5% of its height off it), all at a random place. With
    probability `touch` a digit is slid left until its ink touches the digits before it, then
    pressed 0-3 px into them (unless they do not meet within 0.15 digit heights past the gap).
    `rng` may be a seed tuple."""
    rng = np.random.default_rng(rng)
    w, h = size
    brush = float(rng.uniform(5, 16))
    digits = []  # each digit about 1 high, x from its left edge, y up from its bottom
    for r in records:
        pts = [np.asarray(q, np.float32).reshape(-1, 2) for q in r["strokes"] if len(q)]
        lo, hi = np.concatenate(pts).min(0), np.concatenate(pts).max(0)
        k = rng.uniform(0.85, 1.15) / max(hi[1] - lo[1], 1)
        digits.append([(q - lo) * k for q in pts])
    gaps = rng.uniform(0.1, 0.5, len(digits) - 1)
    span = sum(max(q[:, 0].max() for q in d) for d in digits) + gaps.sum()  # in digit heights
    height = min(rng.uniform(0.35, 0.75) * h, (w - (len(digits) + 2) * brush) / span)
    room = h - 2 * brush - 1.2 * height  # for the baseline to wander in
    slope = float(np.clip(np.tan(np.radians(rng.uniform(-6, 6))), -room / (span * height),
                          room / (span * height)))
    drop = slope * span * height
    bottom = brush + 1.2 * height + max(0.0, -drop)
    y0 = float(rng.uniform(bottom, max(bottom, h - brush - max(0.0, drop))))
    x = float(rng.uniform(brush, max(brush, w - (len(digits) + 1) * brush - span * height)))
    start = x
    images, masks, touching = [], [], []
    for i, d in enumerate(digits):
        base = y0 + slope * (x - start) + rng.uniform(-0.05, 0.05) * height
        strokes = [np.column_stack([x + q[:, 0] * height, base - q[:, 1] * height]) for q in d]
        im = draw(strokes, brush, size)
        mask = im < 128
        if i and rng.random() < touch:  # slide left until the inks touch, then press in
            near = ndimage.binary_dilation(np.any(masks, axis=0), np.ones((3, 3), bool))
            most = int((gaps[i - 1] + 0.15) * height)  # digits that do not meet stay apart
            shift = next((s for s in range(most) if (mask[:, s:] & near[:, :w - s]).any()), None)
            if shift is not None:
                shift += int(rng.integers(0, 4))
                im = draw([q - [shift, 0] for q in strokes], brush, size)
                mask = im < 128
        if i:
            touching.append(bool((ndimage.binary_dilation(masks[-1], np.ones((3, 3), bool))
                                  & mask).any()))
        images.append(im)
        masks.append(mask)
        if i < len(gaps):  # the next digit's strokes start one gap past this one's ink
            cols = np.flatnonzero(mask.any(0))
            x = float(cols.max() if cols.size else x) + gaps[i] * height + brush / 2
    return Number(np.min(images, axis=0), [int(r["label"]) for r in records], np.stack(masks),
                  touching)


def _seen(job: tuple):
    from .preprocess import EmptyImageError, seen

    strokes, seed, pen = job
    try:
        return seen(render(strokes, seed, **pen))
    except EmptyImageError:
        return None


def by_writer(records: list[dict], least: int = 1) -> list[list[dict]]:
    """The pen digits grouped by writer, in writer order: the writers with at least `least`."""
    groups = {}
    for r in records:
        groups.setdefault(r["writer"], []).append(r)
    return [groups[w] for w in sorted(groups) if len(groups[w]) >= least]


def one_writer(writers: list[list[dict]], n: int, rng) -> list[dict]:
    """`n` different digits of one writer (`writers` as by_writer gives them), picked at random.
    `rng` may be a seed tuple."""
    rng = np.random.default_rng(rng)
    mine = writers[rng.integers(len(writers))]
    return [mine[i] for i in rng.choice(len(mine), n, replace=False)]


def _each(fn, jobs: list, workers: int | None = None) -> list:
    """[fn(job) for job in jobs], in `workers` processes (default: one a core) when there are many."""
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(jobs) > 500:
        with ProcessPoolExecutor(workers) as pool:
            return list(pool.map(fn, jobs, chunksize=64))
    return [fn(j) for j in jobs]


def _pair(job: tuple) -> np.ndarray | None:
    from .preprocess import EmptyImageError, to_mnist

    records, seed = job
    try:
        return to_mnist(compose(records, seed, touch=1.0).image)
    except EmptyImageError:
        return None


def pairs(records: list[dict], count: int, seed: int = 0, workers: int | None = None) -> np.ndarray:
    """`count` pairs of one writer's digits written side by side on the wide pad as compose
    writes them, the second slid until it touches the first where they come that close, each
    pair read whole by to_mnist: (count, 28, 28) float32. What the Number tab must never take for
    one digit (a joined "44" is not a 4), to train the network to be unsure of it."""
    writers = by_writer(records, least=2)
    jobs = [(one_writer(writers, 2, (seed, k)), (seed, k, 1)) for k in range(count if writers else 0)]
    seen = [x for x in _each(_pair, jobs, workers) if x is not None]
    return np.stack(seen) if seen else np.zeros((0, 28, 28), np.float32)


def drawn(records: list[dict], renders: int = 1, seed: int = 0, workers: int | None = None,
          pen: dict | None = None, thick: bool = False, sides: bool = False):
    """Each record drawn `renders` times (`pen`: render's `high` and `width`, else its random
    ones) and read by to_mnist, in parallel processes; a drawing to_mnist finds empty (a dot) is
    left out.

    Returns (N, 28, 28) float32, the N labels, and the N render seeds (render(strokes, seed)
    redraws one); with `thick`, also the N drawings' thicknesses, and with `sides` their sides
    (preprocess.seen). A drawing depends only on (seed, record index, render): the same result
    whatever the number of processes."""
    jobs = [(r["strokes"], (seed, i, k), pen or {})
            for i, r in enumerate(records) for k in range(renders)]
    seen = _each(_seen, jobs, workers)
    keep = [n for n, x in enumerate(seen) if x is not None]
    labels = [records[jobs[n][1][1]]["label"] for n in keep]
    x = np.stack([seen[n].x for n in keep]) if keep else np.zeros((0, 28, 28), np.float32)
    out = x, labels, [jobs[n][1] for n in keep]
    for wanted, field in ((thick, "thickness"), (sides, "sides")):
        if wanted:
            out += (np.array([getattr(seen[n], field) for n in keep]),)
    return out
