"""Put the app on a Hugging Face Space: one commit of what the app needs, with torch's CPU build.

    python scripts/space.py <you>/draw-a-digit     (logged in with `hf auth login`, or HF_TOKEN)
    python scripts/space.py --list                 what would be uploaded, and the requirements

Uploads the files git tracks (the app, the package, the committed weights, README with the
Space's front matter, docs, tests), less the drawing data sets under data/ (training only). A
Space installs requirements.txt: here it pins torch's and torchvision's CPU builds from PyTorch's
own index, as the Space has no GPU (the default build brings about 6 GB of CUDA libraries).
"""
import argparse
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
LEFT_OUT = ("data/",)  # training data: the app reads none of it


def space_requirements(text: str) -> str:
    """requirements.txt as a Space installs it: torch and torchvision pinned to their CPU
    builds (torch==2.14.1 -> torch==2.14.1+cpu), from PyTorch's CPU index besides PyPI."""
    pinned = re.sub(r"^(torch|torchvision)==([\w.]+)\s*$", r"\1==\2+cpu", text, flags=re.M)
    if pinned.count("+cpu") != 2:
        raise ValueError("requirements.txt must pin torch and torchvision (name==version)")
    return (f"# torch's CPU build: a Space has no GPU (scripts/space.py)\n"
            f"--extra-index-url {CPU_INDEX}\n{pinned}")


def files() -> list[str]:
    """The repository's files that go to the Space."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    return sorted(f for f in tracked if f and not f.startswith(LEFT_OUT)
                  and (ROOT / f).is_file())


def upload(space: str) -> str:
    from huggingface_hub import CommitOperationAdd, HfApi

    api = HfApi()
    api.create_repo(space, repo_type="space", space_sdk="gradio", exist_ok=True)
    ops = [CommitOperationAdd(f, str(ROOT / f)) for f in files() if f != "requirements.txt"]
    ops.append(CommitOperationAdd("requirements.txt", space_requirements(
        (ROOT / "requirements.txt").read_text()).encode()))
    info = api.create_commit(space, ops, repo_type="space",
                             commit_message="Draw a digit: the app, its weights, CPU torch")
    return info.commit_url


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("space", nargs="?", help="the Space, <user or organisation>/<name>")
    ap.add_argument("--list", action="store_true", help="print what would be uploaded")
    args = ap.parse_args()
    if args.list or not args.space:
        print("\n".join(files()))
        print("\nrequirements.txt on the Space:\n" + space_requirements(
            (ROOT / "requirements.txt").read_text()))
        return
    print(upload(args.space))


if __name__ == "__main__":
    main()
