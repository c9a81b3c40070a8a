"""What the page shows, as plain data: probability bars, the 28x28 the model sees, gallery
captions, metric tables. No Gradio here, so all of it is testable without a server."""
import base64
import html
import io
import json
from pathlib import Path

import numpy as np
from PIL import Image

from .number import number_text

PAGE = Path(__file__).parent / "page"  # the page's JavaScript, one file a job
SURE = 0.6  # below this top probability the app says it is unsure rather than declaring a digit
GUESS = 0.3  # below this, hardly more than a guess among ten: it asks whether it is a digit at all


def percent(p: float) -> str:
    """Every probability on the page, rounded one way, to whole percents: 100%, 82%, 0%. (A
    tenth of a percent told nobody anything, and made the answer change again when the pad's own
    drawing, read after the page's copy of it, differed from the copy in that tenth.)"""
    return f"{p:.0%}"


def enlarge(img28: np.ndarray, factor: int = 8) -> np.ndarray:
    """A 28x28 float image in [0, 1] -> uint8 RGB, nearest-neighbour enlarged (pixels stay crisp)."""
    big = np.kron(np.clip(img28, 0, 1), np.ones((factor, factor), np.float32))
    return np.repeat((big * 255).round().astype(np.uint8)[:, :, None], 3, axis=2)


def thumbnail(img28: np.ndarray, factor: int = 4) -> np.ndarray:
    """A gallery tile: the 28x28 centred in a 36x36 black square with 8 rows below it, where the
    gallery's caption lies, so that the caption never covers the digit."""
    return enlarge(np.pad(img28, ((0, 8), (4, 4))), factor)


def seen_html(img28: np.ndarray | None, caption: str = "What the model sees (28x28)") -> str:
    """The 28x28 input as an inline PNG, enlarged by the browser with crisp pixels.

    Inline rather than a served file: no second request per prediction, and no shared cache
    file that concurrent identical predictions would rewrite while another reads it."""
    if img28 is None:
        return f'<div class="seen empty">{html.escape(caption)}: nothing yet</div>'
    src = png_uri((np.clip(img28, 0, 1) * 255).round().astype(np.uint8))
    return (f'<figure class="seen"><img alt="{html.escape(caption)}" '
            f'src="{src}"><figcaption>{html.escape(caption)}</figcaption></figure>')


def png_uri(pixels: np.ndarray) -> str:
    """uint8 grey (H, W) or RGB (H, W, 3) pixels as a data: URI, to inline in HTML."""
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "PNG", compress_level=1)  # fast; these are small
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def label_value(p: np.ndarray) -> dict[str, float]:
    """Probabilities keyed "0".."9" for gr.Label."""
    return {str(d): float(p[d]) for d in range(10)}


def article(d: int) -> str:
    """The article before a digit read aloud: "an" before 8 (eight), "a" before the others."""
    return "an" if d == 8 else "a"


SMALL = "Drawn this small, the pen fills its loops and gaps: draw it bigger."
POLYGON = "Its straight sides make it a polygon too: draw it round if it is a digit."


def verdict(p: np.ndarray, model: str = "model", digit_like: bool = True,
            thick: bool = False, polygon: bool = False) -> str:
    """The answer in words (Markdown), naming the model, so a switch visibly changes who answers.
    `digit_like` False (novelty.py: unlike every MNIST digit) overrides any confidence. `thick`
    (preprocess.THICK: the pen broad for so small a drawing) turns the advice of a doubtful
    answer into drawing it bigger. Under GUESS, the network has no opinion (a doodle that looks
    like a digit, or a digit in a hand it never met): it asks rather than tells. `polygon` (one
    closed loop of straight sides, preprocess.sides: a hexagon, or a 0 that a slow device drew
    with few points) is a doubt however sure the network is: the 28x28 of either is the same.
    Only a digit offered as the answer is set in bold (the stage view shows it very large): a
    doodle's nearest guess is not."""
    top = int(np.argmax(p))
    draw = SMALL if thick else "Draw one digit, 0-9."
    if not digit_like:
        return f"That doesn't look like a digit to the {model} (its nearest guess: {top}). {draw}"
    if p[top] < GUESS:
        return (f"Is that a digit? The {model} can't tell: its best guess, {top}, gets "
                f"{percent(p[top])}. {draw}")
    if p[top] < SURE or polygon:
        return (f"Not sure. Maybe {article(top)} **{top}** ({percent(p[top])}, says the {model})? "
                + (SMALL if thick else POLYGON if polygon else "Try drawing it bigger or clearer."))
    return f"It's {article(top)} **{top}**, says the {model} ({percent(p[top])} sure)"


