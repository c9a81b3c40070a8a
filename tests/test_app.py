"""The launched app through its public API (gradio_client), as a remote user would call it."""
import asyncio
import io

import numpy as np
import pytest
from gradio_client import Client, handle_file
from PIL import Image

from conftest import draw_digit


@pytest.fixture(scope="module")
def client(app_url):
    return Client(app_url, verbose=False)


def pad(path) -> dict:
    return {"background": None, "layers": [], "composite": handle_file(str(path))}


def save(im: Image.Image, path, fmt="PNG"):
    im.save(path, fmt)
    return path


def top(label) -> str:
    return label.get("label") if label else None


@pytest.mark.parametrize("model", ["CNN", "MLP"])
@pytest.mark.parametrize("digit", [1, 7])
def test_drawn_digits_are_read(client, tmp_path, model, digit):
    path = save(draw_digit(digit, width=18).convert("RGBA"), tmp_path / f"{digit}.png")
    label, probs, message = client.predict(pad(path), model, api_name="/predict")
    assert top(label) == str(digit)
    assert message.startswith(f"It's a {digit}, says the {model}")  # plain text, no Markdown
    assert sorted(probs) == [str(d) for d in range(10)] and max(probs, key=probs.get) == str(digit)
    assert sum(probs.values()) == pytest.approx(1, abs=1e-4)


@pytest.mark.parametrize("model", ["CNN", "MLP"])
def test_a_loop_of_straight_sides_is_asked_about_however_sure(client, tmp_path, model):
    """The tests' drawn 0 is a heptagon (preprocess.sides): the API gives the network's answer
    and probabilities, and a message that doubts it for its straight sides."""
    from mnist_demo.display import POLYGON

    path = save(draw_digit(0, width=18).convert("RGBA"), tmp_path / "0.png")
    label, probs, message = client.predict(pad(path), model, api_name="/predict")
    assert top(label) == "0" and max(probs, key=probs.get) == "0"
    assert message.startswith("Not sure. Maybe a 0 (") and message.endswith(POLYGON), message


def test_api_outputs_are_named(client):
    info = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    for endpoint in ("/predict", "/predict_photo"):
        assert [r["label"] for r in info[endpoint]["returns"]] == ["prediction", "probabilities",
                                                                     "message"]
        assert [p["parameter_name"] for p in info[endpoint]["parameters"]] == ["payload", "model_name"]


@pytest.mark.parametrize("model", ["CNN", "MLP"])
def test_a_doodle_gets_no_confident_answer(client, tmp_path, model):
    path = save(draw_digit("hash", box=(50, 50, 350, 350)).convert("RGBA"), tmp_path / "hash.png")
    label, probs, message = client.predict(pad(path), model, api_name="/predict")
    assert top(label) is None and "doesn't look like a digit" in message and model in message
    assert "**" not in message and len(probs) == 10  # the probabilities are still there


@pytest.mark.parametrize("model", ["CNN", "MLP"])
def test_a_doubtful_small_drawing_asks_for_a_bigger_one(client, tmp_path, model):
    """A 2 under 50 px high in the app's brush (18 px): the pen has filled its loops, and the
    answer, doubtful, says to draw it bigger; the same 2 drawn large is read."""
    small = save(draw_digit(2, box=(182, 170, 218, 220), width=24).convert("RGBA"), tmp_path / "s.png")
    label, probs, message = client.predict(pad(small), model, api_name="/predict")
    assert "draw it bigger" in message and len(probs) == 10, message
    large = save(draw_digit(2, width=18).convert("RGBA"), tmp_path / "l.png")
    label, _, message = client.predict(pad(large), model, api_name="/predict")
    assert top(label) == "2" and "bigger" not in message, message


def test_blank_canvas_asks_for_a_digit(client, tmp_path):
    path = save(Image.new("RGBA", (400, 400), "white"), tmp_path / "blank.png")
    label, probs, message = client.predict(pad(path), "CNN", api_name="/predict")
    assert top(label) is None and probs is None and "draw a digit" in message.lower()


def test_nothing_drawn(client):
    label, _, message = client.predict({"background": None, "layers": [], "composite": None},
                                       "CNN", api_name="/predict")
    assert top(label) is None and "draw a digit" in message.lower()


