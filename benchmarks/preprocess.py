"""Median to_mnist time for canvases and photos of several sizes.

    python benchmarks/preprocess.py [--repeat 30]
"""
import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mnist_demo import to_mnist  # noqa: E402


def drawing(w: int, h: int, bar: float = 0.6) -> np.ndarray:
    """A 4 drawn with a brush scaled to the canvas, as an opaque RGBA Sketchpad composite; `bar`:
    the height of its crossbar, as a fraction of the canvas."""
    im = Image.new("RGBA", (w, h), "white")
    d = ImageDraw.Draw(im)
    s = min(w, h)
    d.line([(0.6 * s, 0.15 * s), (0.25 * s, bar * s), (0.8 * s, bar * s)], fill="black", width=s // 25)
    d.line([(0.62 * s, 0.35 * s), (0.62 * s, 0.9 * s)], fill="black", width=s // 25)
    return np.asarray(im)


def as_sent(rgba: np.ndarray) -> tuple[bytes, bytes]:
    """A Sketchpad composite as a PNG file (as API callers send it), and as the page sends it
    with a stroke: made grey and halved, by app.py's page script (tests/test_browser.py shows
    that the server reads the same pixels from both)."""
    composite, sent = io.BytesIO(), io.BytesIO()
    im = Image.fromarray(rgba)
    im.save(composite, format="PNG")
    im.convert("L").reduce(2).save(sent, format="PNG")
    return composite.getvalue(), sent.getvalue()


def times(fn, repeat: int) -> list[float]:
    """Seconds each of `repeat` calls of fn took, after one call to warm up."""
    fn()
    spent = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        spent.append(time.perf_counter() - t)
    return spent


def timed(fn, repeat: int) -> float:
    """Median ms of fn over `repeat` calls."""
    return statistics.median(times(fn, repeat)) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    print(f"{'input':<32}{'median ms':>10}")
    for w, h in [(280, 280), (800, 800), (4000, 3000)]:
        a = drawing(w, h)
        print(f"{f'numpy RGBA {w}x{h}':<32}{timed(lambda: to_mnist(a), args.repeat):>10.2f}")
        im = Image.fromarray(a).convert("RGB")
        print(f"{f'PIL RGB {w}x{h}':<32}{timed(lambda: to_mnist(im), args.repeat):>10.2f}")


if __name__ == "__main__":
    main()