def plain(markdown: str) -> str:
    """A message without its Markdown marks (bold, code), for API callers."""
    return markdown.replace("**", "").replace("`", "")


def bars_html(p: np.ndarray | None, digit_like: bool = True) -> str:
    """Ten horizontal bars in 0-9 order, the top class highlighted (greyed for a doodle);
    an empty state for None."""
    rows = []
    top = -1 if p is None else int(np.argmax(p))
    for d in range(10):
        v = 0.0 if p is None else float(p[d])
        cls = "bar top" if d == top else "bar"
        rows.append(f'<div class="row"><span class="digit">{d}</span>'
                    f'<span class="track"><span class="{cls}" style="width:{v * 100:.0f}%"></span></span>'
                    f'<span class="pct">{percent(v)}</span></div>')
    kind = "bars" if digit_like else "bars doodle"
    return f'<div class="{kind}" data-top="{top}">{"".join(rows)}</div>'


def caption(label: int, pred: int, prob: float) -> str:
    return f"true {label} → {pred} ({percent(prob)})"


def _heat(f: float) -> str:
    """A confusion cell's style for `f` of the most frequent error, readable in a light or dark
    theme: a light red behind the theme's own text up to half, then opaque reds from #dc2626 to
    #991b1b behind white text (WCAG contrast 4.8 and more)."""
    if f < 0.5:
        return f"background:rgba(239,68,68,{0.15 + 0.6 * f:.2f})"
    k = min(1.0, 2 * f - 1)
    r, g, b = (round(a + k * (z - a)) for a, z in zip((220, 38, 38), (153, 27, 27)))
    return f"background:rgb({r},{g},{b});color:#fff"


def confusion_html(matrix: list[list[int]], names: list[str] | None = None,
                   caption: str = "rows: true digit · columns: predicted") -> str:
    """A confusion matrix as a heat-mapped table: rows the true class, columns the answer;
    `names`: the classes' headings (the digits 0-9 by default)."""
    m = np.asarray(matrix)
    names = names or [str(d) for d in range(10)]
    off = m.copy()
    np.fill_diagonal(off, 0)
    scale = max(int(off.max()), 1)
    head = "".join(f"<th>{html.escape(d)}</th>" for d in names)
    body = []
    for t in range(len(names)):
        cells = []
        for p in range(len(names)):
            n = int(m[t, p])
            style = "background:#dcfce7;color:#14532d" if t == p else _heat(n / scale) if n else ""
            cells.append(f'<td style="{style}">{n}</td>')
        body.append(f"<tr><th>{html.escape(names[t])}</th>{''.join(cells)}</tr>")
    return (f'<table class="confusion"><caption>{html.escape(caption)}</caption>'
            f"<tr><th></th>{head}</tr>{''.join(body)}</table>")


def summary_markdown(name: str, m: dict) -> str:
    t = m["test"]
    per_class = " · ".join(f"{d}: {a:.2%}" for d, a in enumerate(t["per_class_accuracy"]))
    h = m["hyperparameters"]
    return (f"### {html.escape(name)}: {t['accuracy']:.2%} on the 10,000 MNIST test digits\n"
            f"- {m['params']:,} parameters, {10000 - round(t['accuracy'] * 10000)} test errors\n"
            f"- trained {h['epochs']} epochs ({h.get('precision', 'fp32')}) in "
            f"{m['train_seconds'] / 60:.1f} min on {m['machine']}, "
            f"seed {m['seed']}\n- augmentation: {h['augmentation']}\n"
            f"- the test curve can lie above the training curve: training accuracy is measured "
            f"on distorted digits and drawings with dropout on, test accuracy on clean MNIST "
            f"digits with dropout off; the curve is the network's one pass, the headline and "
            f"the table are its answers (each digit also read moved one pixel each way)\n\n"
            f"**Per-class accuracy** {per_class}")


