#!/usr/bin/env bash
# Installs what the project needs beyond PyPI, with Debian's packages:
#   java      a Java runtime (>= 11) for the HermiT reasoner bundled with owlready2
#             (running geokg: `make run` asks for it);
#   chromium  the browser the tests of the HTML views drive (Playwright uses
#             /usr/bin/chromium and never downloads one; only `make test` asks for it).
# Usage: install-system-deps.sh [java] [chromium]   (no argument: both)
# Does nothing when what is asked for is already there. Needs root (or sudo)
# only when something is missing.
set -euo pipefail

wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(java chromium)

need=()
for what in "${wanted[@]}"; do
  case "$what" in
    java) command -v java >/dev/null 2>&1 || need+=(default-jre-headless) ;;
    chromium) [ -x /usr/bin/chromium ] || need+=(chromium) ;;
    *) echo "error: unknown system dependency '$what' (java, chromium)" >&2; exit 64 ;;
  esac
done

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
