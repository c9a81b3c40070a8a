"""What the page shows, as plain data: probability bars, the 28x28 the model sees, gallery
captions, metric tables. No Gradio here, so all of it is testable without a server."""
import base64
import html
import io

import numpy as np
from PIL import Image

SURE = 0.6  # below this top probability the app says it is unsure rather than declaring a digit


def enlarge(img28: np.ndarray, factor: int = 8) -> np.ndarray:
    """A 28x28 float image in [0, 1] -> uint8 RGB, nearest-neighbour enlarged (pixels stay crisp)."""
    big = np.kron(np.clip(img28, 0, 1), np.ones((factor, factor), np.float32))
    return np.repeat((big * 255).round().astype(np.uint8)[:, :, None], 3, axis=2)


def seen_html(img28: np.ndarray | None, caption: str = "What the model sees (28x28)") -> str:
    """The 28x28 input as an inline PNG, enlarged by the browser with crisp pixels.

    Inline rather than a served file: no second request per prediction, and no shared cache
    file that concurrent identical predictions would rewrite while another reads it."""
    if img28 is None:
        return f'<div class="seen empty">{html.escape(caption)}: nothing yet</div>'
    buf = io.BytesIO()
    Image.fromarray((np.clip(img28, 0, 1) * 255).round().astype(np.uint8)).save(buf, "PNG")
    src = base64.b64encode(buf.getvalue()).decode()
    return (f'<figure class="seen"><img alt="{html.escape(caption)}" '
            f'src="data:image/png;base64,{src}"><figcaption>{html.escape(caption)}</figcaption></figure>')


def label_value(p: np.ndarray) -> dict[str, float]:
    """Probabilities keyed "0".."9" for gr.Label."""
    return {str(d): float(p[d]) for d in range(10)}


def verdict(p: np.ndarray, model: str = "model", digit_like: bool = True) -> str:
    """The answer in words, naming the model, so a switch visibly changes who answers.
    `digit_like` False (novelty.py: unlike every MNIST digit) overrides any confidence."""
    top = int(np.argmax(p))
    if not digit_like:
        return (f"That doesn't look like a digit to the {model} (its nearest guess: **{top}**). "
                "Draw one digit, 0-9.")
    if p[top] < SURE:
        return (f"Not sure. Maybe a **{top}** ({p[top]:.0%}, says the {model})? "
                "Try drawing it bigger or clearer.")
    return f"It's a **{top}**, says the {model} ({p[top]:.0%} sure)"


def bars_html(p: np.ndarray | None, digit_like: bool = True) -> str:
    """Ten horizontal bars in 0-9 order, the top class highlighted (greyed for a doodle);
    an empty state for None."""
    rows = []
    top = -1 if p is None else int(np.argmax(p))
    for d in range(10):
        v = 0.0 if p is None else float(p[d])
        cls = "bar top" if d == top else "bar"
        rows.append(f'<div class="row"><span class="digit">{d}</span>'
                    f'<span class="track"><span class="{cls}" style="width:{v * 100:.1f}%"></span></span>'
                    f'<span class="pct">{v:.1%}</span></div>')
    kind = "bars" if digit_like else "bars doodle"
    return f'<div class="{kind}" data-top="{top}">{"".join(rows)}</div>'


def caption(label: int, pred: int, prob: float) -> str:
    return f"true {label} → {pred} ({prob:.0%})"


def confusion_html(matrix: list[list[int]]) -> str:
    """The confusion matrix as a heat-mapped table: rows true digit, columns prediction."""
    m = np.asarray(matrix)
    off = m.copy()
    np.fill_diagonal(off, 0)
    scale = max(int(off.max()), 1)
    head = "".join(f"<th>{d}</th>" for d in range(10))
    body = []
    for t in range(10):
        cells = []
        for p in range(10):
            n = int(m[t, p])
            style = ("background:#dcfce7" if t == p else
                     f"background:rgba(239,68,68,{min(1.0, n / scale):.2f})" if n else "")
            cells.append(f'<td style="{style}">{n}</td>')
        body.append(f"<tr><th>{t}</th>{''.join(cells)}</tr>")
    return (f'<table class="confusion"><caption>rows: true digit · columns: predicted</caption>'
            f"<tr><th></th>{head}</tr>{''.join(body)}</table>")


def summary_markdown(name: str, m: dict) -> str:
    t = m["test"]
    per_class = " · ".join(f"{d}: {a:.2%}" for d, a in enumerate(t["per_class_accuracy"]))
    h = m["hyperparameters"]
    return (f"### {html.escape(name)}: {t['accuracy']:.2%} on the 10,000 MNIST test digits\n"
            f"- {m['params']:,} parameters, {10000 - round(t['accuracy'] * 10000)} test errors\n"
            f"- trained {h['epochs']} epochs ({h.get('precision', 'fp32')}) in "
            f"{m['train_seconds'] / 60:.1f} min on {m['machine']}, "
            f"seed {m['seed']}\n- augmentation: {h['augmentation']}\n\n"
            f"**Per-class accuracy** {per_class}")


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
