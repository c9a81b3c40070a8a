"""An image -> the model's whole answer, in this process or in worker processes beside it.

`read` is what the app, its API and the benchmarks run on a drawing or photo of one digit:
to_mnist, then a forward pass for the probabilities (Net.answer) and the doodle check.
`read_digits` does the same for a written number (number.read_number).

`Workers` runs them in worker processes forked from the server. Gradio handles every request in
one Python process, where one thread runs Python at a time: under a hall of people drawing, the
server's Gradio work and the reading of drawings took turns on about one core of two. In a worker
process, the reading runs on the other core (benchmarks/hall.py; figures in README, "Serving a
hall"). Its answer is awaited, so that the server's event handlers can be coroutines that hold
no thread while a worker reads. A worker that dies is replaced, and a worker never outlives its
server.
"""
import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from typing import NamedTuple

import numpy as np
import torch

from .models import load_model, one_thread
from .novelty import classify, load_novelty
from .number import Digit, read_number
from .preprocess import THICK, seen
from .teach import Head, personal

log = logging.getLogger(__name__)


@cache
def loaded(name: str) -> tuple:
    """(network, doodle-check statistics) of model `name` ("cnn" or "mlp"), loaded once per
    process; raises WeightsError as load_model does."""
    return load_model(name), load_novelty(name)


class Answer(NamedTuple):
    x: np.ndarray   # (28, 28) float32: what the network sees
    p: np.ndarray   # (10,) probabilities
    doodle: bool    # the doodle check: unlike every digit, so no confident answer
    thick: bool     # its strokes broad for its size (preprocess.THICK): loops may have filled
    polygon: bool   # one closed loop of straight sides (preprocess.sides): a hexagon, or a 0?


def read(image, name: str = "cnn", head: Head | None = None) -> Answer:
    """Any input to_mnist takes (a path, an image file's bytes, PIL image, numpy array, Sketchpad
    value) -> the Answer of model `name` (or of its personal copy remembering `head`,
    teach.py). Raises EmptyImageError when there is nothing to read and ValueError when the input
    is unusable, as to_mnist does."""
    net, stats = loaded(name)
    if head is not None:
        net = personal(name, head)
        stats = {**stats, "threshold": stats["threshold"] if head.threshold is None
                 else head.threshold}
    x, thickness, sides = seen(image)
    with one_thread():  # the same answer in every process, at any thread count
        return Answer(x, *classify(net, stats, x), thickness > THICK, sides > 0)


def read_digits(image, name: str = "cnn") -> list[Digit]:
    """A written number -> its digits, left to right, by model `name` (number.read_number)."""
    with one_thread():
        return read_number(image, *loaded(name))


class Workers:
    """Runs `read`, `read_digits` (any function of this package) in `n` worker processes forked
    from this one, started at once; with n = 0, in a thread of this process. `await
    workers.run(read, path, "cnn")`. A call whose worker died (killed, out of memory) starts new
    workers and is tried once more."""

    def __init__(self, n: int):
        self.n = n
        self._lock = threading.Lock()
        self._pool = self._start() if n else None

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(self.n, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_init, initargs=(os.getpid(),))
        pool.submit(int).result()  # fork them now, not in a person's first stroke
        return pool

    async def run(self, fn, *args):
        """fn(*args), awaited: the calling thread runs other coroutines meanwhile."""
        if self._pool is None:
            return await asyncio.to_thread(fn, *args)
        for attempt in (1, 2):
            pool = self._pool
            try:
                return await asyncio.wrap_future(pool.submit(fn, *args))
            except BrokenProcessPool:
                if attempt == 2:
                    raise
                with self._lock:
                    if self._pool is pool:  # not replaced yet by another thread's call
                        log.warning("a worker process died: starting %d new", self.n)
                        self._pool = self._start()

    def pids(self) -> list[int]:
        """The worker processes' ids (none in process)."""
        return [] if self._pool is None else list(self._pool._processes)


def _worker_init(server: int) -> None:
    """In each worker: torch on one thread (a forked process cannot use the OpenMP threads of
    the process it was forked from: a forward pass on several would hang where the server had
    run one; and one thread is what one image needs); Ctrl-C is the server's to handle (it stops
    the workers); and the worker ends when the server is gone, however it ended."""
    torch.set_num_threads(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch():
        while os.getppid() == server:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
