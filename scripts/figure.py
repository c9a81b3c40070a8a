"""README figures: raw drawings, and hard photos (top) beside what the model sees after
to_mnist (bottom).

    python scripts/figure.py   ->  docs/preprocess.png, docs/photos.png
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from benchmarks.photos import INKS, compose  # noqa: E402
from conftest import draw_digit  # noqa: E402
from mnist_demo import load_model, to_mnist  # noqa: E402

TILE = 168


def photo(digit: int) -> np.ndarray:
    """Dark pen on paper, with a shadow and grain."""
    ink = 1 - np.asarray(draw_digit(digit, canvas=(300, 400), box=(90, 100, 220, 330), width=7)) / 255
    yy, xx = np.mgrid[:400, :300]
    paper = 0.92 - 0.45 * xx / 300 - 0.15 * yy / 400
    grain = np.random.default_rng(0).normal(0, 0.03, paper.shape)
    return (np.clip(paper * (1 - 0.8 * ink) + grain, 0, 1) * 255).astype(np.uint8)


def noisy(digit: int) -> np.ndarray:
    a = np.asarray(draw_digit(digit, box=(200, 180, 330, 380), width=12)).copy()
    a[30:45, 40:55] = 0  # a stray dot
    return a


CASES = [
    ("thin pen", np.asarray(draw_digit(7, width=3))),
    ("fat brush", np.asarray(draw_digit(2, width=45))),
    ("tiny, in a corner", np.asarray(draw_digit(4, box=(10, 10, 70, 90), width=5))),
    ("a tall 1", np.asarray(draw_digit(1, box=(150, 10, 250, 390), width=20))),
    ("stray dot", noisy(3)),
    ("paper photo", photo(0)),
]


def on_paper(digit: int, width: int, margin: float, seed: int, tight: bool = False, **kw):
    """A drawn digit photographed on paper (benchmarks/photos.py's paper, light and grain)."""
    alpha = 1 - np.asarray(draw_digit(digit, canvas=(240, 300), box=(40, 40, 200, 260),
                                      width=width), np.float32) / 255
    if tight:
        rows, cols = np.nonzero(alpha > 0.3)
        alpha = alpha[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    return compose(alpha, np.random.default_rng(seed), margin, **kw)


def postal(digit: int) -> np.ndarray:
    """Scanned at 16x16, tightly boxed, then enlarged: a postal-code digit."""
    im = Image.fromarray(np.asarray(draw_digit(digit, canvas=(200, 200), box=(30, 10, 170, 190),
                                               width=22)))
    rows, cols = np.nonzero(np.asarray(im) < 128)
    im = im.crop((cols.min(), rows.min(), cols.max() + 1, rows.max() + 1)).resize((16, 16), Image.BOX)
    return np.asarray(im.resize((160, 160), Image.NEAREST))


PHOTOS = [
    ("tight crop, marker", on_paper(3, 34, 0, 1, tight=True)),
    ("16x16 postal scan", postal(2)),
    ("lined paper", on_paper(7, 10, 0.3, 2, lines=(0.45, False))),
    ("squared paper", on_paper(4, 9, 0.3, 3, lines=(0.22, True))),
    ("a shadow", on_paper(0, 12, 0.5, 7, shadow=True)),
    ("blue ballpoint", on_paper(2, 5, 0.4, 5, ink=INKS["blue"])),
]


def tile(img: np.ndarray) -> Image.Image:
    im = Image.fromarray(img).convert("RGB")
    im.thumbnail((TILE, TILE))
    out = Image.new("RGB", (TILE, TILE), "white")
    out.paste(im, ((TILE - im.width) // 2, (TILE - im.height) // 2))
    return out


def sheet(cases: list, name: str) -> None:
    cnn = load_model("cnn")
    out = Image.new("RGB", (TILE * len(cases), 2 * TILE + 40), "white")
    d = ImageDraw.Draw(out)
    for i, (label, img) in enumerate(cases):
        x = to_mnist(img)
        p = cnn.predict_proba(x)
        out.paste(tile(img), (i * TILE, 0))
        seen = Image.fromarray((x * 255).astype(np.uint8)).resize((TILE - 8, TILE - 8), Image.NEAREST)
        out.paste(seen.convert("RGB"), (i * TILE + 4, TILE + 4))
        d.text((i * TILE + 6, 2 * TILE + 6), label, fill="black")
        d.text((i * TILE + 6, 2 * TILE + 22), f"CNN: {p.argmax()} ({p.max():.0%})", fill="black")
    path = ROOT / "docs" / name
    out.save(path)
    print(f"wrote {path}")


def main():
    sheet(CASES, "preprocess.png")
    sheet(PHOTOS, "photos.png")


if __name__ == "__main__":
    main()
