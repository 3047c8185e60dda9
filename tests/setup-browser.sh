#!/bin/sh
# Set up the report's browser tests: Debian's chromium and the DejaVu fonts,
# where they are missing (Playwright drives it at /usr/bin/chromium; no browser
# is ever downloaded; the PDF tests write their PDFs in DejaVu Sans),
# and axe-core from the npm registry into build/axe (ignored by git), which
# the accessibility test injects into the page.
set -e
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$ROOT/build/axe/node_modules/axe-core/axe.min.js" ]; then
  mkdir -p "$ROOT/build/axe"
  npm install --prefix "$ROOT/build/axe" --no-audit --no-fund --silent axe-core@4
fi
