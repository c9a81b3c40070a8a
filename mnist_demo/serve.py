"""What the app answers: every event of its page (app.py) and its API, from the input and the
chosen model to the page's outputs. The models and their MNIST mistakes are loaded once, here, and
drawings and photos are read in worker processes (mnist_demo/answer.py).

An input is named by its kind: "pad" (the Draw tab's Sketchpad), "number-pad" (the Number tab's)
or "upload" (the Upload tab's photo); each is the elem_id of its component in app.py.
"""
import asyncio
import base64
import binascii
import hmac
import json
import logging
import os
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path
from typing import NamedTuple

import gradio as gr
import numpy as np
import pandas as pd
import torch
from gradio.components.image_editor import EditorData
from gradio.data_classes import ImageData

from . import EmptyImageError, WeightsError, display
from .answer import Workers, loaded, read, read_digits
from .corrections import NOT_A_DIGIT, CorrectionError, Corrections, default_path, label_of
from .evaluate import errors_path
from .inside import look, saliency
from .models import WEIGHTS_DIR, one_thread, verify
from .novelty import classify
from .number import number_text
from .teach import Head, personal, taught

log = logging.getLogger("mnist_demo.serve")
MODELS = {"CNN": "cnn", "MLP": "mlp"}
MAX_UPLOAD = "10mb"   # Gradio refuses bigger files before they reach Python
MAX_DRAWN = 10 * 2**20 * 4 // 3  # a pad's drawing as the page sends it, in base64: up to 10 MB
UNREAD = "unread"     # what the page sends for a pad's drawing it could not get (never base64)
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


def _image(kind: str, payload, drawn: str = ""):
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
    if kind == "upload":
        return ImageData.model_validate(payload).path
    data = EditorData.model_validate(payload)
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


async def _read(payload, model_name: str, kind: str = "pad", drawn: str = "",
                mine: "Mine | None" = None) -> Read:
    """The value of an input of `kind` (Sketchpad or Image), or a pad's drawing sent by the page
    (`drawn`, see _image), + model name -> Read; every failure is a message. `mine`: a page's
    personal copy of the model (teach_mine), which answers instead."""
    if LOADED.get(model_name, Loaded()).net is None:
        return Read(message=_unavailable(model_name))
    if payload is None and not drawn:
        return Read(message=idle(kind))
    try:
        x, p, doodle, thick, polygon = await READER.run(read, _image(kind, payload, drawn),
                                                        MODELS[model_name], mine and mine.head)
    except Exception as e:
        return _failed(e, kind)
    who = mine.name if mine else model_name
    # a doodle: no label
    return Read(x, p, not doodle, display.verdict(p, who, not doodle, thick, polygon))


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


async def _number(payload, model_name: str, kind: str, drawn: str = "") -> tuple[list, str]:
    """The value of an input of `kind` (or a pad's drawing sent by the page, see _image) + model
    name ->
    (the digits read left to right, the verdict in Markdown); no digits and a message when
    nothing could be read."""
    if LOADED.get(model_name, Loaded()).net is None:
        return [], _unavailable(model_name)
    if payload is None and not drawn:
        return [], idle(kind)
    try:
        digits = await READER.run(read_digits, _image(kind, payload, drawn), MODELS[model_name])
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
    r = await _read(payload, model_name, "upload")
    digits = await _number(payload, model_name, "upload") if r.p is not None else ([], "")
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
    digits, message = await _number(payload, model_name, "number-pad")
    return number_text(digits), [
        {"digit": int(d.p.argmax()), "probability": float(d.p.max()),
         "sure": not display.unsure(d.p, d.doodle), "doodle": d.doodle, "box": list(d.box),
         "probabilities": display.label_value(d.p)} for d in digits], display.plain(message)


async def read_number_drawing(payload, drawn: str, model_name: str):
    """The Number tab after every stroke: the verdict and one card per digit."""
    digits, message = await _number(payload, model_name, "number-pad", drawn)
    return message, display.number_html(digits)


