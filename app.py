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
MAX_DRAWN = 10 * 2**20 * 4 // 3  # a pad's drawing sent in base64 (PAGE_JS), as long as 10 MB
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


# --- events ------------------------------------------------------------------------------------

def _image(source, payload, drawn: str = ""):
    """What to read of an input: a pad's drawing as the page sends it with a stroke, its PNG in
    base64 (`drawn`, PAGE_JS), else the path of the image file its payload names, read by to_mnist
    itself (in a worker): events run with preprocess=False, so that a corrupt, truncated or
    oversized upload gets a message, not a failed event, and so that of a Sketchpad's value only
    the composite is decoded (Gradio's own preprocessing would decode its background and every
    layer too). `drawn` is only ever decoded as bytes, never taken for a path."""
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
        return Read(message=f"{ASK[kind][0]} {e.reason}: {ASK[kind][1]}.")
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

# Four things Gradio 6.31's page does that neither a person at the pad nor the server must pay for:
# - The Sketchpad waits for a click on its Brush button ("select the draw tool to start"). A
#   person must be able to draw at once, also after Clear: whenever a pad shows no active tool,
#   click its Brush button.
# - A Sketchpad with a change or input event sends its three images after every stroke to a
#   server-side store (`accept_blobs`) that only Gradio's preprocessing empties, while the event
#   itself carries the same images uploaded again: nothing reads the store, and it kept 9 of 10
#   strokes' images (about 20 kB each) for the server's lifetime. So the pads have no event of
#   their own: when a pad's drawing changes (pen up, Undo, Redo, Clear), the page clicks its
#   hidden stroke button, whose event reads the pad as a button's event reads any input.
# - An event that reads a pad uploads the pad's three images (background, drawing layer and
#   composite) as files before it asks for its answer, and once a pad has been an event's input,
#   the page uploads them again on every loading-status update of any event: about 21 uploads a
#   stroke. Only the composite is ever read, and an upload costs Gradio more than the answer
#   itself (benchmarks/hall.py). So the page answers the pads' uploads itself (those without
#   upload progress, which a photo has) and sends the composite's PNG, in base64, in the stroke's
#   own request, in the hidden "drawn" box that follows the pad among the event's inputs: a
#   stroke is one request.
PAGE_JS = r"""
() => {
  const pick = () => {
    for (const pad of document.querySelectorAll('#pad, #number-pad')) {
      const brush = pad.querySelector('button[aria-label="Brush"], button[title="Brush"]');
      const waiting = /select the draw tool/i.test(pad.innerText);
      if (brush && (waiting || !pad.dataset.brushPicked)) { brush.click(); pad.dataset.brushPicked = '1'; }
    }
  };
  new MutationObserver(pick).observe(document.body, {subtree: true, childList: true});
  pick();

  // A pad's answer is asked for with a click of its hidden stroke button: when its drawing
  // changed (once the editor has drawn the change) and when the model changes (app.py). Gradio
  // runs a click made while the previous click's request is out after that one's answer
  // (always_last); but clicks made while the pad's images are still being extracted all go out,
  // in any order, so that a model change right after a stroke could be answered first and the
  // old model's answer land over it. So a click waits until the previous one's request is out.
  const asked = {};  // stroke button id -> {out: its last click's request is out, again, at}
  const ask = (id) => {
    const a = (asked[id] ??= {out: true, again: false, at: 0});
    if (!a.out && performance.now() - a.at < 5000) {  // 5 s: a click whose request never went out
      if (!a.again) setTimeout(() => a.again && ask(id), 5000);
      a.again = true;
      return;
    }
    Object.assign(a, {out: false, again: false, at: performance.now()});
    document.getElementById(id)?.click();
  };
  window.mnistDemoAsk = ask;
  const out = (fn) => {  // the request of event `fn` goes out
    const config = window.gradio_config;
    const target = config?.dependencies?.find((d) => d.id === fn)?.targets?.[0]?.[0];
    const id = config?.components?.find((c) => c.id === target)?.props?.elem_id;
    if (!asked[id]) return;  // not a stroke button's
    asked[id].out = true;
    if (asked[id].again) setTimeout(() => ask(id), 0);  // Gradio runs it after this one's answer
  };
  const changed = (pad) => setTimeout(() => ask(`${pad.id}-stroke`), 30);
  let drawing = null;  // the pad a pointer is drawing on
  document.addEventListener('pointerdown', (e) => {
    drawing = e.target.closest?.('canvas') ? e.target.closest('#pad, #number-pad') : null;
  }, true);
  for (const up of ['pointerup', 'pointercancel'])
    document.addEventListener(up, () => { if (drawing) changed(drawing); drawing = null; }, true);
  document.addEventListener('click', (e) => {
    const button = e.target.closest?.('button[aria-label="Undo"], button[aria-label="Redo"], button[aria-label="Clear canvas"]');
    const pad = button?.closest('#pad, #number-pad');
    if (pad) changed(pad);
  }, true);

  // A pad's images never reach the server as files: the page answers their uploads itself, with
  // names of its own, and a stroke's request carries the composite's PNG in base64 in the input
  // that follows the pad (its hidden "drawn" box), the pad itself sent as nothing. The editor
  // extracts the same images again on every status update: same bytes, same name.
  const drawings = new Map();  // name -> base64 of a composite, newest last
  const name = async (file) => {
    if (file.name !== 'composite.png') return 'pad-unread';  // background, layers: never read
    const bytes = new Uint8Array(await file.arrayBuffer());
    let h = 2166136261;
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619);
    const key = `pad-drawing-${bytes.length}-${h >>> 0}`;
    let text = drawings.get(key);  // the same image extracted again: encoded once
    if (text === undefined) {
      const sent = (await grey(file, bytes)) ?? bytes;
      text = '';
      for (let i = 0; i < sent.length; i += 32768) text += String.fromCharCode(...sent.subarray(i, i + 32768));
      text = btoa(text);
    }
    drawings.delete(key);  // newest last
    drawings.set(key, text);
    if (drawings.size > 32) drawings.delete(drawings.keys().next().value);
    return key;
  };
  // The server's first step on a drawing, taken here with Pillow's own integer arithmetic, so
  // that the server reads exactly the same pixels (preprocess._grey_from_pil: an opaque image
  // made grey, then averaged over 2x2 boxes where its longer side is over WORK_SIDE and at most
  // twice that): the pad's 400x400 colour PNG goes up as a 200x200 grey one, which the server
  // decodes in a twentieth of the time. Any other image (transparent, 16-bit, a browser without
  // these APIs) goes up as it is.
  const grey = async (file, bytes) => {
    if (bytes[24] !== 8 || (bytes[25] !== 2 && bytes[25] !== 6)) return null;  // 8-bit RGB(A) PNG
    try {
      const bitmap = await createImageBitmap(file, {premultiplyAlpha: 'none', colorSpaceConversion: 'none'});
      const [w, h] = [bitmap.width, bitmap.height];
      const context = new OffscreenCanvas(w, h).getContext('2d', {willReadFrequently: true});
      context.drawImage(bitmap, 0, 0);
      const rgba = context.getImageData(0, 0, w, h).data;
      const l = new Uint8Array(w * h);
      for (let i = 0, j = 0; i < l.length; i++, j += 4) {
        if (rgba[j + 3] !== 255) return null;  // transparent: the server flattens it
        l[i] = (rgba[j] * 19595 + rgba[j + 1] * 38470 + rgba[j + 2] * 7471 + 0x8000) >>> 16;
      }
      const k = Math.ceil(Math.max(w, h) / __WORK_SIDE__) === 2 && w % 2 === 0 && h % 2 === 0 ? 2 : 1;
      const [W, H] = [w / k, h / k];
      const rows = new Uint8Array(H * (W + 1));  // each row after its filter type, 0 (none)
      for (let y = 0; y < H; y++) {
        for (let x = 0, i = k * y * w; x < W; x++, i += k)
          rows[y * (W + 1) + 1 + x] = k === 1 ? l[i] : (l[i] + l[i + 1] + l[i + w] + l[i + w + 1] + 2) >> 2;
      }
      const head = new Uint8Array(13);  // width, height, 8 bits, grey, deflate, no filter, no interlace
      new DataView(head.buffer).setUint32(0, W);
      new DataView(head.buffer).setUint32(4, H);
      head[8] = 8;
      const zlib = new Blob([rows]).stream().pipeThrough(new CompressionStream('deflate'));
      const data = new Uint8Array(await new Response(zlib).arrayBuffer());
      return new Uint8Array(await new Blob([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
        chunk('IHDR', head), chunk('IDAT', data), chunk('IEND', new Uint8Array())]).arrayBuffer());
    } catch (e) { return null; }
  };
  const crcs = Array.from({length: 256}, (_, c) => {
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const chunk = (type, data) => {  // a PNG chunk: length, type, data, CRC of type and data
    const out = new Uint8Array(12 + data.length);
    out.set([...type].map((c) => c.charCodeAt(0)), 4);
    out.set(data, 8);
    let c = ~0;
    for (let i = 4; i < 8 + data.length; i++) c = crcs[(c ^ out[i]) & 255] ^ (c >>> 8);
    new DataView(out.buffer).setUint32(0, data.length);
    new DataView(out.buffer).setUint32(8 + data.length, ~c >>> 0);
    return out;
  };
  const ours = (f) => typeof f?.path === 'string' && /^pad-/.test(f.path);
  const send = window.fetch;
  window.fetch = async function (url, init) {
    const files = /\/gradio_api\/upload$/.test(String(url)) && init?.body instanceof FormData
      ? init.body.getAll('files') : [];
    if (files.length && files.every((f) => f instanceof Blob && /^(composite|background|layer_\d+)\.png$/.test(f.name)))
      return new Response(JSON.stringify(await Promise.all(files.map(name))),
                          {headers: {'Content-Type': 'application/json'}});
    if (/\/gradio_api\/run\/predict$/.test(String(url)) && typeof init?.body === 'string') {
      try {
        const body = JSON.parse(init.body);
        out(body.fn_index);
        if (init.body.includes('"pad-')) {
          body.data.forEach((v, i) => {
            if (v?.constructor === Object && 'composite' in v && [v.composite, v.background, ...(v.layers || [])].some(ours)) {
              body.data[i] = null;
              body.data[i + 1] = drawings.get(v.composite?.path) ?? '';
            }
          });
          init = {...init, body: JSON.stringify(body)};
        }
      } catch (e) { console.error('mnist_demo: a stroke sent as the page made it', e); }
    }
    return send.apply(this, [url, init]);
  };
}
""".replace("__WORK_SIDE__", str(WORK_SIDE))

