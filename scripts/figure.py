"""README figure: raw drawings (top) beside what the model sees after to_mnist (bottom).

    python scripts/figure.py   ->  docs/preprocess.png
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
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


def tile(img: np.ndarray) -> Image.Image:
    im = Image.fromarray(img).convert("L")
    im.thumbnail((TILE, TILE))
    out = Image.new("L", (TILE, TILE), 255)
    out.paste(im, ((TILE - im.width) // 2, (TILE - im.height) // 2))
    return out


def main():
    cnn = load_model("cnn")
    sheet = Image.new("RGB", (TILE * len(CASES), 2 * TILE + 40), "white")
    d = ImageDraw.Draw(sheet)
    for i, (name, img) in enumerate(CASES):
        x = to_mnist(img)
        p = cnn.predict_proba(x)
        sheet.paste(tile(img).convert("RGB"), (i * TILE, 0))
        seen = Image.fromarray((x * 255).astype(np.uint8)).resize((TILE - 8, TILE - 8), Image.NEAREST)
        sheet.paste(seen.convert("RGB"), (i * TILE + 4, TILE + 4))
        d.text((i * TILE + 6, 2 * TILE + 6), name, fill="black")
        d.text((i * TILE + 6, 2 * TILE + 22), f"CNN: {p.argmax()} ({p.max():.0%})", fill="black")
    out = ROOT / "docs" / "preprocess.png"
    sheet.save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