def per_class(m: dict) -> dict[str, list]:
    """Per digit: the training examples and the test accuracy (%), for the Model tab's bar charts."""
    counts = m["hyperparameters"].get("train_class_counts") or [0] * 10
    return {"digit": [str(d) for d in range(10)], "training examples": counts,
            "test accuracy (%)": [round(100 * a, 2) for a in m["test"]["per_class_accuracy"]]}


def curves(m: dict) -> dict[str, list]:
    """Training history in long form (epoch, value, series) for line plots."""
    rows = {"epoch": [], "accuracy": [], "loss": [], "split": []}
    for e in m["history"]:
        for split in ("train", "test"):
            rows["epoch"].append(e["epoch"])
            rows["accuracy"].append(e[f"{split}_accuracy"])
            rows["loss"].append(e[f"{split}_loss"])
            rows["split"].append(split)
    return rows


# --- Look inside: activations, patterns and heat maps (mnist_demo/inside.py) --------------------

# An "inferno"-like ramp for activations: black (silent) to pale yellow (fires most), legible on
# a projector, on a phone and in greyscale. Signed values (weights, heat maps): blue-white-red.
RAMP = np.array([[0, 0, 4], [87, 16, 110], [188, 55, 84], [249, 142, 9], [252, 255, 164]], np.float32)
RED, BLUE = np.array([220, 38, 38], np.float32), np.array([37, 99, 235], np.float32)
NOTES = {  # what a row of tiles shows, by the start of its title; {n}: how many maps or units
    "conv 1": "{n} filters slide over the drawing; each tile is bright where its filter's "
              "pattern (above) matches: edges and stroke directions.",
    "conv": "{n} maps, each combining all the maps of the layer before: corners, curves and "
            "line ends, then whole parts of digits.",
    "pooled": "The strongest response of each of the {n} maps in each of 3 × 3 regions: "
              "all that the last layer sees.",
    "hidden 1": "{n} units (as 32 × 32), each a weighted sum of all 784 pixels; bright units fire.",
    "hidden": "{n} units (as 32 × 32), each a weighted sum of the layer before.",
}


def ramp(a: np.ndarray) -> np.ndarray:
    """Values in [0, 1] -> uint8 RGB along RAMP."""
    t = np.clip(a, 0, 1) * (len(RAMP) - 1)
    i = np.minimum(t.astype(int), len(RAMP) - 2)
    f = (t - i)[..., None]
    return (RAMP[i] * (1 - f) + RAMP[i + 1] * f).round().astype(np.uint8)


def diverging(a: np.ndarray) -> np.ndarray:
    """Values in [-1, 1] -> uint8 RGB: blue (negative), white (0), red (positive)."""
    a = np.clip(a, -1, 1)[..., None]
    return (255 + (np.where(a > 0, RED, BLUE) - 255) * np.abs(a)).round().astype(np.uint8)


def _unit(a: np.ndarray, axes=None) -> np.ndarray:
    """a / its largest magnitude (over `axes`), 0 where that is 0."""
    m = np.abs(a).max(axis=axes, keepdims=axes is not None)
    return np.divide(a, m, out=np.zeros_like(a, dtype=np.float32), where=m > 0)