def test_photo_upload_dark_ink_on_paper(client, tmp_path):
    ink = 1 - np.asarray(draw_digit(4, canvas=(300, 400), box=(80, 90, 230, 320), width=8)) / 255
    yy = np.mgrid[:400, :300][0] / 400
    photo = np.clip((0.85 - 0.3 * yy) * (1 - 0.85 * ink), 0, 1)
    path = save(Image.fromarray((photo * 255).astype(np.uint8)).convert("RGB"), tmp_path / "p.jpg", "JPEG")
    for model in ("CNN", "MLP"):  # through the Upload tab's own endpoint
        label, probs, message = client.predict(handle_file(str(path)), model,
                                               api_name="/predict_photo")
        assert top(label) == "4" and len(probs) == 10, message


def test_upload_a_tight_crop_on_squared_paper(client, tmp_path):
    """The Upload tab's endpoint answers like the drawing tab's, here for a digit cropped to its
    ink on squared paper; a photo of empty squared paper asks for a photo of a digit."""
    from benchmarks.photos import compose

    alpha = 1 - np.asarray(draw_digit(7, canvas=(160, 200), box=(20, 20, 140, 180), width=12),
                           np.float32) / 255
    rng = np.random.default_rng(0)
    path = save(Image.fromarray(compose(alpha, rng, 0, lines=(0.25, True))), tmp_path / "7.jpg", "JPEG")
    label, probs, message = client.predict(handle_file(str(path)), "CNN", api_name="/predict_photo")
    assert top(label) == "7" and message.startswith("It's a 7, says the CNN"), message
    empty = save(Image.fromarray(compose(np.zeros((100, 80), np.float32), rng, 0.5, lines=(0.3, True))),
                 tmp_path / "empty.png")
    label, probs, message = client.predict(handle_file(str(empty)), "CNN", api_name="/predict_photo")
    assert top(label) is None and probs is None
    assert message == "📷 No ink found: upload a photo of a digit or a number."


@pytest.mark.parametrize("content, message", [
    (b"this is not an image", "readable"), ("truncated", "read")])
def test_bad_files_get_a_message_and_the_server_keeps_serving(client, tmp_path, content, message):
    if content == "truncated":
        buf = io.BytesIO()
        draw_digit(7).save(buf, "PNG")
        content = buf.getvalue()[:400]
    path = tmp_path / "bad.png"
    path.write_bytes(content)
    label, _, verdict = client.predict(pad(path), "CNN", api_name="/predict")
    assert top(label) is None and message in verdict.lower()
    good = save(draw_digit(7).convert("RGBA"), tmp_path / "7.png")
    assert top(client.predict(pad(good), "CNN", api_name="/predict")[0]) == "7"


def _bad_files(folder):
    """name -> (file path, what the reply's message must contain, or None for a normal answer)."""
    def png(name, im, fmt="PNG", **kw):
        path = folder / f"{name}.{fmt.lower()}"
        im.save(path, fmt, **kw)
        return path

    dot = Image.new("L", (400, 400), 255)
    dot.paste(0, (195, 195, 205, 205))
    line = Image.new("L", (400, 400), 255)
    line.paste(0, (199, 40, 201, 360))
    exif = Image.Exif()
    exif[0x0112] = 6
    seven = draw_digit(7)
    return {
        "all-white": (png("white", Image.new("RGB", (400, 400), "white")), "draw a digit"),
        "all-black": (png("black", Image.new("RGB", (400, 400), "black")), "draw a digit"),
        "one-dot": (png("dot", dot), "dot"),
        "thin-line": (png("line", line), None),
        "1x1": (png("one", Image.new("L", (1, 1), 0)), "draw a digit"),
        "10000x10000": (png("huge", Image.new("1", (10000, 10000), 1)), "too large"),
        "bomb": (png("bomb", Image.new("1", (30000, 30000), 1)), "too large"),
        "mode-P": (png("p", seven.convert("P")), None),
        "mode-I16": (png("i16", Image.fromarray(np.asarray(seven, np.uint16) * 257)), None),
        "mode-CMYK": (png("cmyk", seven.convert("CMYK"), "JPEG"), None),
        "mode-LA": (png("la", seven.convert("LA")), None),
        "mode-1": (png("bw", seven.convert("1")), None),
        "exif-rotated": (png("exif", seven.rotate(90, expand=True).convert("RGB"), "JPEG", exif=exif), None),
    }


