"""Draw a digit; an MLP and a CNN trained on MNIST say which one it is.

    python app.py        (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT pick the address)

This file only wires the page to the mnist_demo package: drawing -> to_mnist -> model -> display.
"""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline on stage: no telemetry

import asyncio  # noqa: E402
import base64  # noqa: E402
import binascii  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from functools import partial  # noqa: E402
from typing import NamedTuple  # noqa: E402

import gradio as gr  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import torch  # noqa: E402

from mnist_demo import EmptyImageError, WeightsError  # noqa: E402
from mnist_demo import display  # noqa: E402
from mnist_demo.answer import Workers, loaded, read, read_digits  # noqa: E402
from mnist_demo.evaluate import errors_path  # noqa: E402
from mnist_demo.handwriting import PAD  # noqa: E402
from mnist_demo.inside import look, saliency  # noqa: E402
from mnist_demo.models import WEIGHTS_DIR, verify  # noqa: E402
from mnist_demo.number import number_text  # noqa: E402
from mnist_demo.preprocess import WORK_SIDE  # noqa: E402

log = logging.getLogger("mnist_demo.app")
MODELS = {"CNN": "cnn", "MLP": "mlp"}
CANVAS = 400          # px; a brush of radius 9 then draws strokes close to MNIST's proportions
MAX_UPLOAD = "10mb"   # Gradio refuses bigger files before they reach Python
MAX_DRAWN = 10 * 2**20 * 4 // 3  # a pad's drawing as the page sends it, in base64: up to 10 MB
UNREAD = "unread"     # what the page sends for a pad's drawing it could not get (never base64)
# The queue's concurrency limit: for API calls, the gallery and model card, and the Look inside
# panel (strokes and model changes re-reading the pads run outside the queue)
CONCURRENCY = int(os.environ.get("MNIST_DEMO_CONCURRENCY", "2"))
# A stroke is one 28x28 input: a second torch thread only spin-waits on it (on 2 cores a stroke
# took about half the CPU time with one thread as with two, in the same wall time); requests run
# side by side instead.
torch.set_num_threads(int(os.environ.get("MNIST_DEMO_TORCH_THREADS", "1")))
# Drawings and photos are read in worker processes (mnist_demo/answer.py): Gradio's own work per
# request then runs beside them instead of taking turns with them on Python's lock. 0: in this
# process. Forked, so only where processes fork (Linux, as on Spaces). The events that read them
# are coroutines: they await the worker on Gradio's event loop instead of each holding one of its
# threads, which under a hall took turns on that lock too (benchmarks/hall.py). Two workers: with
# a stroke one light request, reading drawings is the larger share of a stroke's CPU, and at 200
# people a second worker kept both cores busy (one per core on 2-core Spaces hardware).
WORKERS = int(os.environ.get("MNIST_DEMO_WORKERS", "2" if sys.platform == "linux" else "0"))
# Gradio runs every event inside `import matplotlib` (to switch its backend). Without matplotlib
# installed, that import fails anew on every request after a search of every folder on sys.path:
# 3% of the server's CPU under load (py-spy). Marked absent, it fails at once.
if importlib.util.find_spec("matplotlib") is None:
    sys.modules["matplotlib"] = None


class Loaded(NamedTuple):
    net: object = None       # the network, with predict_proba
    metrics: dict = None     # weights/<model>.json
    errors: dict = None      # its MNIST test mistakes, for the gallery


def _load(key: str) -> Loaded:
    """Everything one model needs; all None plus a logged reason if its files are missing or
    corrupt, so that the other model still serves."""
    try:
        metrics = json.loads((WEIGHTS_DIR / f"{key}.json").read_text())
        with np.load(verify(errors_path(key))) as f:
            errors = dict(f)
        return Loaded(loaded(key)[0], metrics, errors)  # the workers, forked below, have it too
    except (WeightsError, OSError, ValueError) as e:
        log.error("model %s unavailable: %s", key, e)
        return Loaded()


LOADED = {name: _load(key) for name, key in MODELS.items()}
READER = Workers(WORKERS)


def _unavailable(name: str) -> str:
    if name not in MODELS:
        return f"⚠️ Unknown model {name!r}: choose one of {', '.join(MODELS)}."
    return (f"⚠️ The {name} model is unavailable on this server: its files in {WEIGHTS_DIR} are "
            f"missing or corrupt (`python -m mnist_demo.train --model {MODELS[name]}` and "
            f"`python -m mnist_demo.evaluate --model {MODELS[name]}` rebuild them).")


