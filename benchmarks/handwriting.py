"""How the app reads what people really draw: held-out writers' pen digits, held-out doodle
categories and letters of held-out fonts (mnist_demo/letters.py), drawn as the Sketchpad draws
them, through to_mnist + predict_proba + the doodle check; and a second validation set, the
held-out writers' digits in the held-out ranges of other hands' styles, beside held-out polygons
and round things drawn round the held-out writers' 0s (mnist_demo/styles.py).

    python benchmarks/handwriting.py [--handwriting-root ../shared/handwriting] [--renders 1]

Prints, per model: right and not called a doodle, real digits called "not a digit", wrong and
at least 90% sure, doodles answered as a digit (not flagged, at least 60% sure, and not one
closed loop of straight sides, which the app asks about: preprocess.sides), letters answered
as a digit (the same), two touching digits of one held-out writer answered as one digit (the
same), and per-digit accuracy; then the same for the second set, with polygons and round things
drawn round the held-out writers' 0s (clocks, smileys, apples, suns, clouds, keys) answered as a
digit and, per style, the share right and the share flagged (and the share flagged of the styles
hands write: all but the sparse sampling of a slow device, and the share asked about for
straight sides); then the same for the held-out
writers' digits drawn small (40-80 px high in the app's brush), with how many doubtful answers
say to draw it bigger (preprocess.THICK). Writes sheets of the failures to
artifacts/handwriting_<model>.png and artifacts/styles_<model>.png.
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from mnist_demo import load_model  # noqa: E402
from mnist_demo.display import SURE  # noqa: E402
from mnist_demo.handwriting import drawn, load, pairs, render, split  # noqa: E402
from mnist_demo.letters import letters  # noqa: E402
from mnist_demo.novelty import classify, load_novelty  # noqa: E402
from mnist_demo.preprocess import THICK  # noqa: E402
from mnist_demo.styles import THINGS, polygons, styled, things  # noqa: E402


POLYGONS = 1000  # held-out closed polygons (hexagons, octagons)
THINGS_DRAWN = 1200  # round things (clocks, smileys, ...) drawn round held-out writers' 0s
PAIRS = 2000  # touching pairs of two held-out digits, written as on the Number tab's pad
LETTER_COPIES = 20  # written copies of each held-out letter in each held-out font
SMALL = {"high": (0.1, 0.2), "width": 18}  # digits 40-80 px high in the app's brush (BRUSH = 9)


def answers(net, stats, x: np.ndarray):
    """The app's answer for each input: probabilities and the doodle flag."""
    return classify(net, stats, x)


def scores(p: np.ndarray, flagged: np.ndarray, y: np.ndarray) -> dict:
    """The figures for real digits (labels y)."""
    pred, conf = p.argmax(1), p.max(1)
    right = (pred == y) & ~flagged
    return {"right": right.mean(), "flagged": flagged.mean(),
            "sure_wrong": ((pred != y) & ~flagged & (conf >= 0.9)).mean(),
            "per_class": [right[y == d].mean() for d in range(10)]}


def small(records):
    """Each record drawn SMALL and read as the app reads it: the 28x28s, labels and whether
    each is thick for its size (preprocess.THICK), and how many were refused as a dot."""
    x, labels, _, thickness = drawn(records, seed=5, pen=SMALL, thick=True)
    return x, np.asarray(labels), thickness > THICK, len(records) - len(labels)


def doodles_as_digits(p: np.ndarray, flagged: np.ndarray, sides: np.ndarray | None = None) -> float:
    """The share the app answers as a digit: not flagged, at least SURE, and (where the drawings'
    `sides` are known) not one closed loop of straight sides, which it asks about instead."""
    plain = np.ones(len(p), bool) if sides is None else sides == 0
    return float((~flagged & (p.max(1) >= SURE) & plain).mean())


