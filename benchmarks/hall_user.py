"""Locust user for benchmarks/hall.py: one person at the drawing pad, as the page talks to the server.

Each task is one stroke: upload the canvas PNG (/gradio_api/upload), join the queue for the Draw
tab's own event (the one the page fires on every stroke, found by name in /config), and read the
event stream until the answer arrives. One stroke in eight sends a bad payload (a blank canvas or a
file that is no image). Answers are checked: a drawn 4 must be read as a 4, a bad payload must get
a message and no digit.
"""
import json
import os
import time
import uuid

from locust import HttpUser, task

FILES = os.environ["HALL_FILES"]  # folder with four.png, blank.png, junk.png (hall.py writes them)
EVENT = "predict_drawing"         # app.py's handler of the pad's change event


class Person(HttpUser):
    def on_start(self):
        config = self.client.get("/config", name="/config").json()
        self.fn = next(d["id"] for d in config["dependencies"] if d.get("api_name") == EVENT)
        self.n = 0
        self.session = uuid.uuid4().hex[:11]  # one page, one session, many strokes

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
        with open(os.path.join(FILES, f"{kind}.png"), "rb") as f:
            path = self.client.post("/gradio_api/upload", files={"files": f}, name="upload").json()[0]
        session = self.session
        pad = {"background": None, "layers": [],
               "composite": {"path": path, "meta": {"_type": "gradio.FileData"}}}
        body = {"data": [pad, "CNN", None, "runner-up"], "fn_index": self.fn, "trigger_id": None,
                "session_hash": session, "event_data": None}
        self.client.post("/gradio_api/queue/join", json=body, name="join")
        with self.client.get("/gradio_api/queue/data", params={"session_hash": session},
                             stream=True, name="stream", catch_response=True) as r:
            r.success()  # the stroke's own record below says whether it worked
            for line in r.iter_lines():
                if not line.startswith(b"data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("msg") != "process_completed":
                    continue
                verdict = str((msg.get("output") or {}).get("data", [""])[0])
                if not msg.get("success"):
                    return RuntimeError(f"error: {str(msg)[:200]}")
                if os.environ.get("HALL_CHECK") and (kind == "four") != ("**4**" in verdict):
                    return ValueError(f"wrong answer to {kind}: {verdict[:80]}")
                return None
        return RuntimeError("stream ended without an answer")
