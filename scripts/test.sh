#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them all:
# a virtual environment with requirements-dev.txt, and Debian's Chromium for the browser test.
# Tests that need MNIST read it from $MNIST_ROOT (default ./data, downloaded when reachable).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt -e .
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
