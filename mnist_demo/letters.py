"""Handwritten-looking letters as stroke trajectories: what the app must not answer as a digit.

There is no set of real handwritten letters beside the project, so letters are drawn from the
Hershey fonts (single-line vector fonts, A. V. Hershey, U.S. National Bureau of Standards, 1967;
the Hershey-Fonts package, MIT), each copy distorted as a writer would write it: slanted,
rotated, narrower or wider, its strokes wobbling. They are records like the pen digits and the
doodles (`label`, `font`, `strokes` with y growing upward), so handwriting.drawn draws them as the
Sketchpad does. Letters drawn much like a digit (an o like a 0, an l like a 1, a z like a 2...)
are left out: nobody can blame a model for reading them as one.

Letters and fonts are split once and for all: training may use TRAINING_FONTS and the letters
that are not held out; measurements use only HELD_OUT_FONTS and the held-out letters.
"""
import numpy as np

from .handwriting import along

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# o like a 0 (and c, C, a 0 left open: teaching them as "not a digit" would teach it of open
# zeros), l like a 1, z like a 2, s like a 5, b like a 6, B like an 8, g like a 9...
DIGIT_LIKE = frozenset("oODQcC" "iIljJ" "zZ" "sS" "bG" "B" "gq")
TRAINING_FONTS = ("futural", "scripts", "timesr")      # sans, script, serif
HELD_OUT_FONTS = ("rowmans", "cursive", "timesi")      # other sans, script and (italic) serif


def held_out_letter(ch: str) -> bool:
    """A third of the letters, fixed by character, are kept for measuring only."""
    return ord(ch) % 3 == 0


def glyphs(font: str) -> dict[str, list[np.ndarray]]:
    """Each letter of `font` as its strokes ((N, 2) x, y, y growing upward)."""
    from HersheyFonts import HersheyFonts

    f = HersheyFonts()
    f.load_default_font(font)
    return {ch: [np.array(s, np.float32) * (1, -1) for s in f.strokes_for_text(ch) if len(s) > 1]
            for ch in LETTERS}


def written(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """One writer's copy of a glyph: slant up to ±0.35, rotation up to ±10°, width 75-125%, and
    a smooth wobble (three random waves across the glyph, 1-2 heights long, each displacing it
    by up to 2.5% of its height: strokes that run side by side bend together). Strokes are
    first resampled every 2% of the glyph's height, so that the wobble bends them."""
    allp = np.concatenate(strokes)
    height = max(np.ptp(allp[:, 1]), 1.0)
    a = np.radians(rng.uniform(-10, 10))
    m = (np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
         @ np.array([[rng.uniform(0.75, 1.25), rng.uniform(-0.35, 0.35)], [0, 1]]))
    k = rng.normal(size=(3, 2)) * 2 * np.pi / (height * rng.uniform(1, 2, (3, 1)))
    phase, amp = rng.uniform(0, 2 * np.pi, (3, 2)), rng.uniform(-0.025, 0.025, (3, 2)) * height
    out = []
    for s in strokes:
        q = along(s, every=0.02 * height)
        q = q + sum(amp[j] * np.sin((q @ k[j])[:, None] + phase[j]) for j in range(3))
        out.append(q @ m.T)
    return out


def letters(held_out: bool, copies: int = 1, seed: int = 0) -> list[dict]:
    """`copies` written copies of each letter (but DIGIT_LIKE ones) of the held-out (True) or
    training (False) fonts and letters, as records {"label", "font", "strokes"}."""
    rng = np.random.default_rng(seed)
    records = []
    for font in HELD_OUT_FONTS if held_out else TRAINING_FONTS:
        for ch, strokes in glyphs(font).items():
            if ch in DIGIT_LIKE or held_out_letter(ch) != held_out or not strokes:
                continue
            records += [{"label": ch, "font": font,
                         "strokes": [q.tolist() for q in written(strokes, rng)]}
                        for _ in range(copies)]
    return records
