#!/usr/bin/env bash
# Make sure Debian's nginx is installed for `make serve-cluster`, its test and
# its benchmark. Installs it with apt-get when run as root; otherwise says how.
# The cluster runs nginx as the current user: the system service stays off.
set -euo pipefail
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing nginx with apt-get (once per machine)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends nginx >/dev/null
    exit 0
fi
echo "nginx is missing: run 'sudo apt-get install nginx' (Debian or Ubuntu)," \
     "then try again." >&2
exit 1
