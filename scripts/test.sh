#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them all: a virtual environment
# with requirements-dev.txt, Debian's Chromium for the browser tests and Node.js for the page's
# JavaScript (node --test tests/js/), then pytest with the arguments given.
# Tests that need MNIST read it from $MNIST_ROOT (default ./data, downloaded when reachable).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt -e .
missing=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
node --test tests/js/
exec .venv/bin/python -m pytest "$@"
