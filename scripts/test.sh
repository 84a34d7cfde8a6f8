#!/usr/bin/env bash
# Install everything the test suite needs (Python packages, and Debian's chromium, nginx and CJK
# fonts for the browser and server tests), then run the whole suite. Extra arguments go to pytest.
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
python3 -m pip install -q --disable-pip-version-check -e '.[test]'
# axe-core, injected into pages by the accessibility tests (git-ignored folder).
[ -f .cache/npm/node_modules/axe-core/axe.min.js ] || npm install -s --prefix .cache/npm --no-audit --no-fund axe-core@4
python3 -m pytest "$@"
