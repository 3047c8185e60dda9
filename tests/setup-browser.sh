#!/bin/sh
# Install Debian's chromium for the report's browser tests, where it is missing.
# Playwright drives it at /usr/bin/chromium; no browser is ever downloaded.
set -e
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
