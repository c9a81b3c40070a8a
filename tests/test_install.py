"""The package as README installs it (`pip install -e .`): importable from any directory."""
import os
import subprocess
import sys

CODE = """
import numpy as np
from mnist_demo import load_model, to_mnist
from PIL import Image, ImageDraw
im = Image.new("L", (200, 200), 255)
ImageDraw.Draw(im).line([(60, 40), (150, 40), (90, 170)], fill=0, width=12)
print(int(load_model("cnn").predict_proba(to_mnist(im)).argmax()))
"""


def test_the_package_works_from_another_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # only what is installed
    out = subprocess.run([sys.executable, "-c", CODE], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["7"]
