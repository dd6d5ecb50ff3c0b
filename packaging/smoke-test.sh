#!/usr/bin/env bash
# Start the built executable as a user would, three times, offscreen:
#  1. with a keyring (the test session's own gnome-keyring when available,
#     else the passphrase path) in a plain temporary home;
#  2. in a home folder whose path holds Korean and spaces;
#  3. with no keyring at all (passphrase from CERTDESK_PASSPHRASE).
# Each run loads the bundled frameworks, scores a sample, writes an encrypted
# database in the user data folder, opens the window and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
exe=dist/certdesk/certdesk
[ -x "$exe" ] || { echo "smoke-test: build first (packaging/build.sh)" >&2; exit 1; }
base=$(mktemp -d)
trap 'rm -rf "$base"' EXIT
run() {  # NAME HOME [ENV...]
  local name=$1 home=$2; shift 2
  mkdir -p "$home"
  env -i PATH=/usr/bin:/bin HOME="$home" QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 "$@" \
    "$exe" --self-test 2>"$base/err" || { cat "$base/err" >&2; echo "smoke-test: $name FAILED" >&2; exit 1; }
  echo "smoke-test: $name passed"
}
"$exe" --version
run "plain home, passphrase" "$base/home" \
  PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring CERTDESK_PASSPHRASE="smoke test passphrase"
run "Korean home with spaces" "$base/사용자 홍 길동/home dir" \
  PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring CERTDESK_PASSPHRASE="smoke test passphrase"
run "no keyring, passphrase" "$base/nokeyring" \
  PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring CERTDESK_PASSPHRASE="smoke test passphrase"
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  home="$base/keyring home"
  mkdir -p "$home"
  env -i PATH=/usr/bin:/bin HOME="$home" QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 \
    dbus-run-session -- bash -c "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; '$PWD/$exe' --self-test" \
    2>"$base/err" || { cat "$base/err" >&2; echo "smoke-test: keyring FAILED" >&2; exit 1; }
  echo "smoke-test: real Secret Service keyring passed"
fi
