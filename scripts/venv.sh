#!/usr/bin/env bash
# The project's own Python environment in .venv/ (git-ignored), installed from requirements.lock:
#   bash scripts/venv.sh          what build.py needs
#   bash scripts/venv.sh test     and what the tests need
# It never installs into the system's Python (refused on Debian 12 and Ubuntu 24.04, PEP 668), and
# works with any python3 of 3.11 or later on PATH (the system's, pyenv's, ...). Where that python
# cannot make an environment (Debian's without python3-venv), it installs the package with apt.
set -euo pipefail

# create_venv DIR: a virtual environment with pip in DIR, made by python3.
create_venv() {
  local dir=$1 version
  version=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "python3 is $version; this project needs Python 3.11 or later" >&2
    return 1
  fi
  # Debian's venv module fails without ensurepip and leaves a folder without pip behind.
  if python3 -m venv "$dir" >/dev/null 2>&1 && "$dir/bin/python" -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  rm -rf "$dir"
  install_venv_package "$version"
  python3 -m venv "$dir"
}

# install_venv_package X.Y: Debian's python3-venv (python3.X-venv) with apt, as root or with sudo.
install_venv_package() {
  local version=$1 sudo="" packages=(python3-venv)
  if ! command -v apt-get >/dev/null; then
    echo "python3 cannot create a virtual environment (python3 -m venv fails); install its venv module" >&2
    return 1
  fi
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "python3 cannot create a virtual environment: installing Debian's python$version-venv" >&2
  $sudo apt-get update -qq
  # python3-venv is the distribution's default python3; a python3.X from elsewhere needs its own.
  if apt-cache show "python$version-venv" >/dev/null 2>&1; then
    packages+=("python$version-venv")
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
}

# install_locked [EXTRA]: .venv with this project (editable) and its dependencies at the locked versions.
install_locked() {
  local target=. python=.venv/bin/python
  [ -z "${1:-}" ] || target=".[$1]"
  [ -f requirements.lock ] || { echo "requirements.lock is missing; make it with: bash scripts/lock.sh" >&2; exit 1; }
  if ! "$python" -m pip --version >/dev/null 2>&1; then
    rm -rf .venv
    create_venv .venv
  fi
  # The lock check reads requirements with `packaging`, at its locked version.
  "$python" -m pip install -q --disable-pip-version-check -c requirements.lock packaging
  "$python" scripts/check_lock.py
  "$python" -m pip install -q --disable-pip-version-check -c requirements.lock -e "$target"
  "$python" -m pip check >/dev/null || { "$python" -m pip check >&2; exit 1; }
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  cd "$(dirname "$0")/.."
  install_locked "${1:-}"
fi