class PadUnreadError(Exception):
    """The page could not send a pad's drawing (mnist_demo/page/pads.js): say to reload."""


# --- events ------------------------------------------------------------------------------------

def _image(source, payload, drawn: str = ""):
    """What to read of an input: a pad's drawing as the page sends it, its PNG in base64
    (`drawn`, mnist_demo/page/pads.js), else the path of the image file its payload names, read by
    to_mnist itself (in a worker): events run with preprocess=False, so that a corrupt, truncated or
    oversized upload gets a message, not a failed event, and so that of a Sketchpad's value only
    the composite is decoded (Gradio's own preprocessing would decode its background and every
    layer too). `drawn` is only ever decoded as bytes, never taken for a path."""
    if drawn == UNREAD:
        raise PadUnreadError("the page lost the pad's drawing")
    if drawn:
        if len(drawn) > MAX_DRAWN:
            raise ValueError(f"Image too large: over {MAX_UPLOAD}.")
        try:
            return base64.b64decode(drawn, validate=True)
        except binascii.Error as e:
            raise ValueError("Not a readable image file: not in base64.") from e
    if payload is None:
        return None
    data = source.data_model.model_validate(payload)
    if not isinstance(source, gr.ImageEditor):
        return data.path
    return data.composite.path if data.composite else None


# What each input asks for: the words of its idle state and of "nothing to read here".
ASK = {"pad": ("✏️", "draw a digit"), "number-pad": ("✏️", "write a number"),
       "upload": ("📷", "upload a photo of a digit or a number")}


BLANK = ("Nothing drawn yet", "No ink found")  # a pad with nothing on it: its idle words


def idle(kind: str) -> str:
    icon, ask = ASK[kind]
    return f"{icon} {ask.capitalize()}"


class Read(NamedTuple):
    """What one image gave: the 28x28 the model sees, its probabilities, whether it looks like
    a digit at all (novelty.py), and the verdict in Markdown; x and p are None when nothing was
    read."""
    x: np.ndarray | None = None
    p: np.ndarray | None = None
    digit_like: bool = False
    message: str = ""
    unreadable: bool = False  # the input is no image that can be decoded, or too large


async def _read(payload, model_name: str, source=None, drawn: str = "") -> Read:
    """Payload of `source` (Sketchpad or Image), or a pad's drawing sent by the page (`drawn`,
    see _image), + model name -> Read; every failure is a message."""
    kind = getattr(source, "elem_id", None) or "pad"
    if LOADED.get(model_name, Loaded()).net is None:
        return Read(message=_unavailable(model_name))
    if payload is None and not drawn:
        return Read(message=idle(kind))
    try:
        x, p, doodle = await READER.run(read, _image(source, payload, drawn), MODELS[model_name])
    except Exception as e:
        return _failed(e, kind)
    return Read(x, p, not doodle, display.verdict(p, model_name, not doodle))  # a doodle: no label


def _failed(e: Exception, kind: str) -> Read:
    """What reading an input of `kind` that raised `e` tells the person: never a traceback."""
    if isinstance(e, EmptyImageError):
        if kind != "upload" and e.reason in BLANK:  # Clear and Undo to empty say the same
            return Read(message=idle(kind))
        return Read(message=f"{ASK[kind][0]} {e.reason}: {ASK[kind][1]}.")
    if isinstance(e, PadUnreadError):
        log.error("a pad's drawing was not read: %s", e)
        return Read(unreadable=True, message="⚠️ Could not read the pad: reload the page.")
    if isinstance(e, ValueError):
        return Read(unreadable=True, message=f"⚠️ {e}")
    if isinstance(e, OSError):
        return Read(unreadable=True,
                    message="⚠️ Not a readable image file: corrupt, truncated or not an image.")
    log.error("reading an image failed", exc_info=e)  # the log keeps the traceback
    return Read(unreadable=True, message="⚠️ Could not read that image.")


async def _number(payload, model_name: str, source, drawn: str = "") -> tuple[list, str]:
    """Payload of `source` (or a pad's drawing sent by the page, see _image) + model name ->
    (the digits read left to right, the verdict in Markdown); no digits and a message when
    nothing could be read."""
    kind = source.elem_id
    if LOADED.get(model_name, Loaded()).net is None:
        return [], _unavailable(model_name)
    if payload is None and not drawn:
        return [], idle(kind)
    try:
        digits = await READER.run(read_digits, _image(source, payload, drawn), MODELS[model_name])
    except Exception as e:
        return [], _failed(e, kind).message
    return digits, display.number_verdict(digits, model_name)


