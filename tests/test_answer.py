"""mnist_demo.answer: one image -> the whole answer, the same in process and in a worker process,
with the same errors; a worker that dies is replaced, and none outlives its server."""
import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import draw_digit
from mnist_demo import EmptyImageError
from mnist_demo.answer import Workers, read, read_digits
from mnist_demo.models import one_thread
from mnist_demo.novelty import classify, load_novelty
from mnist_demo.preprocess import to_mnist

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked (Linux)")


def run(workers: Workers, fn, *args):
    """What an event handler of the app awaits, called from a test."""
    return asyncio.run(workers.run(fn, *args))


@pytest.fixture(scope="module")
def worker():
    w = Workers(1)
    yield w
    w._pool.shutdown()


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    folder = tmp_path_factory.mktemp("answer")
    paths = {}
    for d in (0, 4, 7, "heart"):
        paths[d] = folder / f"{d}.png"
        draw_digit(d).convert("RGBA").save(paths[d])
    (folder / "junk.png").write_bytes(b"no image at all")
    from PIL import Image

    Image.new("RGB", (400, 400), "white").save(folder / "white.png")
    return paths, folder


@pytest.mark.parametrize("name", ["cnn", "mlp"])
def test_read_is_to_mnist_and_classify(images, name):
    from mnist_demo import load_model

    paths, _ = images
    net, stats = load_model(name), load_novelty(name)
    for d, path in paths.items():
        a = read(str(path), name)
        x = to_mnist(str(path))
        with one_thread():  # as read answers: a batch's last bits depend on the thread count
            p, doodle = classify(net, stats, x)
        assert np.array_equal(a.x, x) and np.array_equal(a.p, p) and a.doodle == doodle, d
        if d != "heart":
            assert int(a.p.argmax()) == d and not a.doodle, d
    assert read(str(paths["heart"]), name).doodle
    assert not any(read(str(path), name).thick for path in paths.values())
    assert read(draw_digit(8, box=(185, 175, 215, 220), width=18), name).thick  # 45 px high
    assert [read(str(paths[d]), name).polygon for d in (0, 4, 7)] == [True, False, False]  # a heptagon


def test_a_worker_answers_exactly_as_in_process(worker, images):
    paths, _ = images
    assert worker.pids() and os.getpid() not in worker.pids()
    for name in ("cnn", "mlp"):
        for d, path in paths.items():
            here, there = read(str(path), name), run(worker, read, str(path), name)
            assert np.array_equal(here.x, there.x) and np.array_equal(here.p, there.p), d
            assert here.doodle == there.doodle, d
        assert [int(d.p.argmax()) for d in run(worker, read_digits, str(paths[7]), name)] == [7]


def test_an_answer_is_computed_on_one_thread_at_any_thread_count(images, monkeypatch):
    """Where the process runs torch on several threads (a test, a script, a machine with more
    cores), an answer is still computed on one, as in a worker: MKL and oneDNN give other last
    bits at other thread counts on some processors. The process's own setting is kept."""
    import torch

    from mnist_demo import answer

    paths, _ = images
    counts = []
    for fn in ("classify", "read_number"):
        real = getattr(answer, fn)
        monkeypatch.setattr(answer, fn, lambda *a, real=real: (
            counts.append(torch.get_num_threads()), real(*a))[1])
    before = torch.get_num_threads()
    try:
        for n in (3, 1, 2):
            torch.set_num_threads(n)
            a, digits = read(str(paths[7]), "cnn"), read_digits(str(paths[7]), "mlp")
            assert torch.get_num_threads() == n  # the process's setting is back
            assert int(a.p.argmax()) == 7 and [int(d.p.argmax()) for d in digits] == [7]
    finally:
        torch.set_num_threads(before)
    assert counts == [1] * 6


@pytest.mark.parametrize("n", [0, 1])
def test_strokes_awaited_together_each_get_their_own_answer(worker, images, n):
    """A hall's strokes are awaited side by side on one event loop, with one worker process or
    (n = 0) in threads of this one: each gets the answer to its own image."""
    paths, _ = images
    workers = worker if n else Workers(0)
    digits = [0, 4, 7] * 8

    async def hall():
        return await asyncio.gather(*(workers.run(read, str(paths[d]), "cnn") for d in digits))

    assert [int(a.p.argmax()) for a in asyncio.run(hall())] == digits


def test_errors_come_back_from_a_worker_as_raised(worker, images):
    _, folder = images
    with pytest.raises(EmptyImageError) as e:
        run(worker, read, str(folder / "white.png"), "cnn")
    with pytest.raises(EmptyImageError) as here:
        read(str(folder / "white.png"), "cnn")
    assert e.value.reason == here.value.reason and str(e.value) == str(here.value)
    with pytest.raises(ValueError, match="Not a readable image"):
        run(worker, read, str(folder / "junk.png"), "cnn")
    with pytest.raises(EmptyImageError):
        run(worker, read, None, "cnn")
    with pytest.raises(FileNotFoundError):  # a path to nothing is no bad image
        read(str(folder / "missing.png"), "cnn")


def test_a_killed_worker_is_replaced_and_the_call_answered(images):
    paths, _ = images
    w = Workers(1)
    try:
        dead = w.pids()[0]
        os.kill(dead, signal.SIGKILL)
        a = run(w, read, str(paths[4]), "cnn")  # the call that finds the worker dead
        assert int(a.p.argmax()) == 4
        assert w.pids() and dead not in w.pids()
        assert int(run(w, read, str(paths[7]), "cnn").p.argmax()) == 7
    finally:
        w._pool.shutdown()


def _gone(pid: int, within: float = 15) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        stat = Path(f"/proc/{pid}/stat")
        if not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_the_servers_workers_end_with_the_server(tmp_path, how):
    """However the server ends, stopped or killed, its worker processes do not stay behind."""
    from gradio_client import Client, handle_file

    from benchmarks.server import children, start_app, stop

    proc, url = start_app()
    try:
        kids = children(proc.pid)
        assert len(kids) == 2  # app.py's default on Linux
        path = tmp_path / "7.png"
        draw_digit(7).convert("RGBA").save(path)
        label, _, _ = Client(url, verbose=False).predict(
            {"background": None, "layers": [], "composite": handle_file(str(path))}, "CNN",
            api_name="/predict")
        assert label["label"] == "7"
        proc.send_signal(how)
        proc.wait(timeout=30)
        assert all(_gone(k) for k in kids)
    finally:
        stop(proc)
