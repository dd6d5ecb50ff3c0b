#!/usr/bin/env bash
# The Debian packages CertDesk needs beyond Python: Qt's libraries for the
# offscreen platform (tests) and the X11 one (a real window), venv, and for the
# tests a real Secret Service (gnome-keyring in a private D-Bus session), PostgreSQL's
# server (the tests start a throwaway cluster of their own), and
# poppler-utils and LibreOffice Calc to read generated PDFs and workbooks back.
# Installs what is missing when run as root; otherwise names it and stops.
set -euo pipefail
mode=${1:-run}
packages=(libgl1 libegl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
          libxkbcommon0)
if [ "$mode" = test ]; then
  packages+=(dbus-daemon gnome-keyring poppler-utils libreoffice-calc postgresql)
fi
if [ "$mode" = run ]; then
  packages+=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
             libxcb-shape0 libxkbcommon-x11-0)
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; make sure Qt 6's libraries are installed" >&2
  exit 0
fi
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  packages+=(python3-venv)
fi
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: missing Debian packages: ${missing[*]}" >&2
  echo "system-deps: install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
