"""Does teaching help a stranger? For each held-out writer (writers 21-30 of the real pen digits,
whom no model trained on), teach the model 2 drawings of each digit (mnist_demo.teach.adapt) and
measure that writer's other drawings before and after, and the taught copy on the MNIST test set.

    python benchmarks/teach.py [--model cnn] [--per-digit 2] [--renders 2] [--seed 0] [--hands]

--hands: the same writers as strangers whose hand the models never saw (teaching's numbers were
chosen on --seed 0 of these and of the plain writers only): each writes each of 0, 1, 4, 7, 8
and 9 in one held-out style of mnist_demo/styles.py (a 0 slashed either way or wide, a footed, flagged or bowed 1, an open 4, a crossed 7, a lopsided 8, a 9
with an angular loop), the same style, the same way round, in all their drawings of it.

Each record is drawn --renders times as a person draws on the pad (mnist_demo.handwriting), read
by to_mnist; the taught drawings are whole records (none of their renders is measured).
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mnist_demo import load_model  # noqa: E402
from mnist_demo.data import load_mnist  # noqa: E402
from mnist_demo.handwriting import by_writer, drawn, load, split  # noqa: E402
from mnist_demo.styles import hands  # noqa: E402
from mnist_demo.teach import adapt  # noqa: E402


def mnist_accuracy(net, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.concatenate([net.predict_proba(x[i:i + 2000]).argmax(1)
                                         for i in range(0, len(x), 2000)]) == y))


def lessons(writers, per_digit: int, renders: int, rng):
    """For each writer (handwriting.by_writer): their records, the drawings taught (per_digit
    records of each digit, picked by rng, drawn once) and the others (each drawn `renders`
    times), as (records, (x, digits), (x, digits))."""
    for records in writers:
        taught = []
        for d in range(10):
            mine = [i for i, r in enumerate(records) if r["label"] == d]
            taught += list(rng.choice(mine, size=min(per_digit, len(mine)), replace=False))
        rest = [r for i, r in enumerate(records) if i not in set(taught)]
        xt, yt, _ = drawn([records[i] for i in taught], 1, seed=1)
        xe, ye, _ = drawn(rest, renders, seed=2)
        yield records, (xt, yt), (xe, np.asarray(ye))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="cnn", choices=["cnn", "mlp"])
    ap.add_argument("--per-digit", type=int, default=2)
    ap.add_argument("--renders", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0, help="which drawings each writer teaches")
    ap.add_argument("--hands", action="store_true",
                    help="each writer writes 0, 1, 4, 7, 8, 9 in a held-out style of their own")
    ap.add_argument("--data-root", default=None, help="MNIST (default $MNIST_ROOT or ./data)")
    ap.add_argument("--handwriting-root", default=None)
    args = ap.parse_args()
    net = load_model(args.model)
    xm, ym = load_mnist(args.data_root, train=False)
    xm, ym = xm[:, 0].numpy(), ym.numpy()
    base = mnist_accuracy(net, xm, ym)
    rng = np.random.default_rng(args.seed)
    pens = split(load("digits", args.handwriting_root), held_out=True)
    writers = by_writer(hands(pens, seed=args.seed) if args.hands else pens)
    print(f"{args.model.upper()}: {args.per_digit} drawings of each digit taught"
          f"{', writers in hands of their own' if args.hands else ''}; MNIST test before: {base:.2%}")
    print("| writer | taught | measured | wrong before | wrong after | MNIST test after | "
          "seconds |")
    print("|---|---|---|---|---|---|---|")
    rows = []
    for records, (xt, yt), (xe, ye) in lessons(writers, args.per_digit, args.renders, rng):
        start = time.perf_counter()
        personal = adapt(net, xt, yt)
        seconds = time.perf_counter() - start
        before = int((net.predict_proba(xe).argmax(1) != ye).sum())
        after = int((personal.predict_proba(xe).argmax(1) != ye).sum())
        mnist = mnist_accuracy(personal, xm, ym)
        writer = records[0]["writer"]
        rows.append((before, after, mnist, seconds))
        hand = " (" + ", ".join(f"{d} {r['style']}" for d, r in sorted(
            {r["label"]: r for r in records if "style" in r}.items())) + ")" if args.hands else ""
        print(f"| {writer}{hand} | {len(xt)} | {len(ye)} | {before} ({before / len(ye):.1%}) | "
              f"{after} ({after / len(ye):.1%}) | {mnist:.2%} | {seconds:.1f} |", flush=True)
    b, a = sum(r[0] for r in rows), sum(r[1] for r in rows)
    some = [1 - r[1] / r[0] for r in rows if r[0]]  # writers with errors to lose
    print(f"\nall writers: {b} wrong before, {a} after ({1 - a / max(b, 1):.0%} fewer; the average "
          f"writer's errors {statistics.mean(some) if some else 0:.0%} fewer); writers "
          f"worse after: {sum(r[1] > r[0] for r in rows)}; MNIST test after: "
          f"{min(r[2] for r in rows):.2%}-{max(r[2] for r in rows):.2%} (before {base:.2%}); "
          f"seconds per adaptation: median {statistics.median(r[3] for r in rows):.1f}, "
          f"max {max(r[3] for r in rows):.1f}")


if __name__ == "__main__":
    main()