@pytest.mark.parametrize("endpoint", ["/predict", "/predict_photo"])
def test_bad_and_odd_files_through_the_api(client, tmp_path, endpoint):
    """Every odd file ends in a clear message or a right answer, and the server keeps serving."""
    for name, (path, message) in _bad_files(tmp_path).items():
        if name == "exif-rotated" and endpoint == "/predict":
            continue  # a canvas has no EXIF: rotation is the upload's business
        value = pad(path) if endpoint == "/predict" else handle_file(str(path))
        label, _, verdict = client.predict(value, "CNN", api_name=endpoint)
        if message == "draw a digit" and endpoint == "/predict_photo":
            message = "upload a photo of a digit or a number"  # each tab asks for what it takes
        if message:
            assert top(label) is None and message in verdict.lower(), name
        else:
            assert label, (name, verdict)
            assert top(label) == ("1" if name == "thin-line" else "7"), name


def test_corrupt_weights_leave_the_other_model_serving(tmp_path):
    import shutil

    from benchmarks.server import start_app, stop
    from mnist_demo.models import WEIGHTS_DIR

    weights = tmp_path / "weights"
    shutil.copytree(WEIGHTS_DIR, weights)
    (weights / "mlp.safetensors").write_bytes(b"garbage")
    proc, url = start_app({"MNIST_DEMO_WEIGHTS": str(weights)})
    try:
        client = Client(url, verbose=False)
        path = save(draw_digit(7).convert("RGBA"), tmp_path / "7.png")
        label, _, verdict = client.predict(pad(path), "MLP", api_name="/predict")
        assert top(label) is None and "mnist_demo.train --model mlp" in verdict
        assert top(client.predict(pad(path), "CNN", api_name="/predict")[0]) == "7"
        label, _, verdict = client.predict(pad(path), "ResNet", api_name="/predict")
        assert top(label) is None and "Unknown model" in verdict
    finally:
        stop(proc)


def test_a_drawing_is_read_from_its_composite_alone_and_the_pads_keep_nothing(tmp_path):
    """A stroke's payload holds the pad's uploaded images: only the composite is decoded (a layer
    that is no image does not matter). The pads trigger no event of their own (the page asks
    for a stroke's answer itself): a Sketchpad with a change or input event sends each stroke's
    images to a server-side store that nothing here would read or empty."""
    import app
    from mnist_demo import serve

    seven = save(draw_digit(7).convert("RGBA"), tmp_path / "7.png")
    junk = tmp_path / "layer.png"
    junk.write_bytes(b"not an image")
    r = asyncio.run(serve._read({"background": None, "layers": [{"path": str(junk)}],
                                 "composite": {"path": str(seven)}}, "CNN", app.pad.elem_id))
    assert int(r.p.argmax()) == 7 and r.digit_like
    triggers = {tuple(t) for d in app.demo.config["dependencies"] for t in d["targets"]}
    for pad in (app.pad, app.number_pad):
        assert not {(pad._id, "change"), (pad._id, "input")} & triggers
    assert (app.pad_stroke._id, "click") in triggers and (app.number_stroke._id, "click") in triggers


def test_a_stroke_as_the_page_sends_it(app_url, tmp_path):
    """The page sends a pad's drawing in the stroke's request itself: the composite's PNG in
    base64 in the hidden box after the pad, the pad as nothing (mnist_demo/page/pads.js). It is read as the
    same drawing uploaded; text that is no base64 PNG, or too long, gets a message; a path in its
    place is never opened."""
    import base64

    import httpx

    from test_number import write

    url = app_url.rstrip("/")
    config = httpx.get(f"{url}/config").json()
    fn = {d["api_name"]: d["id"] for d in config["dependencies"]}

    def stroke(event, drawn, *rest):
        r = httpx.post(f"{url}/gradio_api/run/predict", timeout=30, json={
            "data": [None, drawn, "CNN", *rest], "fn_index": fn[event], "session_hash": "t1"})
        r.raise_for_status()
        return r.json()["data"]

    def b64(im) -> str:
        buf = io.BytesIO()
        im.save(buf, "PNG")
        return base64.b64encode(buf.getvalue()).decode()

    seven = save(draw_digit(7).convert("RGBA"), tmp_path / "7.png")
    verdict = stroke("predict_drawing", b64(Image.open(seven)), False, "runner-up")[0]
    assert verdict.startswith("It's a **7**")
    assert stroke("predict_drawing", "", False, "runner-up")[0] == "✏️ Draw a digit"
    blank = b64(Image.new("RGB", (400, 400), "white"))  # after Clear, or Undo to nothing
    assert stroke("predict_drawing", blank, False, "runner-up")[0] == "✏️ Draw a digit"
    assert stroke("read_number_drawing", blank)[0] == "✏️ Write a number"
    for drawn in (str(seven), "bm90IGFuIGltYWdl", "A" * (14 * 2**20)):  # a path; "not an image"
        verdict = stroke("predict_drawing", drawn, False, "runner-up")[0]
        assert verdict.startswith("⚠️") and "It's a" not in verdict, verdict
    assert "too large" in verdict  # the last: 14 MB of base64
    verdict, cards = stroke("read_number_drawing", b64(write(2, 0, 4, 7).convert("RGBA")))
    assert verdict == "It reads **2047**, says the CNN", verdict
    # what the page sends when it lost a pad's drawing: it says so, never "draw a digit"
    for event, *rest in (("predict_drawing", False, "runner-up"), ("read_number_drawing",)):
        verdict = stroke(event, "unread", *rest)[0]
        assert verdict == "⚠️ Could not read the pad: reload the page.", verdict