CSS = """
.bars { font-variant-numeric: tabular-nums; }
.bars .row { display: flex; align-items: center; gap: .5em; margin: 2px 0; }
.bars .digit { width: 1.2em; font-weight: 700; font-size: 1.15em; text-align: center; }
.bars .track { flex: 1; height: 1.1em; background: var(--block-background-fill, #f3f4f6);
  border: 1px solid var(--border-color-primary, #e5e7eb); border-radius: 4px; overflow: hidden; }
.bars .bar { display: block; height: 100%; background: #94a3b8; transition: width .15s; }
.bars .bar.top { background: var(--color-accent, #f97316); }
.bars.doodle .bar.top { background: #94a3b8; }  /* not a digit: no highlighted answer */
.bars .pct { width: 4em; text-align: right; font-size: .9em; }
table.confusion { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 1em auto;
  font-size: 1.25em; }
table.confusion caption { font-size: .8em; padding-bottom: .4em; }
table.confusion td, table.confusion th { border: 1px solid #e5e7eb; padding: 6px 14px; text-align: right; min-width: 2.6em; }
.seen { margin: .5em 0; text-align: center; }
.seen img { display: block; margin: 0 auto; width: 168px; height: 168px; image-rendering: pixelated; border-radius: 4px; }
.seen figcaption, .seen.empty { font-size: .9em; opacity: .7; }
#gallery .caption-label { max-width: 100%; font-size: .8em; left: 2px; right: 2px; text-align: center; }
#verdict { font-size: 1.25em; min-height: 2.2em; }
#verdict strong, #upload-verdict strong { font-size: 1.6em; line-height: 1; color: var(--color-accent, #f97316); }
@media (max-width: 640px) {  /* a phone: the pad as tall as the canvas it shows, the answer right under it */
  #pad { height: 330px !important; }
  #number-pad { height: 200px !important; }
  .number .read { font-size: 2.4em; }
  .number figure img { width: 56px; height: 56px; }
  #intro p { display: none; }
  #intro h1 { font-size: 1.5em; margin: 0; }
  #model [data-testid="block-info"] { display: none; }  /* the CNN / MLP buttons say it */
  #verdict { min-height: 0; }
  .bars .row { margin: 0; }
  .bars .track { height: .8em; }
}
.inside figure { margin: .8em 0; }
.inside figcaption { font-size: .9em; margin-bottom: .3em; }
.inside img { display: block; margin: 0; max-width: 100%; height: auto; image-rendering: pixelated; border-radius: 3px; }
.inside .why { display: flex; flex-wrap: wrap; gap: 1.5em; }
.inside .why figure { flex: 0 1 224px; margin: 0; }
.inside .why img { border: 1px solid #cbd5e1; }
.inside .bars { max-width: 560px; }
.inside.empty { opacity: .7; padding: 1em 0; }
.number .read { font-size: 3.2em; font-weight: 700; letter-spacing: .08em; line-height: 1.1;
  font-variant-numeric: tabular-nums; color: var(--color-accent, #f97316); }
.number .cards { display: flex; flex-wrap: wrap; gap: .6em; margin-top: .4em; }
.number figure { margin: 0; text-align: center; }
.number figure img { display: block; width: 84px; height: 84px; image-rendering: pixelated; border-radius: 4px; }
.number figcaption { font-size: .9em; font-variant-numeric: tabular-nums; }
.number figcaption b { font-size: 1.3em; }
.number .unsure { opacity: .38; filter: grayscale(1); }
.number.empty { opacity: .7; padding: .5em 0; }
#number-verdict { font-size: 1.1em; min-height: 1.6em; }
.bars .track.signed { position: relative; }
.bars .track.signed::after { content: ""; position: absolute; left: 50%; top: 0; bottom: 0; border-left: 1px solid #64748b; }
.bars .track.signed .bar { position: absolute; top: 0; }
.bars .bar.pos { background: #dc2626; } .bars .bar.neg { background: #2563eb; }
"""