async def answer(payload, model_name: str, kind: str = "pad"):
    """For the API (/predict, /predict_photo): (prediction, probabilities, message).
    prediction: gr.Label's value, empty ({} for API callers) for a doodle or when nothing was read;
    probabilities: {"0": p0, ..., "9": p9}, None when nothing could be read; message: plain text."""
    r = await _read(payload, model_name, kind)
    probs = None if r.p is None else display.label_value(r.p)
    return probs if r.digit_like else None, probs, display.plain(r.message)


RUNNER_UP = "runner-up"  # the Look inside panel's default digit to compare with


def inside(x, model_name: str, why: str = RUNNER_UP, mine: "Mine | None" = None) -> str:
    """The Look inside panel for the 28x28 `x` (None: nothing drawn): layers and heat maps, of
    the model or of the page's personal copy of it (`mine`, teach_mine)."""
    net = LOADED.get(model_name, Loaded()).net
    if net is None:
        return display.inside_empty(_unavailable(model_name))
    if x is None:
        return display.inside_empty()
    if mine is not None:
        net = personal(MODELS[model_name], mine.head)
        model_name = mine.name
    seen = look(net, x)
    order = np.argsort(-seen.probs, kind="stable")
    other = int(order[1]) if why in (None, RUNNER_UP) else int(why)
    digits = [int(order[0])] + ([other] if other != order[0] else [])
    return display.inside_html(seen, x, saliency(net, x, digits), digits, model_name)


async def inside_panel(x, model_name: str, why: str, request: gr.Request = None) -> str:
    """The Look inside panel as it opens or its digit to compare changes: drawn in a thread, for
    the copy that answers this page."""
    return await asyncio.to_thread(inside, x, model_name, why, mine(request, model_name))


# The Look inside panel while it is closed: opening it draws it (inside_box.expand).
CLOSED = display.inside_empty("Looking inside…")


async def predict_drawing(payload, drawn: str, model_name: str, panel_open: bool, why: str,
                          request: gr.Request = None):
    """The Draw tab after every stroke (the pad's value, or its drawing as the page sends it),
    read by the model or the page's personal copy of it: _shown's outputs, the 28x28 kept for the
    Look inside panel, and the panel itself only while it is open (closed, it costs nothing; open,
    it is drawn in a thread, off the event loop that serves everyone)."""
    m = mine(request, model_name)
    r = await _read(payload, model_name, "pad", drawn, m)
    panel = await asyncio.to_thread(inside, r.x, model_name, why, m) if panel_open else CLOSED
    return *_shown(r), r.x, panel


async def predict_live(drawn: str, model_name: str, panel_open: bool, why: str,
                       request: gr.Request = None):
    """The Draw tab from the page's own copy of the pad's drawing (mnist_demo/page/shadow.js)."""
    return await predict_drawing(None, drawn, model_name, panel_open, why, request)


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


# --- corrections: what people tell the model (mnist_demo/corrections.py) ----------------------

_store = None


def corrections() -> Corrections:
    """The room's database, opened at first use ($MNIST_DEMO_DB; corrections.default_path)."""
    global _store
    if _store is None:
        _store = Corrections(default_path())
    return _store


def _answer_of(x: np.ndarray, model_name: str) -> int:
    """The model's answer for the 28x28 `x`: its digit, or NOT_A_DIGIT where it flagged it."""
    net, stats = loaded(MODELS[model_name])
    with one_thread():
        p, doodle = classify(net, stats, x)
    return NOT_A_DIGIT if doodle else int(np.argmax(p))


def _kept(x, model_name: str, label, session: str, answer: int | None = None) -> str:
    """Keep a drawing's 28x28 with the label a person gave ("right": the model's own answer,
    `answer` where the caller has it already); what was kept, in one line of Markdown, or why
    not."""
    if model_name not in MODELS or LOADED[model_name].net is None:
        return _unavailable(model_name)
    if x is None:
        return "Nothing to keep: draw a digit first."
    try:
        if answer is None:
            answer = _answer_of(np.asarray(x, np.float32), model_name)
        given = answer if label == "right" else label_of(label)
        kept = corrections().keep(x, model_name, answer, given, session)
    except CorrectionError as e:
        return f"⚠️ {e}"
    if kept.again:
        return f"Already kept as drawing #{kept.id}: this drawing, as {_said(kept.label)}."
    was = (f"the {model_name} was right" if given == answer else
           f"the {model_name} said {_said(answer)}")
    said = "not a digit" if kept.label == NOT_A_DIGIT else f"a **{kept.label}**"
    return (f"Kept as drawing #{kept.id}: {said} ({was}). The room has {kept.total}; only the "
            f"28x28 is kept, in the room's database.")