def _shown(r: Read) -> tuple:
    """A Read as the page shows it: (verdict, bars, what the model sees)."""
    return r.message, display.bars_html(r.p, r.digit_like), display.seen_html(r.x)


async def read_upload(payload, model_name: str, rejected: bool):
    """The Upload tab: one digit as the Draw tab reads it, or, where the photo holds several,
    the number as the Number tab reads it. A file that is no readable image is taken out of
    the box (which would otherwise collapse around a broken image); `rejected` keeps its
    message through the change event that this causes. Returns _shown's outputs, the number's
    cards, the box's new value and `rejected`."""
    if payload is None and rejected:
        return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), False
    r = await _read(payload, model_name, upload)
    digits = await _number(payload, model_name, upload) if r.p is not None else ([], "")
    if len(digits[0]) > 1:
        r = Read(message=digits[1])
    return *_shown(r), display.number_html(digits[0] if len(digits[0]) > 1 else [], ""), \
        None if r.unreadable else gr.skip(), r.unreadable


async def answer_number(payload, model_name: str):
    """For the API (/predict_number): (number, digits, message). number: the digits read, left
    to right ("" when nothing was read); digits: per digit, its most likely "digit", its
    "probability", "sure" (False: under 60% or flagged), "doodle" (the doodle check's flag),
    its "box" [left, top, right, bottom] in the image's pixels, and all ten "probabilities";
    message: plain text."""
    digits, message = await _number(payload, model_name, number_pad)
    return number_text(digits), [
        {"digit": int(d.p.argmax()), "probability": float(d.p.max()),
         "sure": not display.unsure(d.p, d.doodle), "doodle": d.doodle, "box": list(d.box),
         "probabilities": display.label_value(d.p)} for d in digits], display.plain(message)


async def read_number_drawing(payload, drawn: str, model_name: str):
    """The Number tab after every stroke: the verdict and one card per digit."""
    digits, message = await _number(payload, model_name, number_pad, drawn)
    return message, display.number_html(digits)


async def answer(payload, model_name: str, source=None):
    """For the API (/predict, /predict_photo): (prediction, probabilities, message).
    prediction: gr.Label's value, empty ({} for API callers) for a doodle or when nothing was read;
    probabilities: {"0": p0, ..., "9": p9}, None when nothing could be read; message: plain text."""
    r = await _read(payload, model_name, source)
    probs = None if r.p is None else display.label_value(r.p)
    return probs if r.digit_like else None, probs, display.plain(r.message)


RUNNER_UP = "runner-up"  # the Look inside panel's default digit to compare with


def inside(x, model_name: str, why: str = RUNNER_UP) -> str:
    """The Look inside panel for the 28x28 `x` (None: nothing drawn): layers and heat maps."""
    net = LOADED.get(model_name, Loaded()).net
    if net is None:
        return display.inside_empty(_unavailable(model_name))
    if x is None:
        return display.inside_empty()
    seen = look(net, x)
    order = np.argsort(-seen.probs, kind="stable")
    other = int(order[1]) if why in (None, RUNNER_UP) else int(why)
    digits = [int(order[0])] + ([other] if other != order[0] else [])
    return display.inside_html(seen, x, saliency(net, x, digits), digits, model_name)


# The Look inside panel while it is closed: opening it draws it (inside_box.expand).
CLOSED = display.inside_empty("Looking inside…")


async def predict_drawing(payload, drawn: str, model_name: str, panel_open: bool, why: str):
    """The Draw tab after every stroke (the pad's value, or its drawing as the page sends it):
    _shown's outputs, the 28x28 kept for the Look inside panel, and the panel itself only while
    it is open (closed, it costs nothing; open, it is drawn in a thread, off the event loop that
    serves everyone)."""
    r = await _read(payload, model_name, pad, drawn)
    panel = await asyncio.to_thread(inside, r.x, model_name, why) if panel_open else CLOSED
    return *_shown(r), r.x, panel


async def predict_live(drawn: str, model_name: str, panel_open: bool, why: str):
    """The Draw tab from the page's own copy of the pad's drawing (mnist_demo/page/shadow.js)."""
    return await predict_drawing(None, drawn, model_name, panel_open, why)


async def read_number_live(drawn: str, model_name: str):
    """The Number tab from the page's own copy of the pad's drawing, as the pen lifts."""
    return await read_number_drawing(None, drawn, model_name)


