#!/bin/sh
# Atomic deploy of the built site on the web server: readers see the old site or the new one, never
# half of each (rsync --delete into the live folder would show them a site being replaced).
#
#   deploy.sh SITE_FOLDER ROOT [KEEP]   publish SITE_FOLDER (a built output/) as a new release
#   deploy.sh --rollback ROOT           switch back to the release before the current one
#
# Layout under ROOT (the web server serves ROOT/current, e.g. nginx `alias /srv/disclosure/current/;`):
#   releases/20261207T160501Z/   one folder per deploy, the newest KEEP (default 5) kept for rollback
#   current -> releases/…        a symbolic link, replaced in one rename(2)
set -eu
export LC_ALL=C  # release names sort byte by byte, whatever the server's locale

die() { echo "deploy: $*" >&2; exit 1; }

# Point ROOT/current at releases/$1 atomically: a new link beside it, renamed over the old one.
switch_to() {
    ln -s "releases/$1" "$ROOT/.current-$$"
    mv -T "$ROOT/.current-$$" "$ROOT/current" || { rm -f "$ROOT/.current-$$"; die "cannot switch current"; }
}

current_release() {
    [ -L "$ROOT/current" ] && basename "$(readlink "$ROOT/current")" || true
}

if [ "${1:-}" = "--rollback" ]; then
    [ $# -eq 2 ] || die "usage: deploy.sh --rollback ROOT"
    ROOT=$2
    now=$(current_release)
    [ -n "$now" ] || die "$ROOT/current is not a release link: nothing to roll back"
    previous=$(ls -1 "$ROOT/releases" | grep -v '^\.' | sort | awk -v now="$now" '$0 == now { print last; exit } { last = $0 }')
    [ -n "$previous" ] || die "no release before $now is kept"
    switch_to "$previous"
    echo "deploy: rolled back from $now to $previous"
    exit 0
fi

[ $# -ge 2 ] && [ $# -le 3 ] || die "usage: deploy.sh SITE_FOLDER ROOT [KEEP] | deploy.sh --rollback ROOT"
SITE=$1 ROOT=$2 KEEP=${3:-5}
case $KEEP in ''|*[!0-9]*|0) die "KEEP must be a number of releases, at least 1" ;; esac
[ -f "$SITE/index.html" ] || die "$SITE has no index.html: not a built site"
[ ! -e "$ROOT/current" ] || [ -L "$ROOT/current" ] || die "$ROOT/current exists and is not a link: move it away first"
mkdir -p "$ROOT/releases"

# Release names sort in deploy order (rollback and pruning rely on it): the time, or, when that does
# not sort after the newest release (two deploys in one second, a clock set back), the newest's name
# with '-1' added, which sorts right after it.
release=$(date -u +%Y%m%dT%H%M%SZ)
newest=$(ls -1 "$ROOT/releases" | grep -v '^\.' | sort | tail -n 1)
if [ -n "$newest" ] && [ "$(printf '%s\n%s\n' "$newest" "$release" | sort | tail -n 1)" = "$newest" ]; then
    release=$newest-1
fi
# Copied under a hidden name and renamed when complete: a copy cut short is never a release.
staging="$ROOT/releases/.incoming-$release"
trap 'rm -rf "$staging" "$ROOT/.current-$$"' EXIT
cp -R "$SITE/." "$staging"
chmod -R a+rX "$staging"
mv "$staging" "$ROOT/releases/$release"
switch_to "$release"
trap - EXIT

# Keep the newest KEEP releases (the current one always), delete the older ones.
ls -1 "$ROOT/releases" | grep -v '^\.' | sort -r | tail -n +$((KEEP + 1)) | while read -r old; do
    [ "$old" = "$release" ] || rm -rf "${ROOT:?}/releases/$old"
done
echo "deploy: $ROOT/current -> releases/$release"
