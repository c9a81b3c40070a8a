"""The launched app through its public API (gradio_client), as a remote user would call it."""
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
    return label["label"] if label else None


@pytest.mark.parametrize("model", ["CNN", "MLP"])
@pytest.mark.parametrize("digit", [1, 7])
def test_drawn_digits_are_read(client, tmp_path, model, digit):
    path = save(draw_digit(digit, width=18).convert("RGBA"), tmp_path / f"{digit}.png")
    label, bars, seen, verdict = client.predict(pad(path), model, api_name="/predict")
    assert top(label) == str(digit)
    assert f"It's a **{digit}**" in verdict
    assert 'class="bar top"' in bars and bars.count('class="row"') == 10
    assert seen is not None


def test_blank_canvas_asks_for_a_digit(client, tmp_path):
    path = save(Image.new("RGBA", (400, 400), "white"), tmp_path / "blank.png")
    label, bars, seen, verdict = client.predict(pad(path), "CNN", api_name="/predict")
    assert label is None and seen is None and "draw a digit" in verdict.lower()
    assert 'data-top="-1"' in bars


def test_nothing_drawn(client):
    label, _, _, verdict = client.predict({"background": None, "layers": [], "composite": None},
                                          "CNN", api_name="/predict")
    assert label is None and "draw a digit" in verdict.lower()


def test_photo_upload_dark_ink_on_paper(client, tmp_path):
    ink = 1 - np.asarray(draw_digit(4, canvas=(300, 400), box=(80, 90, 230, 320), width=8)) / 255
    yy = np.mgrid[:400, :300][0] / 400
    photo = np.clip((0.85 - 0.3 * yy) * (1 - 0.85 * ink), 0, 1)
    path = save(Image.fromarray((photo * 255).astype(np.uint8)).convert("RGB"), tmp_path / "p.jpg", "JPEG")
    label, _, _, _ = client.predict(pad(path), "CNN", api_name="/predict")
    assert top(label) == "4"


@pytest.mark.parametrize("content, message", [
    (b"this is not an image", "readable"), ("truncated", "read")])
def test_bad_files_get_a_message_and_the_server_keeps_serving(client, tmp_path, content, message):
    if content == "truncated":
        buf = io.BytesIO()
        draw_digit(7).save(buf, "PNG")
        content = buf.getvalue()[:400]
    path = tmp_path / "bad.png"
    path.write_bytes(content)
    label, _, _, verdict = client.predict(pad(path), "CNN", api_name="/predict")
    assert label is None and message in verdict.lower()
    good = save(draw_digit(7).convert("RGBA"), tmp_path / "7.png")
    assert top(client.predict(pad(good), "CNN", api_name="/predict")[0]) == "7"
