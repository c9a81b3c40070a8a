"""Locust user for benchmarks/hall.py: one person at the drawing pad, as the page talks to the server.

Each task is one stroke, with the requests Chromium's page makes for it (counted by
benchmarks/browser_latency.py): the Sketchpad sends its three images (background, composite,
layer) to the pad's accept_blobs server function (/gradio_api/component_server/, one request
each, under one id); the page joins the queue for the Draw tab's own event (the one it fires on
every stroke, found by name in /config) with that id, and reads the event stream until the answer
arrives. Before it joins, Gradio's page client uploads the pad's images once more
(/gradio_api/upload): app.py's page script answers the background, which it uploaded before, from
the page, so the composite and the layer are sent, one request each (as browser_latency.py
counts them).

One stroke in eight sends a bad payload (a blank canvas or a file that is no image). Answers are
checked: a drawn 4 must be read as a 4, a bad payload must get a message and no digit. The user
is Locust's FastHttpUser (geventhttpclient): requests' HttpUser costs the client several times
more CPU per request, and client and server share the cores.
"""
import json
import os
import time
import uuid

from locust import constant_pacing, task
from locust.contrib.fasthttp import FastHttpUser

FILES = os.environ["HALL_FILES"]  # folder with four.png, blank.png, layer.png, junk.png (hall.py)
EVENT = "predict_drawing"         # app.py's handler of the pad's change event
PAD = "pad"                       # the Sketchpad's elem_id
PACE = float(os.environ.get("HALL_PACE", "0"))  # seconds from a stroke's start to the next
BOUNDARY = "----hallboundary7MA4YWxkTrZu0gW"


def form(fields: dict, name: str, data: bytes) -> bytes:
    """A multipart/form-data body with text `fields` and one file `name`, as the page builds."""
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; '
                 f'filename="{name}.png"\r\nContent-Type: image/png\r\n\r\n'.encode() + data
                 + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def png(kind: str) -> bytes:
    return open(os.path.join(FILES, f"{kind}.png"), "rb").read()


class Person(FastHttpUser):
    wait_time = constant_pacing(PACE)  # 0: the next stroke as soon as the answer is in

    def on_start(self):
        config = self.client.get("/config", name="/config").json()
        self.fn = next(d["id"] for d in config["dependencies"] if d.get("api_name") == EVENT)
        self.pad = next(c["id"] for c in config["components"]
                        if c.get("props", {}).get("elem_id") == PAD)
        self.n = 0
        self.session = uuid.uuid4().hex[:11]  # one page, one session, many strokes
        self.images = {kind: png(kind) for kind in ("four", "blank", "layer", "junk")}

    def post_form(self, route: str, body: bytes, name: str):
        return self.client.post(route, data=body, name=name, headers={
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})

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
        blob = uuid.uuid4().hex[:11]
        for part, image in (("background", "blank"), ("composite", kind), ("layer", "layer")):
            fields = {"session_hash": self.session, "component_id": self.pad,
                      "fn_name": "accept_blobs", "id": blob, "type": part,
                      "index": "0" if part == "layer" else "null"}
            self.post_form("/gradio_api/component_server/",
                           form(fields, "file", self.images[image]), "accept_blobs")
        for image in (kind, "layer"):  # the page client's upload of the new images
            self.post_form("/gradio_api/upload", form({}, "files", self.images[image]),
                           "upload (page client)")
        body = {"data": [{"id": blob}, "CNN", False, "runner-up"], "fn_index": self.fn,
                "trigger_id": None, "session_hash": self.session, "event_data": None}
        self.client.post("/gradio_api/queue/join", json=body, name="join")
        # the whole stream, read as one response: the server ends it once the answer is sent
        with self.client.get("/gradio_api/queue/data", params={"session_hash": self.session},
                             name="stream", catch_response=True) as r:
            r.success()  # the stroke's own record below says whether it worked
            for line in r.content.split(b"\n"):
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