def tiles(rgb: np.ndarray, cols: int, width: int = 720, gap: int = 3, most: int = 10) -> np.ndarray:
    """(N, H, W, 3) uint8 -> one grid `cols` wide, each tile enlarged by the largest whole factor
    (at most `most`) that fits `width` pixels: crisp, nearest-neighbour pixels."""
    n, h, w, _ = rgb.shape
    scale = max(1, min(most, (width // cols - gap) // w))
    rows, th, tw = -(-n // cols), h * scale + gap, w * scale + gap
    grid = np.full((rows * th - gap, cols * tw - gap, 3), 150, np.uint8)
    for k in range(n):
        r, c = divmod(k, cols)
        grid[r * th:r * th + h * scale, c * tw:c * tw + w * scale] = \
            rgb[k].repeat(scale, 0).repeat(scale, 1)
    return grid


def _cols(n: int) -> int:
    return n if n <= 12 else 12 if n <= 48 else 16


def _figure(title: str, note: str, pixels: np.ndarray, cls: str = "tiles") -> str:
    t = html.escape(title)
    return (f'<figure class="{cls}"><figcaption><b>{t}</b> {html.escape(note)}</figcaption>'
            f'<img alt="{t}" src="{png_uri(pixels)}"></figure>')


def heat(img28: np.ndarray, s: np.ndarray, factor: int = 8) -> np.ndarray:
    """A heat map (28, 28) over the drawing: red/blue by sign and strength, ink darkened on top."""
    rgb = diverging(_unit(s)).astype(np.float32) * (1 - 0.6 * np.clip(img28, 0, 1))[..., None]
    return rgb.round().astype(np.uint8).repeat(factor, 0).repeat(factor, 1)


def why_html(img28: np.ndarray, maps: np.ndarray, digits, probs: np.ndarray) -> str:
    """The occlusion heat maps (inside.saliency) of the top digit and of the one picked to compare."""
    figs = []
    for k, (d, s) in enumerate(zip(digits, maps)):
        title = f"{'Why' if k == 0 else 'Why not'} {article(d)} {d}? ({percent(probs[d])})"
        note = (f"Red: ink that speaks for {article(d)} {d} (rubbing it out lowers the {d}); "
                "blue: ink that speaks against it.")
        figs.append(_figure(title, note, heat(img28, s), "heat"))
    return f'<div class="why">{"".join(figs)}</div>'


def logits_html(logits: np.ndarray) -> str:
    """The ten logits as bars either side of zero: what softmax turns into the probabilities."""
    scale = max(float(np.abs(logits).max()), 1e-9)
    rows = []
    for d, v in enumerate(logits):
        half = abs(float(v)) / scale * 50
        left = 50 if v >= 0 else 50 - half
        rows.append(f'<div class="row"><span class="digit">{d}</span><span class="track signed">'
                    f'<span class="bar {"pos" if v >= 0 else "neg"}" style="left:{left:.1f}%;'
                    f'width:{half:.1f}%"></span></span><span class="pct">{v:+.1f}</span></div>')
    return f'<div class="bars logits">{"".join(rows)}</div>'


def inside_html(inside, img28: np.ndarray, maps: np.ndarray, digits, model: str) -> str:
    """The Look inside panel: why this answer, then every layer from input to softmax.
    `inside`: inside.look(); `maps`, `digits`: inside.saliency() and the digits it was asked for."""
    parts = [why_html(img28, maps, digits, inside.probs)]
    patterns = diverging(_unit(inside.patterns, (1, 2)))
    if inside.patterns.shape[1:] != (28, 28):  # a CNN: its first layer's kernels come first
        c, k, _ = inside.patterns.shape
        parts.append(_figure(f"conv 1 kernels · {c} × {k} × {k}",
                             "What each first-layer filter looks for, each scaled to its own range: "
                             "ink on red weights raises its map, on blue lowers it.",
                             tiles(patterns, _cols(c), width=560)))
    for i, st in enumerate(inside.stages):
        m = st.maps
        n = len(m) if len(m) > 1 else m.size
        note = next(v for k, v in NOTES.items() if st.title.startswith(k)).format(n=n)
        parts.append(_figure(st.title, note, tiles(ramp(_unit(m)), _cols(len(m)))))
        if i == 0 and inside.patterns.shape[1:] == (28, 28):  # an MLP: its busiest units' weights
            units = ", ".join(str(u) for u in inside.units)
            parts.append(_figure(
                f"hidden 1 · the {len(inside.units)} units that fire most",
                f"Units {units}: each one's 784 weights as a 28 × 28 picture, scaled to its own "
                "range: ink on red pixels raises the unit, on blue lowers it.",
                tiles(patterns, _cols(len(patterns)))))
    parts.append(f'<figure class="tiles"><figcaption><b>logits · 10</b> The last layer\'s score '
                 f'for each digit; softmax turns them into the probabilities.</figcaption>'
                 f'{logits_html(inside.logits)}</figure>')
    parts.append(f'<figure class="tiles"><figcaption><b>softmax · 10</b> What the {html.escape(model)} '
                 f'answers: the softmax, averaged with those of the drawing moved one pixel '
                 f'each way.</figcaption>{bars_html(inside.probs)}</figure>')
    return f'<div class="inside">{"".join(parts)}</div>'


def inside_empty(message: str = "Draw a digit to see inside the network.") -> str:
    return f'<div class="inside empty">{html.escape(message)}</div>'


# --- a written number (the Number tab) ---------------------------------------------------------

def unsure(p: np.ndarray, doodle: bool) -> bool:
    """A digit shown greyed: flagged as no digit, or under SURE."""
    return bool(doodle) or float(p.max()) < SURE


def number_verdict(digits, model: str = "model") -> str:
    """The number in words (Markdown): what it reads, and how many of its digits are unsure. Where
    no digit is more than a guess (each flagged as no digit or under GUESS: a smiley, a house),
    it says so, as the Draw tab does for one drawing, and no number is set in bold."""
    text = number_text(digits)
    if all(d.doodle or float(d.p.max()) < GUESS for d in digits):
        return (f"That doesn't look like a number to the {model} (its nearest guess: {text}). "
                "Write digits, 0-9, side by side.")
    doubt = sum(unsure(d.p, d.doodle) for d in digits)
    if not doubt:
        return f"It reads **{text}**, says the {model}"
    which = "that digit is" if doubt == 1 and len(digits) == 1 else \
        f"{doubt} of its {len(digits)} digits are" if doubt > 1 else "1 of its digits is"
    return (f"It reads **{text}**, says the {model}, but {which} unsure (greyed): "
            "try writing it bigger or clearer.")


def number_html(digits, empty: str = "The number read will show here, a card per digit.") -> str:
    """The number in large type, then one card per digit: the 28x28 the model saw, the digit
    and its probability; unsure digits and what is no digit greyed. For no digits, `empty`."""
    if not digits:
        return f'<div class="number empty">{html.escape(empty)}</div>' if empty else ""
    big, cards = [], []
    for d in digits:
        top, grey = int(d.p.argmax()), unsure(d.p, d.doodle)
        cls = ' class="unsure"' if grey else ""
        note = "not a digit?" if d.doodle else percent(float(d.p.max()))
        big.append(f"<span{cls}>{top}</span>")
        src = png_uri((np.clip(d.x, 0, 1) * 255).round().astype(np.uint8))
        cards.append(f'<figure{cls} data-digit="{top}"><img alt="what the model saw" src="{src}">'
                     f'<figcaption><b>{top}</b> {html.escape(note)}</figcaption></figure>')
    return (f'<div class="number"><div class="read" data-number="{number_text(digits)}">'
            f'{"".join(big)}</div><div class="cards">{"".join(cards)}</div></div>')


def page_script(**options) -> str:
    """The page's JavaScript (mnist_demo/page/), as Gradio's `js=` runs it once the page has
    loaded: png.js, shadow.js, pads.js and stage.js, then the pads' glue started with `options`
    (pads.js, start) and the stage view where the address asks for it."""
    files = "\n".join((PAGE / name).read_text()
                      for name in ("png.js", "shadow.js", "pads.js", "stage.js"))
    return (f"() => {{\n{files}\npads.start({{png, shadow, ...{json.dumps(options)}}});\n"
            f"stage.start();\n}}")
