#!/usr/bin/env bash
# Build the Linux one-folder bundle into dist/certdesk and report its size.
# Uses the project's .venv (./dev sets it up with the pinned PyInstaller).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build/pyinstaller dist/certdesk
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --workpath build/pyinstaller --distpath dist packaging/certdesk.spec
echo "bundle: dist/certdesk ($(du -sh dist/certdesk | cut -f1))"