def _session(request: gr.Request | None, default: str = "page") -> str:
    return getattr(request, "session_hash", None) or default


def correct_drawing(x, model_name: str, label: str, request: gr.Request = None) -> str:
    """The Draw tab's buttons under the answer: this drawing was `label` (a digit, "not a
    digit", or "right")."""
    return _kept(x, model_name, label, _session(request))


async def correct_image(payload, model_name: str, label: str, request: gr.Request = None) -> str:
    """For the API (/correct): an image (a Sketchpad value), the model, and the digit it was
    ("0"-"9" or "not a digit") -> what was kept, in plain text."""
    r = await _read(payload, model_name, "pad")
    if r.x is None:
        return display.plain(r.message)
    answer = int(np.argmax(r.p)) if r.digit_like else NOT_A_DIGIT  # read once, in a worker
    return display.plain(_kept(r.x, model_name, label, _session(request, "api"), answer))


def room() -> dict:
    """For the API (/room): the room's drawings counted, the models' accuracy on them, and the
    confusion of corrections (label -> answer -> count; -1: not a digit)."""
    return corrections().room()


# --- the room: what everyone drew and told the model, for the presenter's screen ---------------

WALL = 30  # the newest drawings the Room tab shows
NAMES = [str(d) for d in range(10)] + ["none"]  # the room's classes: NOT_A_DIGIT last


def _said(label: int) -> str:
    return "not a digit" if label == NOT_A_DIGIT else str(label)


def room_view(shown: list | None = None):
    """The Room tab: its counts (Markdown), its wall (the newest drawings with their captions)
    and the confusion of what the room told the models, and the room's version they show.
    Given the version the page shows (`shown`, its refresh every few seconds) and the room
    unchanged, nothing is drawn or sent again (gr.skip)."""
    version = list(corrections().version())
    if shown == version:
        return gr.skip(), gr.skip(), gr.skip(), version
    return *_room_view(), version


def _room_view():
    r = corrections().room()
    wall = [(display.thumbnail(row["x"]),
             f"{_said(row['label'])} ✓" if row["label"] == row["answer"] else
             f"{row['model']} said {_said(row['answer'])} → {_said(row['label'])}")
            for row in corrections().rows(WALL)]
    if not r["drawings"]:
        return ("Nobody has told the model anything yet: draw on the Draw tab, then tap the "
                "digit it was (or *right*).", wall, "")
    matrix = np.zeros((11, 11), int)
    for label, answers in r["confusion"].items():
        for answer, n in answers.items():
            matrix[int(label) % 11, int(answer) % 11] = n  # -1 (not a digit) -> 10
    return (f"**{r['drawings']}** drawing{'s' * (r['drawings'] != 1)} told; the models were "
            f"right on **{r['right']}** "
            f"({display.percent(r['accuracy'])}). Newest first:", wall,
            display.confusion_html(matrix, NAMES, "rows: what it was · columns: what the model "
                                                  "said (none: not a digit)"))


def presenter(key: str) -> bool:
    """Whether `key` is the presenter's ($MNIST_DEMO_PRESENTER_KEY; without it, nobody is)."""
    wanted = os.environ.get("MNIST_DEMO_PRESENTER_KEY", "")
    return bool(wanted) and hmac.compare_digest((key or "").encode(), wanted.encode())


NOT_PRESENTER = ("⚠️ Only the presenter can do that: the key of `MNIST_DEMO_PRESENTER_KEY` "
                 "(without it, the room is view-only).")


def clear_room(key: str) -> str:
    if not presenter(key):
        return NOT_PRESENTER
    return f"Cleared: the room's {corrections().clear()} drawings are gone."