# System fonts only: the default theme would fetch Google Fonts, and nothing may leave the machine.
THEME = gr.themes.Soft(primary_hue="orange", font=["ui-sans-serif", "system-ui", "sans-serif"],
                       font_mono=["ui-monospace", "monospace"])
DIGITS = ["any"] + [str(d) for d in range(10)]


def result_panel(prefix: str, kind: str):
    """The outputs every prediction fills: verdict, bars, and the model's 28x28 input."""
    verdict = gr.Markdown(idle(kind), elem_id=f"{prefix}verdict")
    bars = gr.HTML(display.bars_html(None), label="Probabilities", elem_id=f"{prefix}bars")
    seen = gr.HTML(display.seen_html(None), elem_id=f"{prefix}seen")
    return [verdict, bars, seen]


PEN = {"brush": gr.Brush(default_size=9, colors=["#000000"], color_mode="fixed"),
       "eraser": gr.Eraser(default_size=16), "transforms": (), "sources": (), "layers": False,
       "fixed_canvas": True, "type": "numpy", "image_mode": "RGBA", "show_label": False}


# Photos and API calls upload files: every hour, the files of uploads and outputs over six hours
# old are deleted, so that a busy server's disk and its list of files do not grow for ever.
FILES_KEPT = (3600, 6 * 3600)  # (how often, what age), seconds