def test_each_pads_answers_come_from_its_buttons_events():
    """Strokes and model changes reach a pad's answer through its stroke button's event (the
    Sketchpad's composite), which runs one at a time: an answer cannot overtake a later one. The
    page's own copy of the drawing is read by the pad's copy event, which the page asks itself,
    and shown by the js event of its live button: the same inputs and outputs, no Python and so
    no status change in Gradio's client, which reads the pads back at each (docs/serving.md).
    The page keeps the answers in order (mnist_demo/page/pads.js; test_browser.py shows it with
    late answers)."""
    import app

    deps = app.demo.config["dependencies"]
    for buttons, verdict in (((app.pad_stroke, app.pad_copy, app.pad_live), app.draw_out[0]),
                             ((app.number_stroke, app.number_copy, app.number_live),
                              app.number_verdict)):
        writers = [d for d in deps if verdict._id in d["outputs"]]
        assert [tuple(t) for d in writers for t in d["targets"]] == [(b._id, "click")
                                                                     for b in buttons]
        stroke, copy, live = writers
        assert stroke["backend_fn"] and copy["backend_fn"] and not live["backend_fn"]
        assert stroke["trigger_mode"] == copy["trigger_mode"] == "always_last"
        assert (live["inputs"], live["outputs"]) == (copy["inputs"], copy["outputs"])
        pad = buttons[0].elem_id.removesuffix("-stroke")  # as pads.js names them
        assert [b.elem_id for b in buttons] == [f"{pad}-{kind}" for kind in ("stroke", "copy", "live")]
        assert f'window.mnistDemoCopy("{pad}", values)' in live["js"]
    model_change = [d for d in deps if (app.model._id, "change") in map(tuple, d["targets"])
                    and d["js"]]
    assert len(model_change) == 1 and not model_change[0]["backend_fn"]
    assert all(b.elem_id in model_change[0]["js"] for b in (app.pad_stroke, app.number_stroke))


def test_a_written_number_through_the_api(client, tmp_path):
    from test_number import write

    path = save(write(2, 0, 4, 7).convert("RGBA"), tmp_path / "2047.png")
    number, digits, message = client.predict(pad(path), "CNN", api_name="/predict_number")
    assert number == "2047" and message == "It reads 2047, says the CNN"
    assert [d["digit"] for d in digits] == [2, 0, 4, 7] and all(d["sure"] for d in digits)
    assert [d["box"][0] for d in digits] == sorted(d["box"][0] for d in digits)
    assert all(sum(d["probabilities"].values()) == pytest.approx(1, abs=1e-4) for d in digits)
    blank = save(Image.new("RGBA", (900, 300), "white"), tmp_path / "blank.png")
    number, digits, message = client.predict(pad(blank), "MLP", api_name="/predict_number")
    assert number == "" and digits == [] and "write a number" in message.lower()


def test_a_photo_of_a_number_through_the_api(client, tmp_path):
    from test_number import write

    paper = 60 + 0.75 * np.asarray(write(1, 7, 4), np.float32)  # grey paper, dark ink, in JPEG
    path = save(Image.fromarray(paper.astype(np.uint8)).convert("RGB"), tmp_path / "174.jpg", "JPEG")
    number, _, message = client.predict(pad(path), "CNN", api_name="/predict_number")
    assert number == "174" and message == "It reads 174, says the CNN"
