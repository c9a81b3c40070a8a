"""Locust user for benchmarks/hall.py: one person at the drawing pad, as the page talks to the server.

Each task is one stroke, with the one request Chromium's page makes for it (counted by
benchmarks/browser_latency.py and checked by tests/test_browser.py): at pen-up the page posts the
Draw tab's stroke event (found by name in /config) to /gradio_api/run/predict with the canvas's
new composite PNG in base64 in the event's "drawn" input and the pad itself as nothing (app.py's
page script answers the pad's uploads itself), and the server answers with the verdict: the event
runs outside the queue, so there is no upload, queue join or event stream.

One stroke in eight sends a bad payload (a blank canvas or a file that is no image). Answers are
checked: a drawn 4 must be read as a 4, a bad payload must get a message and no digit. The user
is Locust's FastHttpUser (geventhttpclient): requests' HttpUser costs the client several times
more CPU per request, and client and server share the cores.
"""
import base64
import os
import time
import uuid

from locust import constant_pacing, task
from locust.contrib.fasthttp import FastHttpUser

FILES = os.environ["HALL_FILES"]  # folder with four.png, blank.png, junk.png (hall.py)
EVENT = "predict_drawing"         # app.py's handler of a stroke on the Draw tab
PACE = float(os.environ.get("HALL_PACE", "0"))  # seconds from a stroke's start to the next


def png(kind: str) -> str:
    """One of the canvas's composites, in base64 as the page sends it."""
    return base64.b64encode(open(os.path.join(FILES, f"{kind}.png"), "rb").read()).decode()


class Person(FastHttpUser):
    wait_time = constant_pacing(PACE)  # 0: the next stroke as soon as the answer is in

    def on_start(self):
        config = self.client.get("/config", name="/config").json()
        self.fn = next(d["id"] for d in config["dependencies"] if d.get("api_name") == EVENT)
        self.n = 0
        self.session = uuid.uuid4().hex[:11]  # one page, one session, many strokes
        self.images = {kind: png(kind) for kind in ("four", "blank", "junk")}

    @task
    def stroke(self):
        self.n += 1
        kind = ("blank", "junk")[self.n // 8 % 2] if self.n % 8 == 0 else "four"
        start, problem = time.perf_counter(), None
        try:
            problem = self._stroke(kind)
        except Exception as e:  # noqa: BLE001 - a failed stroke is what we count
            problem = e
        self.environment.events.request.fire(
            request_type="STROKE", name=f"stroke ({'good' if kind == 'four' else 'bad'})",
            response_time=(time.perf_counter() - start) * 1000, response_length=0,
            exception=problem, context={})

    def _stroke(self, kind: str):
        """One stroke; returns None, or what went wrong."""
        body = {"data": [None, self.images[kind], "CNN", False, "runner-up"], "fn_index": self.fn,
                "trigger_id": None, "session_hash": self.session, "event_data": None}
        with self.client.post("/gradio_api/run/predict", json=body, name="answer",
                              catch_response=True) as r:
            r.success()  # the stroke's own record below says whether it worked
            if r.status_code != 200:
                return RuntimeError(f"HTTP {r.status_code}: {r.text[:200]}")
            verdict = str(r.json()["data"][0])
        if os.environ.get("HALL_CHECK") and (kind == "four") != ("**4**" in verdict):
            return ValueError(f"wrong answer to {kind}: {verdict[:80]}")
        return None