with gr.Blocks(title="Draw a digit: MNIST MLP vs CNN", delete_cache=FILES_KEPT) as demo:
    gr.Markdown("# ✏️ Draw a digit\nAn MLP and a CNN trained on MNIST guess it live, "
                "after every stroke. Everything runs on this machine.", elem_id="intro")
    model = gr.Radio(list(MODELS), value="CNN", label="Model", elem_id="model")
    with gr.Tab("Draw"):
        with gr.Row(equal_height=False):
            with gr.Column(scale=5, min_width=300):
                pad = gr.Sketchpad(elem_id="pad", label="Draw one digit 0-9",
                                   canvas_size=(CANVAS, CANVAS), height=CANVAS + 60, **PEN)
            with gr.Column(scale=4, min_width=280):
                draw_out = result_panel("", "pad")
        with gr.Accordion("🔬 Look inside: what each layer sees, and why it answered that",
                          open=False, elem_id="inside") as inside_box:
            why = gr.Radio([RUNNER_UP] + [str(d) for d in range(10)], value=RUNNER_UP,
                           label="Why not a …? Compare the answer with", elem_id="why")
            inside_html = gr.HTML(display.inside_empty(), elem_id="inside-panel")
        seen_x, inside_open = gr.State(None), gr.State(False)
        pad_stroke = gr.Button(visible="hidden", elem_id="pad-stroke")
        pad_drawn = gr.Textbox(visible="hidden")
    with gr.Tab("Number"):
        number_pad = gr.Sketchpad(elem_id="number-pad", label="Write a number, digits side by side",
                                  canvas_size=PAD, height=PAD[1] + 60, **PEN)
        number_verdict = gr.Markdown(idle("number-pad"), elem_id="number-verdict")
        number_cards = gr.HTML(display.number_html([]), elem_id="number-cards")
        number_stroke = gr.Button(visible="hidden", elem_id="number-pad-stroke")
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
                                      show_label=False, columns=5, height=520,
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
    # A pad's answers: its stroke button, clicked by the page script (PAGE_JS) after every stroke,
    # runs outside the queue, so that a stroke is one request and not a queue join and its event
    # stream (benchmarks/hall.py). A model change clicks it too: a pad's answers then all come from
    # one event, which runs one at a time (always_last: a click while its request is out waits
    # for its answer and reads the pad then; the page script holds a click until the previous
    # one's request is out), so the answer to a stroke drawn before the change, if slow, cannot
    # land after the new model's. A new answer redraws the panel: a render still pending for the
    # old one must not land after it. Their answers are the strings the page shows, and skip
    # Gradio's postprocessing, which hands each output to a thread of its own; nor is any a
    # gr.skip(), for which Gradio builds a new component: with both, Gradio's own work on a
    # stroke took 3.0-3.7 ms of CPU, without them 1.3-1.5 (benchmarks/floor_app.py, 32 people).
    stroke = {**quiet, "api_visibility": "private", "queue": False, "postprocess": False}
    pad_stroke.click(predict_drawing, *drawing, cancels=panel, **stroke)
    number_stroke.click(read_number_drawing, [number_pad, number_drawn, model],
                        [number_verdict, number_cards], **stroke)
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

LAUNCH = {"theme": THEME, "css": CSS, "js": PAGE_JS, "max_file_size": MAX_UPLOAD,
          "footer_links": [], "ssr_mode": False}

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    demo.queue(default_concurrency_limit=CONCURRENCY).launch(**LAUNCH)
