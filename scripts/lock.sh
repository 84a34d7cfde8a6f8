#!/usr/bin/env bash
# Regenerate requirements.lock: the newest releases that fit pyproject.toml's ranges (dependencies
# and the test extra), for every Python the project supports (requires-python) and every platform.
# uv works it out from a throwaway environment. Run it after changing dependencies in
# pyproject.toml, or to move the tests on to newer releases; then commit requirements.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
create_venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check uv
{
  echo "# The exact versions scripts/venv.sh and scripts/test.sh install (as pip constraints)."
  echo "# Made by \`bash scripts/lock.sh\` from pyproject.toml; do not edit by hand."
  "$work/venv/bin/uv" pip compile pyproject.toml --extra test --universal --no-header
} > requirements.lock.new
mv requirements.lock.new requirements.lock
echo "requirements.lock written; commit it" >&2