def room_dataset(key: str):
    """The room as a data set: an npz of x (N, 28, 28) uint8, label and answer (-1: not a
    digit) and model, newest first; (its path, a note) or (None, why not)."""
    if not presenter(key):
        return None, NOT_PRESENTER
    rows = corrections().rows()
    path = Path(tempfile.mkdtemp(prefix="room-")) / "room.npz"
    x = np.array([(r["x"] * 255).round() for r in rows], np.uint8).reshape(-1, 28, 28)
    np.savez_compressed(path, x=x,
                        label=np.array([r["label"] for r in rows], np.int8),
                        answer=np.array([r["answer"] for r in rows], np.int8),
                        model=np.array([r["model"] for r in rows], str))
    return str(path), f"{len(rows)} drawings: x (28x28, uint8), label, answer, model."


# --- teaching: a page's personal copy of a model (mnist_demo/teach.py) -------------------------

TEACH_LEAST = 3           # drawings told before a model can be taught a hand
TEACH_MOST = 50           # the newest drawings taught (a page holds them: 39 kB)
MINE_KEPT = (256, 3600)   # personal copies held (one a page), and for how long, in seconds


class Mine(NamedTuple):
    model: str            # the model's name on the page ("CNN")
    head: Head            # what it remembers beside the committed model
    drawings: int         # how many of the page's drawings taught it
    at: float             # when

    @property
    def name(self) -> str:
        """As the page names the copy: "CNN + your 5 drawings"."""
        return f"{self.model} + your {self.drawings} drawings"


_mine: "OrderedDict[str, Mine]" = OrderedDict()  # page session -> its personal copy, oldest first


def mine(request: gr.Request | None, model_name: str) -> Mine | None:
    """The personal copy of `model_name` that this page taught, if any, and not too old."""
    while _mine and time.time() - next(iter(_mine.values())).at > MINE_KEPT[1]:
        _mine.popitem(last=False)
    m = _mine.get(_session(request, ""))
    return m if m and m.model == model_name else None


async def teach_mine(model_name: str, request: gr.Request = None, progress=gr.Progress()):
    """"Teach it my hand": a copy of the model that remembers the digits this page told it
    (teach.adapt, in a worker), answering this page's strokes from then on. Returns the note (what
    it learned, right before and after on those drawings) and the gallery of them."""
    if model_name not in MODELS or LOADED[model_name].net is None:
        return _unavailable(model_name), gr.Gallery(visible=False)
    session = _session(request, "")
    told = [r for r in corrections().rows(TEACH_MOST, session) if r["label"] != NOT_A_DIGIT] \
        if session else []
    if len(told) < TEACH_LEAST:
        return (f"Tell it at least {TEACH_LEAST} of your digits first: draw one, then tap the "
                f"digit it was (or *right*). {len(told)} so far.", gr.Gallery(visible=False))
    progress(0.2, desc=f"Teaching the {model_name} your {len(told)} drawings…")
    x = np.stack([r["x"] for r in told]).astype(np.float32)
    labels = [r["label"] for r in told]
    t = await READER.run(taught, MODELS[model_name], x, labels)
    _mine.pop(session, None)
    _mine[session] = Mine(model_name, t.head, len(told), time.time())
    while len(_mine) > MINE_KEPT[0]:
        _mine.popitem(last=False)
    right = [sum(a == y for a, y in zip(answers, labels)) for answers in (t.before, t.after)]
    return (f"Now answering: the **{model_name} + your {len(told)} drawings** (it remembers "
            f"your hand, on this page only). On your drawings: {right[0]} of {len(told)} "
            f"right before, **{right[1]} of {len(told)}** after.",
            gr.Gallery([(display.thumbnail(r["x"]), f"{y}: {b} → {a} {'✓' if a == y else '✗'}")
                        for r, y, b, a in zip(told, labels, t.before, t.after)], visible=True))


async def forget_mine(model_name: str, request: gr.Request = None):
    """The page's personal copy dropped: the committed model answers again. (A coroutine, as
    every event that reads or changes the copies: they change on the event loop only.)"""
    gone = _mine.pop(_session(request, ""), None)
    return (f"Forgotten: the {gone.model} answers as it was trained." if gone else
            "Nothing to forget: this page has not taught a model its hand."), \
        gr.Gallery(visible=False)
