#!/usr/bin/env bash
# Installs what the project needs beyond PyPI, with Debian's packages:
#   - a Java runtime (>= 11) for the HermiT reasoner bundled with owlready2;
#   - Chromium, which the browser tests of the HTML views drive (Playwright
#     uses /usr/bin/chromium; it never downloads a browser of its own).
# Does nothing when everything is already there. Needs root (or sudo) only
# when something is missing.
set -euo pipefail

need=()
if ! command -v java >/dev/null 2>&1; then
  need+=(default-jre-headless)
fi
if [ ! -x /usr/bin/chromium ]; then
  need+=(chromium)
fi

[ ${#need[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${need[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: need root to install ${need[*]}; install them yourself and rerun." >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