def gallery(model_name: str, true_digit: str, pred_digit: str):
    """The selected model's MNIST test errors, filtered: gallery items, their rows, a note, and
    the inspect panel emptied (it described a digit of the previous selection)."""
    errors = LOADED.get(model_name, Loaded()).errors
    empty = (display.bars_html(None), display.seen_html(None, "28x28"), "")
    if errors is None:
        return [], [], _unavailable(model_name), *empty
    keep = np.ones(len(errors["label"]), bool)
    if true_digit != "any":
        keep &= errors["label"] == int(true_digit)
    if pred_digit != "any":
        keep &= errors["pred"] == int(pred_digit)
    rows = np.flatnonzero(keep)
    items = [(display.thumbnail(errors["image"][i] / 255),
              display.caption(int(errors["label"][i]), int(errors["pred"][i]),
                              float(errors["probs"][i].max()))) for i in rows]
    total = f"the {model_name}'s {len(errors['label'])} mistakes on the 10,000 MNIST test digits"
    which = {d: "any digit" if d == "any" else f"{display.article(int(d))} {d}"
             for d in (true_digit, pred_digit)}
    note = (f"{len(rows)} of {total}, most confident first. Click one to inspect it." if len(rows)
            else f"None of {total} is {which[true_digit]} read as {which[pred_digit]}.")
    return items, rows.tolist(), note, *empty


def inspect(model_name: str, rows: list[int], evt: gr.SelectData):
    errors = LOADED.get(model_name, Loaded()).errors
    if errors is None or evt.index is None or evt.index >= len(rows):
        return display.bars_html(None), display.seen_html(None, "28x28"), ""
    i = rows[evt.index]
    p = errors["probs"][i]
    return (display.bars_html(p), display.seen_html(errors["image"][i] / 255, "28x28"),
            f"MNIST test digit #{errors['index'][i]}: labelled **{errors['label'][i]}**, "
            f"the {model_name} says **{errors['pred'][i]}** ({display.percent(p.max())}).")


def model_card(model_name: str):
    metrics = LOADED.get(model_name, Loaded()).metrics
    if metrics is None:
        return _unavailable(model_name), "", None, None, None, None
    rows, digits = pd.DataFrame(display.curves(metrics)), pd.DataFrame(display.per_class(metrics))
    low = np.floor(digits["test accuracy (%)"].min() - 0.5)  # the differences are in the last %
    epochs = [1, int(rows["epoch"].max())]  # no empty epoch-0 tick
    return (display.summary_markdown(model_name, metrics), display.confusion_html(
        metrics["test"]["confusion_matrix"]), gr.LinePlot(rows, x_lim=epochs),
        gr.LinePlot(rows, x_lim=epochs), digits,
        gr.BarPlot(digits, y_lim=[low, 100], y_title=f"test accuracy (%, from {low:.0f})"))


# --- page --------------------------------------------------------------------------------------



# System fonts only: the default theme would fetch Google Fonts, and nothing may leave the machine.
THEME = gr.themes.Soft(primary_hue="orange", font=["ui-sans-serif", "system-ui", "sans-serif"],
                       font_mono=["ui-monospace", "monospace"])
DIGITS = ["any"] + [str(d) for d in range(10)]


def result_panel(prefix: str, kind: str):
    """The outputs every prediction fills: verdict, bars, and the model's 28x28 input beside
    them (all three above the fold of a 1280x720 projector; under each other on a phone)."""
    verdict = gr.Markdown(idle(kind), elem_id=f"{prefix}verdict")
    with gr.Row(equal_height=False):
        bars = gr.HTML(display.bars_html(None), label="Probabilities", elem_id=f"{prefix}bars",
                       min_width=240)
        seen = gr.HTML(display.seen_html(None), elem_id=f"{prefix}seen", min_width=180)
    return [verdict, bars, seen]


BRUSH = 9  # px of the pad's image: the brush's radius
PEN = {"brush": gr.Brush(default_size=BRUSH, colors=["#000000"], color_mode="fixed"),
       "eraser": gr.Eraser(default_size=16), "transforms": (), "sources": (), "layers": False,
       "fixed_canvas": True, "type": "numpy", "image_mode": "RGBA", "show_label": False}


# Photos and API calls upload files: every hour, the files of uploads and outputs over six hours
# old are deleted, so that a busy server's disk and its list of files do not grow for ever.
FILES_KEPT = (3600, 6 * 3600)  # (how often, what age), seconds

