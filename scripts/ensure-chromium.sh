#!/usr/bin/env bash
# The HTML report is tested in a real browser: Debian's Chromium at /usr/bin/chromium (a test tool
# must never download its own). Installs it on a fresh machine when we are root; otherwise says how.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser test (once)…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "The browser test needs Debian's chromium at /usr/bin/chromium: sudo apt-get install chromium" >&2
  exit 1
fi
