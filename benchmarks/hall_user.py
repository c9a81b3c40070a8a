"""Locust user for benchmarks/hall.py: one person at the drawing pad, as the page talks to the server.

Each task is one stroke, with the one request Chromium's page makes for it (counted by
benchmarks/browser_latency.py and checked by tests/test_browser.py): at pen-up the page posts the
Draw tab's stroke event (found by name in /config) to /gradio_api/run/predict with the canvas's
new composite PNG in base64 in the event's "drawn" input and the pad itself as nothing (app.py's
page script answers the pad's uploads itself), and the server answers with the verdict: the event
runs outside the queue, so there is no upload, queue join or event stream.

With HALL_LIVE set, each user draws continuously as the page reports a drawing while the pen
moves (mnist_demo/page/pads.js): a 1-second stroke with a live request every 150 ms (one at a time:
the next waits for the answer), then at pen-up the live request and the stroke event's, and the
next stroke 0.2 s later. Each live request is recorded as a "live update", each drawing as a
"stroke (good)".

With HALL_CORRECT set, each user draws a 4 and then tells the model what it was, as the Draw
tab's buttons under the answer do (app.py: a button's event, which keeps the 28x28 the stroke left
in the page's session in the room's database); the next stroke follows 0.5 s after the
correction's answer (a page may keep two corrections a second). The 4s differ (16 crossbar
heights) and so do the labels given (0-9 in turn), so that a person's corrections are new drawings
(the same drawing with the same label from the same page is kept once), for the first 160. Each
correction is recorded as a "correction", checked for "kept as drawing".

One stroke in eight sends a bad payload (a blank canvas or a file that is no image). Answers are
checked: a drawn 4 must be read as a 4, a bad payload must get a message and no digit. The user
is Locust's FastHttpUser (geventhttpclient): requests' HttpUser costs the client several times
more CPU per request, and client and server share the cores.
"""
import base64
import os
import time
import uuid

import gevent
from locust import constant_pacing, task
from locust.contrib.fasthttp import FastHttpUser

FILES = os.environ.get("HALL_FILES", "")  # folder with four.png, blank.png, junk.png (hall.py)
EVENT = "predict_drawing"         # app.py's handler of a stroke on the Draw tab
LIVE = "predict_live"             # and of the page's own copy of the drawing, while it is drawn
PACE = float(os.environ.get("HALL_PACE", "0"))  # seconds from a stroke's start to the next
DRAWING = bool(os.environ.get("HALL_LIVE"))      # draw continuously, with live updates
CORRECTING = bool(os.environ.get("HALL_CORRECT"))  # a stroke, then its correction
STROKE, EVERY, BETWEEN = 1.0, 0.15, 0.2  # s: a stroke, between live updates, between strokes


def png(kind: str) -> str:
    """One of the canvas's composites, in base64 as the page sends it."""
    return base64.b64encode(open(os.path.join(FILES, f"{kind}.png"), "rb").read()).decode()


class Person(FastHttpUser):
    wait_time = constant_pacing(PACE)  # 0: the next stroke as soon as the answer is in

    def on_start(self):
        config = self.client.get("/config", name="/config").json()
        fns = {d.get("api_name"): d["id"] for d in config["dependencies"]}
        self.fn, self.live = fns[EVENT], fns[LIVE]
        self.correct = fns.get("correct_drawing")  # a button under the answer (app.py only)
        self.n = 0
        self.session = uuid.uuid4().hex[:11]  # one page, one session, many strokes
        self.images = {kind: png(kind) for kind in ("four", "blank", "junk")}

    @task
    def stroke(self):
        if DRAWING:
            return self.draw()
        if CORRECTING:
            return self.tell()
        self.n += 1
        kind = ("blank", "junk")[self.n // 8 % 2] if self.n % 8 == 0 else "four"
        start, problem = time.perf_counter(), None
        try:
            problem = self._stroke(kind)
        except Exception as e:  # noqa: BLE001 - a failed stroke is what we count
            problem = e
        self._record(f"stroke ({'good' if kind == 'four' else 'bad'})", start, problem)

    def draw(self):
        """A stroke drawn for STROKE seconds with live updates, then its pen-up."""
        start = time.perf_counter()
        while time.perf_counter() - start < STROKE:
            asked = time.perf_counter()
            self._record("live update", asked, self._ask(self.live, [self.images["four"]], "four"))
            gevent.sleep(max(0.0, EVERY - (time.perf_counter() - asked)))
        up = time.perf_counter()
        problem = self._ask(self.live, [self.images["four"]], "four")
        self._record("live update", up, problem)
        problem = problem or self._ask(self.fn, [None, self.images["four"]], "four")
        self._record("stroke (good)", up, problem)  # pen-up to both answers
        gevent.sleep(BETWEEN)

    def tell(self):
        """A stroke of a 4, then the correction "it was a 4" as the page's button sends it: the
        drawing is the 28x28 the stroke left in the session's state."""
        self.n += 1
        kind = f"four{self.n % 16}"
        if kind not in self.images:
            self.images[kind] = png(kind)
        start = time.perf_counter()
        problem = self._stroke(kind)
        self._record("stroke (good)", start, problem)
        start = time.perf_counter()
        body = {"data": [None, "CNN", str(self.n // 16 % 10)], "fn_index": self.correct,
                "trigger_id": None, "session_hash": self.session, "event_data": None}
        with self.client.post("/gradio_api/run/predict", json=body, name="correct",
                              catch_response=True) as r:
            r.success()
            problem = (RuntimeError(f"HTTP {r.status_code}: {r.text[:200]}") if r.status_code != 200
                       else None if "kept as drawing" in str(r.json()["data"][0]).lower()
                       else ValueError(f"not kept: {str(r.json()['data'][0])[:80]}"))
        self._record("correction", start, problem)
        gevent.sleep(0.5)

    def _record(self, name: str, start: float, problem) -> None:
        self.environment.events.request.fire(
            request_type="STROKE", name=name, response_time=(time.perf_counter() - start) * 1000,
            response_length=0, exception=problem, context={})

    def _stroke(self, kind: str):
        """One stroke; returns None, or what went wrong."""
        return self._ask(self.fn, [None, self.images[kind]], kind)

    def _ask(self, fn: int, drawing: list, kind: str):
        """One event's request with a drawing; returns None, or what went wrong."""
        body = {"data": [*drawing, "CNN", False, "runner-up"], "fn_index": fn,
                "trigger_id": None, "session_hash": self.session, "event_data": None}
        with self.client.post("/gradio_api/run/predict", json=body, name="answer",
                              catch_response=True) as r:
            r.success()  # the stroke's own record says whether it worked
            if r.status_code != 200:
                return RuntimeError(f"HTTP {r.status_code}: {r.text[:200]}")
            verdict = str(r.json()["data"][0])
        if os.environ.get("HALL_CHECK") and kind.startswith("four") != ("**4**" in verdict):
            return ValueError(f"wrong answer to {kind}: {verdict[:80]}")
        return None