with gr.Blocks(title="Draw a digit: MNIST MLP vs CNN", delete_cache=FILES_KEPT) as demo:
    gr.Markdown("# ✏️ Draw a digit\nAn MLP and a CNN trained on MNIST read it while you draw. "
                "Everything runs on this machine. On stage: [the stage view](?stage).",
                elem_id="intro")
    model = gr.Radio(list(MODELS), value="CNN", label="Model", elem_id="model")
    with gr.Tab("Draw"):
        with gr.Row(equal_height=False):
            with gr.Column(scale=5, min_width=300):
                pad = gr.Sketchpad(elem_id="pad", label="Draw one digit 0-9",
                                   canvas_size=(CANVAS, CANVAS), height=CANVAS + 60, **PEN)
            with gr.Column(scale=4, min_width=280):
                draw_out = result_panel("", "pad")
        with gr.Accordion("Look inside: what each layer sees, and why it answered that",
                          open=False, elem_id="inside") as inside_box:
            why = gr.Radio([RUNNER_UP] + [str(d) for d in range(10)], value=RUNNER_UP,
                           label="Why not a …? Compare the answer with", elem_id="why")
            inside_html = gr.HTML(display.inside_empty(), elem_id="inside-panel")
        seen_x, inside_open = gr.State(None), gr.State(False)
        pad_stroke = gr.Button(visible="hidden", elem_id="pad-stroke")
        pad_live = gr.Button(visible="hidden", elem_id="pad-live")
        pad_drawn = gr.Textbox(visible="hidden")
    with gr.Tab("Number"):
        number_pad = gr.Sketchpad(elem_id="number-pad", label="Write a number, digits side by side",
                                  canvas_size=PAD, height=PAD[1] + 60, **PEN)
        number_verdict = gr.Markdown(idle("number-pad"), elem_id="number-verdict")
        number_cards = gr.HTML(display.number_html([]), elem_id="number-cards")
        number_stroke = gr.Button(visible="hidden", elem_id="number-pad-stroke")
        number_live = gr.Button(visible="hidden", elem_id="number-pad-live")
        number_drawn = gr.Textbox(visible="hidden")
    with gr.Tab("Upload a photo"):
        with gr.Row(equal_height=False):
            with gr.Column(scale=5, min_width=300):
                upload = gr.Image(type="pil", image_mode=None, sources=["upload", "clipboard"],
                                  label="Upload a photo of a digit or a number: a photo, scan or "
                                        "screenshot", elem_id="upload")
            with gr.Column(scale=4, min_width=280):
                upload_out = result_panel("upload-", "upload")
                upload_cards = gr.HTML("", elem_id="upload-cards")
        rejected = gr.State(False)
    with gr.Tab("Mistakes"):
        with gr.Row():
            true_digit = gr.Dropdown(DIGITS, value="any", label="True digit", elem_id="true-digit")
            pred_digit = gr.Dropdown(DIGITS, value="any", label="Predicted", elem_id="pred-digit")
        gallery_note = gr.Markdown()
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                mistakes = gr.Gallery(label="MNIST test digits this model gets wrong",
                                      show_label=False, columns=5,
                                      allow_preview=False, elem_id="gallery")
            with gr.Column(scale=2):
                inspect_note = gr.Markdown()
                inspect_bars = gr.HTML(display.bars_html(None))
                inspect_seen = gr.HTML(display.seen_html(None, "28x28"), elem_id="inspect-seen")
        rows = gr.State([])
    with gr.Tab("Model"):
        card = gr.Markdown()
        with gr.Row():
            acc_plot = gr.LinePlot(x="epoch", y="accuracy", color="split", label="Accuracy per epoch",
                                   elem_id="accuracy-curve")
            loss_plot = gr.LinePlot(x="epoch", y="loss", color="split", label="Loss per epoch")
        with gr.Row():
            counts_plot = gr.BarPlot(x="digit", y="training examples", sort="x", y_lim=[0, None],
                                     label="Training examples per digit (MNIST + drawings)",
                                     elem_id="counts-plot")
            accuracy_plot = gr.BarPlot(x="digit", y="test accuracy (%)", sort="x",
                                       label="Accuracy per digit on the 10,000 MNIST test digits",
                                       elem_id="accuracy-plot")
        confusion = gr.HTML()

    quiet = {"show_progress": "hidden", "trigger_mode": "always_last", "preprocess": False}
    drawing = ([pad, pad_drawn, model, inside_open, why], [*draw_out, seen_x, inside_html])
    photo = ([upload, model, rejected], [*upload_out, upload_cards, upload, rejected])
    upload.change(read_upload, *photo, api_visibility="private", **quiet)
    # The API: plain values (no HTML, no Markdown) in outputs named prediction, probabilities and
    # message. Their triggers are never shown or clicked; only API callers run them. (Private
    # events take their handler's name as api_name: no handler may be called predict_photo.)
    with gr.Group(visible=False):
        api_out = [gr.Label(label="prediction"), gr.JSON(label="probabilities"),
                   gr.Textbox(label="message")]
        for source, name in ((pad, "predict"), (upload, "predict_photo")):
            gr.Button().click(partial(answer, source=source), [source, model], api_out,
                              api_name=name, **quiet)
        gr.Button().click(answer_number, [number_pad, model],
                          [gr.Textbox(label="number"), gr.JSON(label="digits"),
                           gr.Textbox(label="message")], api_name="predict_number", **quiet)
    model.change(read_upload, *photo, api_visibility="private", **quiet)
    # the Look inside panel: drawn when opened and when the digit to compare changes
    inside_box.expand(lambda: True, None, inside_open, queue=False, api_visibility="private")
    inside_box.collapse(lambda: False, None, inside_open, queue=False, api_visibility="private")
    panel = [trigger(inside, [seen_x, model, why], inside_html, api_visibility="private",
                     show_progress="hidden", trigger_mode="always_last")
             for trigger in (inside_box.expand, why.change)]
    # A pad's answers come from two events outside the queue (a stroke is one request, not a
    # queue join and its event stream: benchmarks/hall.py). Its stroke button, clicked by the
    # page (mnist_demo/page/pads.js) after every stroke, Undo, Redo and Clear and at a model
    # change, reads the Sketchpad's own composite: the last word. Its live button reads the page's
    # own copy of the drawing while the pen moves and as it lifts, ~0.7 s sooner. Each runs one
    # at a time (always_last), and the page keeps the two in order: an answer to an older drawing
    # never lands over a newer one, nor a live answer over the composite's of the same drawing.
    # A new answer redraws the panel: a render still pending for the old one must not land after
    # it. Their answers are the strings the page shows, and skip Gradio's postprocessing, which
    # hands each output to a thread of its own; nor is any a gr.skip(), for which Gradio builds
    # a new component: with both, Gradio's own work on a stroke took 3.0-3.7 ms of CPU, without
    # them 1.3-1.5 (benchmarks/floor_app.py, 32 people).
    stroke = {**quiet, "api_visibility": "private", "queue": False, "postprocess": False}
    pad_stroke.click(predict_drawing, *drawing, cancels=panel, **stroke)
    number_stroke.click(read_number_drawing, [number_pad, number_drawn, model],
                        [number_verdict, number_cards], **stroke)
    pad_live.click(predict_live, drawing[0][1:], drawing[1], cancels=panel, **stroke)
    number_live.click(read_number_live, [number_drawn, model], [number_verdict, number_cards],
                      **stroke)
    strokes = json.dumps([pad_stroke.elem_id, number_stroke.elem_id])
    model.change(None, js=f"() => {{ for (const id of {strokes}) window.mnistDemoAsk(id); }}")

    filters = [model, true_digit, pred_digit]
    for trigger in (model.change, true_digit.change, pred_digit.change, demo.load):
        trigger(gallery, filters, [mistakes, rows, gallery_note, inspect_bars, inspect_seen,
                                   inspect_note], api_visibility="private",
                show_progress="hidden")
    mistakes.select(inspect, [model, rows], [inspect_bars, inspect_seen, inspect_note],
                    api_visibility="private", show_progress="hidden")
    for trigger in (model.change, demo.load):
        trigger(model_card, model, [card, confusion, acc_plot, loss_plot, counts_plot, accuracy_plot],
                api_visibility="private",
                show_progress="hidden")

# The page's JavaScript (mnist_demo/page/; what it does and why: pads.js)
PAGE_JS = display.page_script(workSide=WORK_SIDE, unread=UNREAD, brush=BRUSH, live=["pad"],
                              pads={pad.elem_id: [CANVAS, CANVAS], number_pad.elem_id: list(PAD)})
LAUNCH = {"theme": THEME, "css_paths": [display.PAGE / "style.css"], "js": PAGE_JS,
          "max_file_size": MAX_UPLOAD, "footer_links": [], "ssr_mode": False}

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    demo.queue(default_concurrency_limit=CONCURRENCY).launch(**LAUNCH)
