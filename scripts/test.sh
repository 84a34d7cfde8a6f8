#!/usr/bin/env bash
# Install everything the test suite needs (the Python packages at requirements.lock's versions into
# .venv/, and Debian's chromium, nginx, Java and CJK fonts for the browser and server tests), then
# run the whole suite with .venv's python. Extra arguments go to pytest; its exit code is this script's.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null || missing+=(chromium chromium-driver)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v java >/dev/null || missing+=(default-jre-headless)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v git >/dev/null || missing+=(git)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
bash scripts/venv.sh test  # fails, saying so, when requirements.lock is out of date with pyproject.toml
# axe-core, injected into pages by the accessibility tests (git-ignored folder).
[ -f .cache/npm/node_modules/axe-core/axe.min.js ] || npm install -s --prefix .cache/npm --no-audit --no-fund axe-core@4
exec .venv/bin/python -m pytest "$@"
