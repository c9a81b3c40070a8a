"""A lecture hall of phones: how many strokes a second one server answers, measured with Locust.

    pip install -r requirements-bench.txt
    python benchmarks/hall.py [--users 8 32 200] [--seconds 30] [--servers floor app]

For each server (`app`: app.py; `floor`: benchmarks/floor_app.py, the same inputs and outputs with
a handler that returns at once, i.e. what Gradio itself costs) and each number of users, starts the
server, then runs Locust headless in a separate process (benchmarks/hall_user.py: each user draws
strokes back to back, one in eight a bad payload) and reports strokes per second, latency
percentiles of a whole stroke (send the images + join the queue + read the answer), errors,
wrong answers, and the server's CPU time per stroke (from /proc, user + system); then the same
per HTTP request (a stroke is about 30 of them, as the page sends it: see
benchmarks/hall_user.py). Server and Locust share the machine's cores, as they would on a laptop
on stage.
"""
import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.preprocess import drawing  # noqa: E402
from benchmarks.server import ROOT, start_app, stop  # noqa: E402

SCRIPTS = {"app": "app.py", "floor": "benchmarks/floor_app.py"}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def payloads(folder: Path) -> None:
    """The Sketchpad's images: a drawn 4 (composite), its strokes alone (layer), a white
    background (also the blank canvas), and a file that is no image."""
    four = Image.fromarray(drawing(400, 400))
    four.save(folder / "four.png")
    layer = four.copy()
    layer.putalpha(Image.eval(four.convert("L"), lambda v: 255 - v))
    layer.save(folder / "layer.png")
    Image.new("RGBA", (400, 400), "white").save(folder / "blank.png")
    (folder / "junk.png").write_bytes(b"not an image at all")


def locust(url: str, users: int, seconds: int, folder: Path, check: bool) -> dict:
    prefix = folder / f"run{users}"
    env = {**os.environ, "HALL_FILES": str(folder), "HALL_CHECK": "1" if check else ""}
    subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks/hall_user.py"),
                    "--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
                    "--host", url.rstrip("/"), "--csv", str(prefix), "--only-summary",
                    "--stop-timeout", "10", "--loglevel", "WARNING"],
                   env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    table = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    rows = {r["Name"]: r for r in table}
    good, bad = rows.get("stroke (good)", {}), rows.get("stroke (bad)", {})
    http = [r for r in table if r["Type"] not in ("STROKE", "")]
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv")))
    n = sum(int(r.get("Request Count", 0)) for r in (good, bad))
    return {"strokes": n, "rps": sum(float(r.get("Requests/s", 0)) for r in (good, bad)),
            "requests": sum(int(r["Request Count"]) for r in http),
            "http_rps": sum(float(r["Requests/s"]) for r in http),
            "p50": float(good.get("50%", "nan")), "p95": float(good.get("95%", "nan")),
            "p99": float(good.get("99%", "nan")),
            "errors": sum(int(f["Occurrences"]) for f in failures if "wrong" not in f["Error"]),
            "wrong": sum(int(f["Occurrences"]) for f in failures if "wrong" in f["Error"]),
            "failures": failures[:3]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--users", type=int, nargs="+", default=[8, 32, 200])
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--servers", nargs="+", choices=sorted(SCRIPTS), default=["floor", "app"])
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp())
    payloads(folder)
    print("| server | users | strokes/s | p50 ms | p95 ms | p99 ms | errors | wrong | "
          "server CPU ms per stroke | HTTP requests/s | server CPU ms per request |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for server in args.servers:
        for users in args.users:
            proc, url = start_app(script=SCRIPTS[server])
            try:
                before = cpu_seconds(proc.pid)
                r = locust(url, users, args.seconds, folder, check=server == "app")
                spent = (cpu_seconds(proc.pid) - before) * 1000
            finally:
                stop(proc)
            print(f"| {server} | {users} | {r['rps']:.0f} | {r['p50']:.0f} | {r['p95']:.0f} | "
                  f"{r['p99']:.0f} | {r['errors']} | {r['wrong']} | "
                  f"{spent / max(r['strokes'], 1):.1f} | {r['http_rps']:.0f} | "
                  f"{spent / max(r['requests'], 1):.1f} |", flush=True)
            for f in r["failures"]:
                print(f"    {f['Occurrences']} x {f['Name']}: {f['Error'][:150]}", file=sys.stderr)


if __name__ == "__main__":
    main()
