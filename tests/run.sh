#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh Debian machine, then runs it.
#   bash tests/run.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# Older cohorts' versions are built from their pinned commits: the clone needs its history.
if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = "true" ]; then
  echo "This clone is shallow; fetching the history that older cohorts' versions are built from..."
  git fetch --quiet --unshallow || echo "warning: could not fetch the full history; the sample site needs it" >&2
fi

# ical.js (the calendar parser of Thunderbird and many web calendars) reads the site's .ics files in the tests.
if ! command -v npm >/dev/null 2>&1; then
  echo "Installing Debian's nodejs and npm for the calendar tests..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
(cd tests/ical && npm ci --no-audit --no-fund --silent)

# The Nu HTML checker (npm vnu-jar) runs on Java; pa11y drives Debian's chromium. --ignore-scripts: no
# package downloads a browser or a Java runtime of its own (package.json, package-lock.json).
if ! command -v java >/dev/null 2>&1; then
  echo "Installing Debian's Java runtime for the Nu HTML checker..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
fi
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --silent

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt

exec .venv/bin/python -m pytest "$@"