def failure_sheet(path: Path, records, seeds, x, y, p, flagged, n: int = 48) -> None:
    """Up to n failures: the drawing, what the model saw, and the answer."""
    bad = np.flatnonzero((p.argmax(1) != y) | flagged)[:n]
    tile = 112
    sheet = Image.new("RGB", (8 * 2 * tile, max(1, -(-len(bad) // 8)) * (tile + 16)), "white")
    d = ImageDraw.Draw(sheet)
    for k, i in enumerate(bad):
        col, row = k % 8, k // 8
        canvas = render(records[seeds[i][1]]["strokes"], seeds[i])
        sheet.paste(Image.fromarray(canvas).resize((tile, tile)), (2 * tile * col, row * (tile + 16)))
        seen = Image.fromarray((x[i] * 255).astype(np.uint8)).resize((tile, tile), Image.NEAREST)
        sheet.paste(seen, (2 * tile * col + tile, row * (tile + 16)))
        answer = "doodle?" if flagged[i] else f"{p[i].argmax()} {p[i].max():.0%}"
        d.text((2 * tile * col + 4, row * (tile + 16) + tile), f"{y[i]} -> {answer}", fill="red")
    path.parent.mkdir(exist_ok=True)
    sheet.save(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--handwriting-root", default=None,
                    help="folder of the stroke files (default: $HANDWRITING_ROOT or ./data/handwriting)")
    ap.add_argument("--renders", type=int, default=1, help="drawings of each record")
    ap.add_argument("--models", nargs="+", default=["cnn", "mlp"])
    args = ap.parse_args()
    t = time.perf_counter()
    digits = split(load("digits", args.handwriting_root), held_out=True)
    doodles = split(load("doodles", args.handwriting_root), held_out=True)
    xd, yd, seeds = drawn(digits, args.renders)
    xo, _, _, so = drawn(doodles, args.renders, seed=1, sides=True)
    written = letters(held_out=True, copies=LETTER_COPIES * args.renders, seed=1)
    xl, _, _, sl = drawn(written, seed=2, sides=True)
    xp = pairs(digits, PAIRS, seed=1)
    worlds = styled(digits, held_out=True, seed=1)  # the second validation set
    xs, ys, sseeds, sides2 = drawn(worlds, args.renders, seed=3, sides=True)
    xg, _, _, sg = drawn(polygons(POLYGONS, held_out=True, seed=1), seed=4, sides=True)
    xt, kind, _, st = drawn(things([r for r in digits if r["label"] == 0], THINGS_DRAWN, seed=1),
                            seed=5, sides=True)
    kind = np.asarray(kind)
    xm, ym, thick, dots = small(digits)  # small drawings, a broad pen for them
    yd, ys = np.asarray(yd), np.asarray(ys)
    style_of = np.array([worlds[s[1]]["style"] for s in sseeds])
    print(f"{len(yd)} drawings of held-out writers' digits, {len(xo)} held-out doodles "
          f"({len({r['label'] for r in doodles})} categories), {len(xl)} letters "
          f"({''.join(sorted({r['label'] for r in written}))} in "
          f"{', '.join(sorted({r['font'] for r in written}))}), {len(xp)} touching pairs of the "
          f"held-out writers' digits, {len(xs)} of them in held-out styles and {len(xg)}"
          f" held-out polygons ({', '.join(sorted({r['label'] for r in polygons(50, True)}))}), "
          f"{len(xt)} round things drawn round their 0s ({', '.join(THINGS)}), "
          f"drawn in {time.perf_counter() - t:.0f} s")
    print(f"{'model':<6}{'right':>8}{'flagged':>9}{'sure+wrong':>11}{'doodles as digits':>19}"
          f"{'letters as digits':>19}{'pairs as one digit':>20}   per digit (right, not flagged)")
    for name in args.models:
        net, stats = load_model(name), load_novelty(name)
        p, flagged = answers(net, stats, xd)
        s = scores(p, flagged, yd)
        po, fo = answers(net, stats, xo)
        per = " ".join(f"{d}:{a:.0%}" for d, a in enumerate(s["per_class"]))
        print(f"{name.upper():<6}{s['right']:>8.1%}{s['flagged']:>9.1%}{s['sure_wrong']:>11.1%}"
              f"{doodles_as_digits(po, fo, so):>19.1%}"
              f"{doodles_as_digits(*answers(net, stats, xl), sl):>19.1%}"
              f"{doodles_as_digits(*answers(net, stats, xp)):>20.1%}"
              f"   {per}")
        failure_sheet(ROOT / "artifacts" / f"handwriting_{name}.png", digits, seeds, xd, yd, p, flagged)
        ps, fs = answers(net, stats, xs)
        ss = scores(ps, fs, ys)
        kinds = " ".join(f"{k}:{(((ps.argmax(1) == ys) & ~fs)[style_of == k]).mean():.0%}"
                         f"/{fs[style_of == k].mean():.0%}" for k in sorted(set(style_of)))
        hands = fs[style_of != "sparse"].mean()  # the styles hands write, not a slow device's
        pt, ft = answers(net, stats, xt)
        each = " ".join(f"{k}:{doodles_as_digits(pt[kind == k], ft[kind == k], st[kind == k]):.0%}"
                        for k in THINGS)
        print(f"{'':<6}{ss['right']:>8.1%}{ss['flagged']:>9.1%}{ss['sure_wrong']:>11.1%}"
              f"{doodles_as_digits(*answers(net, stats, xg), sg):>19.1%}"
              f"{doodles_as_digits(pt, ft, st):>19.1%}{'':>20}"
              f"   held-out styles (right/flagged): {kinds}; the hands' styles (all but sparse) "
              f"flagged {hands:.1%}; asked about for straight sides {(sides2 > 0).mean():.1%} "
              f"({(sides2 > 0)[ys == 0].mean():.1%} of 0s); under doodles and letters: "
              f"polygons and round things answered as a digit ({each})")
        failure_sheet(ROOT / "artifacts" / f"styles_{name}.png", worlds, sseeds, xs, ys, ps, fs)
        pm, fm = answers(net, stats, xm)
        sm = scores(pm, fm, ym)
        doubt = fm | (pm.max(1) < SURE)
        print(f"{'':<6}{sm['right']:>8.1%}{sm['flagged']:>9.1%}{sm['sure_wrong']:>11.1%}"
              f"{'':>19}{'':>19}{'':>20}   the same digits 40-80 px high in the app's 18 px brush: "
              f"{doubt.mean():.1%} doubtful (flagged or under {SURE:.0%}), {(doubt & thick).sum()}"
              f" of those {doubt.sum()} told to draw it bigger, {(thick & ~doubt).mean():.1%} "
              f"thick but read without doubt; {dots} more refused as a dot")
    print("failure sheets: artifacts/handwriting_<model>.png, artifacts/styles_<model>.png")


if __name__ == "__main__":
    main()
