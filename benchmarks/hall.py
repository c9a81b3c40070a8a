"""A lecture hall of phones: how many strokes a second one server answers, measured with Locust.

    pip install -r requirements-bench.txt
    python benchmarks/hall.py [--users 8 32 200] [--seconds 30] [--servers floor app] [--pace 0]
    python benchmarks/hall.py --live [--users 32]
    python benchmarks/hall.py --correct [--users 200]
    python benchmarks/hall.py --room ...      (any of the above, the Room tab open beside it)

For each server (`app`: app.py; `floor`: benchmarks/floor_app.py, the same inputs and outputs with
a handler that returns at once, i.e. what Gradio itself costs) and each number of users, starts the
server, then runs Locust headless in a separate process (benchmarks/hall_user.py: each user draws
strokes back to back, or one every --pace seconds as a person at the pad does; one in eight is a
bad payload) and reports strokes per second, latency percentiles of a whole stroke (one request
carrying the drawing, as the page sends it: see benchmarks/hall_user.py), errors, wrong answers,
and the server's CPU time per stroke (from /proc, user + system; its worker processes included,
and of that its own process's), then the same per HTTP request. Server and Locust share the
machine's cores, as they would on a laptop on stage.

--live: each person draws continuously with live updates, as the page does while the pen moves
(benchmarks/hall_user.py): a 1-second stroke with a live answer every 150 ms, then pen-up; the
table gives live updates per second, their latency, and the server's CPU time per second of
drawing (one person drawing for one second).

--correct: each person draws a 4 and tells the model what it was (a button under the answer),
then again 0.5 s later (benchmarks/hall_user.py): corrections per second, their latency, and errors (a correction not
"kept" is one). The room's database is a fresh file in a temporary folder.

--room: the same, with the presenter's screen showing the Room tab beside the hall
(benchmarks/presenter.py: headless Chromium on the same cores, its wall refreshed every 3 s); the
room's database starts with ROOM_SEEDED held-out drawings told, so that the wall is full. A line
under each row says how many refreshes the presenter's page asked for, and how long a new count of
drawings took to show.

Locust's own latency figures include its client's delays: its users share one process, and a
request waits there for the others. So with --pace, beside the hall a second Locust process is
one more person, drawing a stroke every 0.5 s: its latency is what one person in that hall waits
for an answer (with --pace 1 and 8 users, several times less than Locust's own median). Back to
back, the server is saturated and that person would wait as long as the hall does: no probe.
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.preprocess import as_sent, drawing  # noqa: E402
from benchmarks.server import ROOT, children, start_app, stop  # noqa: E402

ROOM: Path | None = None  # --room: the run's folder
ROOM_SEEN: dict | None = None  # --room: what the presenter's page saw in the last run
SCRIPTS = {"app": "app.py", "floor": "benchmarks/floor_app.py"}
PROBE = 0.5  # seconds between the strokes of the one person the probe is
VARIANTS = 16  # drawn 4s for --correct (benchmarks/hall_user.py)
ROOM_SEEDED = 300  # drawings told before a --room run, so that the wall is full
NOBODY = {"strokes": 0, "requests": 0, "http_rps": 0, "p50": math.nan, "p95": math.nan,
          "errors": 0, "wrong": 0, "failures": []}  # no probe, or none of its strokes answered


def cpu_seconds(pid: int, workers: bool = True) -> float:
    """User + system CPU time so far of a process and (workers=True) of the processes it
    started and that still run (the app's worker processes, mnist_demo/answer.py)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(map(cpu_seconds, children(pid))) if workers else own


def payloads(folder: Path) -> None:
    """The Sketchpad's composites as the page sends them (benchmarks/preprocess.py: as_sent): a
    drawn 4, the blank canvas; and a file that is no image."""
    (folder / "four.png").write_bytes(as_sent(drawing(400, 400))[1])
    for k in range(VARIANTS):  # 4s that differ, for people who correct again and again
        (folder / f"four{k}.png").write_bytes(as_sent(drawing(400, 400, 0.5 + 0.015 * k))[1])
    (folder / "blank.png").write_bytes(as_sent(np.full((400, 400, 4), 255, np.uint8))[1])
    (folder / "junk.png").write_bytes(b"not an image at all")


def locust(url: str, users: int, seconds: int, folder: Path, check: bool, pace: float,
           name: str, live: bool = False, correct: bool = False) -> tuple[subprocess.Popen, Path]:
    """Start Locust headless with `users` people (benchmarks/hall_user.py); returns the process
    and the prefix of the CSV files it writes."""
    prefix = folder / name
    env = {**os.environ, "HALL_FILES": str(folder), "HALL_CHECK": "1" if check else "",
           "HALL_PACE": str(pace), "HALL_LIVE": "1" if live else "",
           "HALL_CORRECT": "1" if correct else ""}
    return subprocess.Popen(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks/hall_user.py"),
         # people start within one pace of each other, not all in the same instant
         "--headless", "-u", str(users), "-r", str(users / pace if pace else users),
         "-t", f"{seconds}s", "--host", url.rstrip("/"), "--csv", str(prefix), "--only-summary",
         "--stop-timeout", "10", "--loglevel", "WARNING"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), prefix


def results(prefix: Path) -> dict:
    """What a finished Locust run wrote: strokes, HTTP requests, latency, errors, wrong answers."""
    table = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    rows = {r["Name"]: r for r in table}
    good, bad = rows.get("stroke (good)", {}), rows.get("stroke (bad)", {})
    live, fix = rows.get("live update", {}), rows.get("correction", {})
    http = [r for r in table if r["Type"] not in ("STROKE", "")]
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv")))
    n = sum(int(r.get("Request Count", 0)) for r in (good, bad))
    return {"strokes": n, "rps": sum(float(r.get("Requests/s", 0)) for r in (good, bad)),
            "requests": sum(int(r["Request Count"]) for r in http),
            "http_rps": sum(float(r["Requests/s"]) for r in http),
            "p50": float(good.get("50%", "nan")), "p95": float(good.get("95%", "nan")),
            "p99": float(good.get("99%", "nan")),
            "live": int(live.get("Request Count", 0)), "live_rps": float(live.get("Requests/s", 0)),
            "live_p50": float(live.get("50%", "nan")), "live_p95": float(live.get("95%", "nan")),
            "fixes": int(fix.get("Request Count", 0)), "fix_rps": float(fix.get("Requests/s", 0)),
            "fix_p50": float(fix.get("50%", "nan")), "fix_p95": float(fix.get("95%", "nan")),
            "errors": sum(int(f["Occurrences"]) for f in failures if "wrong" not in f["Error"]),
            "wrong": sum(int(f["Occurrences"]) for f in failures if "wrong" in f["Error"]),
            "failures": failures[:3]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--users", type=int, nargs="+", default=[8, 32, 200])
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--servers", nargs="+", choices=sorted(SCRIPTS), default=["floor", "app"])
    ap.add_argument("--pace", type=float, default=0,
                    help="seconds from the start of a person's stroke to their next one "
                         "(0: the next as soon as the answer is in)")
    ap.add_argument("--live", action="store_true",
                    help="people draw continuously, with live updates while the pen moves")
    ap.add_argument("--correct", action="store_true",
                    help="people draw a digit and tell the model what it was, again and again")
    ap.add_argument("--room", action="store_true",
                    help="with the Room tab open on the presenter's screen beside the hall")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp())
    payloads(folder)
    global ROOM
    ROOM = folder if args.room else None
    if args.live:
        return drawing_hall(args, folder)
    if args.correct:
        return correcting_hall(args, folder)
    pace = f"every {args.pace:g} s" if args.pace else "as soon as the last one is answered"
    print(f"Each person draws a stroke {pace}.")
    print("| server | users | strokes/s | p50 ms | p95 ms | p99 ms | one person's wait p50 / p95 "
          "ms | errors | wrong | server CPU ms per stroke | of which its own process | HTTP "
          "requests/s | server CPU ms per request |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for server in args.servers:
        for users in args.users:
            check = server == "app"

            def start(url):
                runs = [locust(url, users, args.seconds, folder, check, args.pace, f"hall{users}")]
                if args.pace:  # back to back the server is saturated: one more waits as long
                    runs.append(locust(url, 1, args.seconds, folder, check, PROBE, f"probe{users}"))
                return runs

            runs, spent, own = under_load(server, start)
            r = results(runs[0][1])
            one = results(runs[1][1]) if len(runs) > 1 else NOBODY
            wait = "-" if math.isnan(one["p50"]) else f"{one['p50']:.0f} / {one['p95']:.0f}"
            strokes, requests = r["strokes"] + one["strokes"], r["requests"] + one["requests"]
            print(f"| {server} | {users} | {r['rps']:.0f} | {r['p50']:.0f} | {r['p95']:.0f} | "
                  f"{r['p99']:.0f} | {wait} | "
                  f"{r['errors'] + one['errors']} | {r['wrong'] + one['wrong']} | "
                  f"{spent / max(strokes, 1):.1f} | {own / max(strokes, 1):.1f} | "
                  f"{r['http_rps'] + one['http_rps']:.0f} | "
                  f"{spent / max(requests, 1):.1f} |", flush=True)
            room_line()
            failed(r["failures"] + one["failures"])


def under_load(server: str, start, env: dict | None = None) -> tuple[list, float, float]:
    """Start `server` (with `env`), then the Locust processes `start(url)` starts, and wait for
    them: returns their (process, CSV prefix) pairs and the server's CPU ms meanwhile, with its
    workers and of its own process."""
    presenter = ROOM / "presenter.json" if ROOM is not None and server == "app" else None
    if presenter:
        env = {"MNIST_DEMO_DB": str(seeded(ROOM)), **(env or {})}
    proc, url = start_app(env, script=SCRIPTS[server])
    try:
        if presenter:  # the Room tab open before the hall starts; it stays open until it ends
            ready = presenter.with_suffix(".ready")
            ready.unlink(missing_ok=True)
            watching = subprocess.Popen([sys.executable, str(ROOT / "benchmarks/presenter.py"),
                                         url, str(ready), str(presenter)])
            while not ready.exists() and watching.poll() is None:
                time.sleep(0.2)
        before = cpu_seconds(proc.pid), cpu_seconds(proc.pid, workers=False)
        runs = start(url)
        for run, _ in runs:
            run.wait()
        if presenter:
            ready.unlink()  # the presenter's page closes
            watching.wait()
        return (runs, (cpu_seconds(proc.pid) - before[0]) * 1000,
                (cpu_seconds(proc.pid, workers=False) - before[1]) * 1000)
    finally:
        stop(proc)
        global ROOM_SEEN
        ROOM_SEEN = json.loads(presenter.read_text()) if presenter else None


def seeded(folder: Path) -> Path:
    """A fresh room database with ROOM_SEEDED held-out pen digits told (one in six corrected:
    the model said the next digit), so that the Room tab's wall and confusion are full."""
    from mnist_demo.corrections import Corrections
    from mnist_demo.handwriting import drawn, load, split

    path = folder / f"room-{len(list(folder.glob('room-*.sqlite')))}.sqlite"
    store = Corrections(path, rate=1e9)
    x, y, _ = drawn(split(load("digits"), held_out=True)[:ROOM_SEEDED], 1, seed=3)
    for i, (x28, label) in enumerate(zip(x, y)):
        store.keep(x28, "CNN", (label + 1) % 10 if i % 6 == 0 else label, label, f"seed{i % 40}")
    store.close()
    return path


def room_line() -> None:
    """What the presenter's page saw in the last run (--room), under its row."""
    if not (r := ROOM_SEEN):
        return
    waits = r["waits_ms"]
    took = (f"; each shown {np.median(waits):.0f} ms (median), {max(waits):.0f} ms (max) after "
            "its refresh asked" if waits else "")
    print(f"    Room tab open: {r['asked']} refreshes asked, {r['changes']} new counts of "
          f"drawings{took}", flush=True)


def failed(failures: list) -> None:
    for f in failures:
        print(f"    {f['Occurrences']} x {f['Name']}: {f['Error'][:150]}", file=sys.stderr)


def drawing_hall(args, folder: Path) -> None:
    """The --live table: people drawing continuously, the page's live updates included."""
    from benchmarks.hall_user import BETWEEN, STROKE

    print(f"Each person draws {STROKE:g}-second strokes, {BETWEEN:g} s apart, with live updates.")
    print("| server | users | live updates/s | live p50 ms | live p95 ms | strokes/s | "
          "pen-up to both answers p95 ms | errors | wrong | server CPU ms per second of "
          "drawing | HTTP requests/s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for server in args.servers:
        for users in args.users:
            runs, spent, _ = under_load(server, lambda url: [locust(
                url, users, args.seconds, folder, server == "app", 0, f"live{users}", live=True)])
            r = results(runs[0][1])
            print(f"| {server} | {users} | {r['live_rps']:.0f} | {r['live_p50']:.0f} | "
                  f"{r['live_p95']:.0f} | {r['rps']:.1f} | {r['p95']:.0f} | {r['errors']} | "
                  f"{r['wrong']} | {spent / max(r['strokes'] * STROKE, 1):.0f} | "
                  f"{r['http_rps']:.0f} |", flush=True)
            room_line()
            failed(r["failures"])


def correcting_hall(args, folder: Path) -> None:
    """The --correct table: people drawing and correcting, each correction kept in SQLite."""
    print("Each person draws a 4, then tells the model what it was; 0.5 s later again.")
    print("| users | corrections/s | correction p50 ms | p95 ms | strokes/s | errors | "
          "server CPU ms per correction (with its stroke) |")
    print("|---|---|---|---|---|---|---|")
    for users in args.users:
        env = {"MNIST_DEMO_DB": str(folder / f"room{users}.sqlite")}
        runs, spent, _ = under_load("app", lambda url: [locust(
            url, users, args.seconds, folder, True, 0, f"correct{users}", correct=True)], env)
        r = results(runs[0][1])
        print(f"| {users} | {r['fix_rps']:.0f} | {r['fix_p50']:.0f} | {r['fix_p95']:.0f} | "
              f"{r['rps']:.0f} | {r['errors'] + r['wrong']} | "
              f"{spent / max(r['fixes'], 1):.1f} |", flush=True)
        room_line()
        failed(r["failures"])


if __name__ == "__main__":
    main()
