#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them all: a virtual environment
# with requirements-dev.txt, Debian's Chromium, Firefox ESR and WebKitGTK's WebDriver (Safari's
# engine) with a virtual display (Xvfb) for the browser tests, Node.js for the page's JavaScript
# (node --test tests/js/) and npm's puppeteer-core to drive Firefox, then pytest with the
# arguments given.
# Tests that need MNIST read it from $MNIST_ROOT (default ./data, downloaded when reachable).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt -e .
missing=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -x "${FIREFOX:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
[ -x "${WEBKIT_DRIVER:-/usr/bin/WebKitWebDriver}" ] || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -d node_modules/puppeteer-core ] || npm ci --no-audit --no-fund --silent
node --test tests/js/
exec .venv/bin/python -m pytest "$@"
