"""What a Hugging Face Space needs of this folder, checked offline: the README's front matter, the
LICENSE it declares, binary files stored with LFS, and the app starting as a Space starts it."""
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def front_matter() -> dict:
    text = (ROOT / "README.md").read_text()
    block = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert block, "README.md must start with the Space's front matter"
    pairs = (line.split(":", 1) for line in block.group(1).splitlines() if ":" in line)
    return {k.strip(): v.strip().strip('"') for k, v in pairs}


def test_the_front_matter_names_the_app_and_the_pinned_gradio():
    meta = front_matter()
    assert meta["sdk"] == "gradio" and (ROOT / meta["app_file"]).is_file()
    pinned = re.search(r"^gradio==(\S+)", (ROOT / "requirements.txt").read_text(), re.M)
    assert pinned and meta["sdk_version"] == pinned.group(1)
    assert {"title", "emoji", "colorFrom", "colorTo", "python_version", "license"} <= set(meta)
    assert meta["license"] == "mit" and "MIT License" in (ROOT / "LICENSE").read_text()


def test_every_binary_file_is_stored_with_lfs():
    """A Space refuses binary files that are not stored with Git LFS."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    binary = [f for f in files if f and b"\0" in (ROOT / f).read_bytes()[:8000]]
    assert binary, "the weights at least are binary"
    attrs = subprocess.run(["git", "check-attr", "filter", "--", *binary], cwd=ROOT,
                           capture_output=True, check=True, text=True).stdout.splitlines()
    assert [line for line in attrs if not line.endswith(": filter: lfs")] == []


def test_the_app_starts_as_a_space_starts_it():
    """With the variables a Space sets (and listening on every address), the page is served and
    the app answers a drawing."""
    from gradio_client import Client, handle_file

    from benchmarks.server import start_app, stop
    from conftest import draw_digit

    space = {"SYSTEM": "spaces", "SPACE_ID": "someone/draw-a-digit", "SPACE_HOST":
             "someone-draw-a-digit.hf.space", "GRADIO_SERVER_NAME": "0.0.0.0"}
    proc, url = start_app(space)
    try:
        assert b"Draw a digit" in urllib.request.urlopen(url, timeout=10).read()
        path = ROOT / "artifacts" / "space-seven.png"
        path.parent.mkdir(exist_ok=True)
        draw_digit(7).convert("RGBA").save(path)
        label, _, message = Client(url, verbose=False).predict(
            {"background": None, "layers": [], "composite": handle_file(str(path))}, "CNN",
            api_name="/predict")
        assert label["label"] == "7", message
    finally:
        stop(proc)


def test_a_space_installs_torchs_cpu_build_and_gets_what_the_app_needs():
    """scripts/space.py: the Space's requirements pin the CPU builds of the pinned torch and
    torchvision from PyTorch's CPU index and keep every other line; the upload holds the app,
    the package, its page, the weights and the README, and no training data."""
    import sys

    from packaging.requirements import Requirement

    sys.path.insert(0, str(ROOT / "scripts"))
    from space import CPU_INDEX, files, space_requirements

    ours = (ROOT / "requirements.txt").read_text().splitlines()
    theirs = space_requirements("\n".join(ours) + "\n").splitlines()
    assert f"--extra-index-url {CPU_INDEX}" in theirs
    reqs = {Requirement(line.split("#")[0]).name: str(Requirement(line.split("#")[0]).specifier)
            for line in theirs if line.split("#")[0].strip() and not line.startswith("-")}
    for name in ("torch", "torchvision"):
        pin = re.search(rf"^{name}==(\S+)$", "\n".join(ours), re.M).group(1)
        assert reqs[name] == f"=={pin}+cpu"
    assert [line for line in ours if not re.match(r"torch(vision)?==", line)] == \
        [line for line in theirs[2:] if not re.match(r"torch(vision)?==", line)]
    uploaded = files()
    for needed in ("app.py", "README.md", "requirements.txt", "LICENSE", ".gitattributes",
                   "mnist_demo/page/pads.js", "weights/cnn.safetensors", "weights/mlp.json"):
        assert needed in uploaded
    assert not [f for f in uploaded if f.startswith("data/")]
    with pytest.raises(ValueError):
        space_requirements("gradio==6.31.0\n")
