#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests and
# screenshots. Installs it with apt-get when run as root; otherwise says how.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium with apt-get (once per machine)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "Chromium is missing: run 'sudo apt-get install chromium' (Debian or Ubuntu)," \
     "or install Chromium so that /usr/bin/chromium exists, then try again." >&2
exit 1
