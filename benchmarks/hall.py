"""A lecture hall of phones: how many strokes a second one server answers, measured with Locust.

    pip install -r requirements-bench.txt
    python benchmarks/hall.py [--users 8 32 200] [--seconds 30] [--servers floor app]

For each server (`app`: app.py; `floor`: benchmarks/floor_app.py, the same inputs and outputs with
a handler that returns at once, i.e. what Gradio itself costs) and each number of users, starts the
server, then runs Locust headless in a separate process (benchmarks/hall_user.py: each user draws
strokes back to back, one in eight a bad payload) and reports strokes per second, latency
percentiles of a whole stroke (upload + join the queue + read the answer), errors, wrong answers,
and the server's CPU time per stroke (from /proc, user + system). Server and Locust share the
machine's cores, as they would on a laptop on stage.
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
    Image.fromarray(drawing(400, 400)).save(folder / "four.png")  # a drawn 4
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
    rows = {r["Name"]: r for r in csv.DictReader(open(f"{prefix}_stats.csv"))}
    good, bad = rows.get("stroke (good)", {}), rows.get("stroke (bad)", {})
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv")))
    n = sum(int(r.get("Request Count", 0)) for r in (good, bad))
    return {"strokes": n, "rps": sum(float(r.get("Requests/s", 0)) for r in (good, bad)),
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
    print("| server | users | strokes/s | p50 ms | p95 ms | p99 ms | errors | wrong | server CPU ms per stroke |")
    print("|---|---|---|---|---|---|---|---|---|")
    for server in args.servers:
        for users in args.users:
            proc, url = start_app(script=SCRIPTS[server])
            try:
                before = cpu_seconds(proc.pid)
                r = locust(url, users, args.seconds, folder, check=server == "app")
                cpu = (cpu_seconds(proc.pid) - before) * 1000 / max(r["strokes"], 1)
            finally:
                stop(proc)
            print(f"| {server} | {users} | {r['rps']:.0f} | {r['p50']:.0f} | {r['p95']:.0f} | "
                  f"{r['p99']:.0f} | {r['errors']} | {r['wrong']} | {cpu:.1f} |", flush=True)
            for f in r["failures"]:
                print(f"    {f['Occurrences']} x {f['Name']}: {f['Error'][:150]}", file=sys.stderr)


if __name__ == "__main__":
    main()
