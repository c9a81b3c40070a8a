"""Draw a digit; an MLP and a CNN trained on MNIST say which one it is.

    python app.py        (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT pick the address)

This file only lays out the page and wires its events to what answers them (mnist_demo/serve.py):
drawing -> to_mnist -> model -> display.
"""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline on stage: no telemetry

import importlib.util  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from functools import partial  # noqa: E402

import gradio as gr  # noqa: E402

from mnist_demo import display  # noqa: E402
from mnist_demo.handwriting import PAD  # noqa: E402
from mnist_demo.preprocess import WORK_SIDE  # noqa: E402
from mnist_demo.serve import (MAX_UPLOAD, MODELS, RUNNER_UP, UNREAD, answer,  # noqa: E402
                              answer_number, clear_room, correct_drawing, correct_image,
                              gallery, idle, inside_panel, inspect, model_card, predict_drawing,
                              predict_live, read_number_drawing, read_number_live,
                              read_upload, room, room_dataset, room_view, teach_mine,
                              forget_mine)

CANVAS = 400  # px; a brush of radius 9 then draws strokes close to MNIST's proportions
# The queue's concurrency limit: for API calls, the gallery and model card, and the Look inside
# panel (strokes and model changes re-reading the pads run outside the queue)
CONCURRENCY = int(os.environ.get("MNIST_DEMO_CONCURRENCY", "2"))
# Gradio runs every event inside `import matplotlib` (to switch its backend). Without matplotlib
# installed, that import fails anew on every request after a search of every folder on sys.path:
# 3% of the server's CPU under load (py-spy). Marked absent, it fails at once.
if importlib.util.find_spec("matplotlib") is None:
    sys.modules["matplotlib"] = None


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
    with gr.Tab("Draw") as draw_tab:
        with gr.Row(equal_height=False):
            with gr.Column(scale=5, min_width=300):
                pad = gr.Sketchpad(elem_id="pad", label="Draw one digit 0-9",
                                   canvas_size=(CANVAS, CANVAS), height=CANVAS + 60, **PEN)
            with gr.Column(scale=4, min_width=280):
                draw_out = result_panel("", "pad")
                # Tell the model: the digit it was, "not a digit", or "right"
                gr.Markdown("Wrong? Tap the digit it was, or *not a digit*. Right? Tap *right*.",
                            elem_id="correct-ask")
                with gr.Row(elem_id="correct"):
                    fixes = [gr.Button(label, size="sm", min_width=28, variant="secondary")
                             for label in [*"0123456789", "not a digit", "right"]]
                correct_note = gr.Markdown(elem_id="correct-note")
                # Teach it my hand: a personal copy of the model for this page (teach.py)
                with gr.Row(elem_id="teach"):
                    teach_button = gr.Button("Teach it my hand", size="sm", variant="primary")
                    forget_button = gr.Button("Forget my hand", size="sm", variant="secondary")
                teach_note = gr.Markdown(elem_id="teach-note")
                teach_gallery = gr.Gallery(visible=False, columns=8, height="auto",
                                           allow_preview=False, show_label=False,
                                           elem_id="teach-gallery")
        with gr.Accordion("Look inside: what each layer sees, and why it answered that",
                          open=False, elem_id="inside") as inside_box:
            why = gr.Radio([RUNNER_UP] + [str(d) for d in range(10)], value=RUNNER_UP,
                           label="Why not a …? Compare the answer with", elem_id="why")
            inside_html = gr.HTML(display.inside_empty(), elem_id="inside-panel")
        seen_x, inside_open = gr.State(None), gr.State(False)
        pad_stroke = gr.Button(visible="hidden", elem_id="pad-stroke")
        pad_copy = gr.Button(visible="hidden", elem_id="pad-copy")
        pad_live = gr.Button(visible="hidden", elem_id="pad-live")
        pad_drawn = gr.Textbox(visible="hidden")
    with gr.Tab("Number") as number_tab:
        number_pad = gr.Sketchpad(elem_id="number-pad", label="Write a number, digits side by side",
                                  canvas_size=PAD, height=PAD[1] + 60, **PEN)
        number_verdict = gr.Markdown(idle("number-pad"), elem_id="number-verdict")
        number_cards = gr.HTML(display.number_html([]), elem_id="number-cards")
        number_stroke = gr.Button(visible="hidden", elem_id="number-pad-stroke")
        number_copy = gr.Button(visible="hidden", elem_id="number-pad-copy")
        number_live = gr.Button(visible="hidden", elem_id="number-pad-live")
        number_drawn = gr.Textbox(visible="hidden")
    with gr.Tab("Upload a photo") as upload_tab:
        with gr.Row(equal_height=False):
            with gr.Column(scale=5, min_width=300):
                upload = gr.Image(type="pil", image_mode=None, sources=["upload", "clipboard"],
                                  label="Upload a photo of a digit or a number: a photo, scan or "
                                        "screenshot", elem_id="upload")
            with gr.Column(scale=4, min_width=280):
                upload_out = result_panel("upload-", "upload")
                upload_cards = gr.HTML("", elem_id="upload-cards")
        rejected = gr.State(False)
    with gr.Tab("Mistakes") as mistakes_tab:
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
    with gr.Tab("Model") as model_tab:
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
        confusion = gr.HTML(elem_id="model-confusion")
    with gr.Tab("Room") as room_tab:  # for the presenter's screen: what the room told the models
        room_note = gr.Markdown(elem_id="room-note")
        room_wall = gr.Gallery(show_label=False, columns=6, allow_preview=False,
                               elem_id="room-wall")
        room_confusion = gr.HTML(elem_id="room-confusion")
        with gr.Accordion("Presenter: clear the room, download it as a data set", open=False):
            key = gr.Textbox(type="password", label="Presenter key ($MNIST_DEMO_PRESENTER_KEY; "
                             "without it the room is view-only)", elem_id="presenter-key")
            with gr.Row():
                clear_button = gr.Button("Clear the room", variant="stop")
                export_button = gr.Button("Download the room (npz)")
            presenter_note = gr.Markdown()
            dataset = gr.File(label="The room's drawings", elem_id="room-dataset")
    room_timer = gr.Timer(3, active=False)  # the wall refreshes while the Room tab is open

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
            gr.Button().click(partial(answer, kind=source.elem_id), [source, model], api_out,
                              api_name=name, **quiet)
        gr.Button().click(correct_image, [pad, model, gr.Textbox(label="digit")],
                          gr.Textbox(label="kept"), api_name="correct", **quiet)
        gr.Button().click(room, None, gr.JSON(label="room"), api_name="room")
        gr.Button().click(answer_number, [number_pad, model],
                          [gr.Textbox(label="number"), gr.JSON(label="digits"),
                           gr.Textbox(label="message")], api_name="predict_number", **quiet)
    model.change(read_upload, *photo, api_visibility="private", **quiet)
    # the Look inside panel: drawn when opened and when the digit to compare changes
    inside_box.expand(lambda: True, None, inside_open, queue=False, api_visibility="private")
    inside_box.collapse(lambda: False, None, inside_open, queue=False, api_visibility="private")
    panel = [trigger(inside_panel, [seen_x, model, why], inside_html, api_visibility="private",
                     show_progress="hidden", trigger_mode="always_last")
             for trigger in (inside_box.expand, why.change)]
    # A pad's answers come from events outside the queue (a stroke is one request, not a queue
    # join and its event stream: benchmarks/hall.py). Its stroke button, clicked by the page
    # (mnist_demo/page/pads.js) once the pen rests after a stroke, Undo, Redo and Clear and at a
    # model change, reads the Sketchpad's own composite: the last word. Its copy event reads the
    # page's own copy of the drawing, ~0.7 s sooner, while the pen moves and as it lifts: the page
    # asks it at its route itself, from the js event of the pad's live button, which shows the
    # answer. Gradio's client is not in the way: at every status change of every event it sends,
    # it reads both pads back (docs/serving.md), 50-200 ms of the page's time without a GPU, and
    # a js event without a Python function changes none. The page keeps the answers in order: an
    # answer to an older drawing never lands over a newer one, nor the copy's over the
    # composite's of the same one. A new answer redraws the panel: a render still pending for the
    # old one must not land after it. Their answers are the strings the page shows, and skip
    # Gradio's postprocessing, which hands each output to a thread of its own; nor is any a
    # gr.skip(), for which Gradio builds a new component: with both, Gradio's own work on a
    # stroke took 3.0-3.7 ms of CPU, without them 1.3-1.5 (benchmarks/floor_app.py, 32 people).
    stroke = {**quiet, "api_visibility": "private", "queue": False, "postprocess": False}
    pad_stroke.click(predict_drawing, *drawing, cancels=panel, **stroke)
    number_stroke.click(read_number_drawing, [number_pad, number_drawn, model],
                        [number_verdict, number_cards], **stroke)
    copied = (drawing[0][1:], drawing[1])  # the drawing in the hidden box, not the pad
    number_copied = ([number_drawn, model], [number_verdict, number_cards])
    pad_copy.click(predict_live, *copied, **stroke)
    number_copy.click(read_number_live, *number_copied, **stroke)
    for live, on, (inputs, outputs), cancels in ((pad_live, pad, copied, panel),
                                                 (number_live, number_pad, number_copied, None)):
        show = f"(...values) => window.mnistDemoCopy({json.dumps(on.elem_id)}, values)"
        live.click(None, inputs, outputs, js=show, cancels=cancels, queue=False,
                   show_progress="hidden", trigger_mode="multiple", api_visibility="private")
    for fix in fixes:
        fix.click(correct_drawing, [seen_x, model, fix], correct_note, queue=False,
                  api_visibility="private", show_progress="hidden")
    # the answer shown is read again by the copy that answers now
    again = f"() => window.mnistDemoAsk({json.dumps(pad_stroke.elem_id)})"
    for button, fn in ((teach_button, teach_mine), (forget_button, forget_mine)):
        button.click(fn, model, [teach_note, teach_gallery], api_visibility="private").then(
            None, js=again)
    strokes = json.dumps([pad_stroke.elem_id, number_stroke.elem_id])
    model.change(None, js=f"() => {{ for (const id of {strokes}) window.mnistDemoAsk(id); }}")

    # The Room tab: drawn when opened and every 3 s while open; the presenter's two buttons
    room_shown = gr.State(None)  # the room's version the wall shows: a tick redraws it if newer
    room_out = [room_note, room_wall, room_confusion, room_shown]
    room_tab.select(room_view, None, room_out, api_visibility="private", show_progress="hidden")
    for tab, open_ in ((room_tab, True), (draw_tab, False), (number_tab, False),
                       (upload_tab, False), (mistakes_tab, False), (model_tab, False)):
        tab.select(lambda on=open_: gr.Timer(active=on), None, room_timer, queue=False,
                   api_visibility="private")
    room_timer.tick(room_view, room_shown, room_out, api_visibility="private", show_progress="hidden",
                    trigger_mode="always_last")
    clear_button.click(clear_room, key, presenter_note, api_visibility="private").then(
        room_view, None, room_out, api_visibility="private", show_progress="hidden")
    export_button.click(room_dataset, key, [dataset, presenter_note], api_visibility="private")

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
