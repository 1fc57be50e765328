#!/usr/bin/env bash
# Set up everything the dashboard and its tests need, idempotently:
#  - system packages (Chromium for browser tests and image export, CJK + emoji fonts) when missing;
#  - a virtual environment in .venv with the pinned requirements, constrained by requirements.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need_apt+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -i "Noto Color Emoji" >/dev/null || need_apt+=(fonts-noto-color-emoji)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: please install ${need_apt[*]} (sudo apt-get install ${need_apt[*]}); continuing without them" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# requirements.txt names what the project uses; requirements.lock (scripts/lock.sh) pins every package a
# fresh install resolved to, transitive ones included. A requirement not yet in the lock still installs
# (constraints only constrain the packages they list); run scripts/lock.sh after changing requirements.txt.
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements.lock | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  if ! .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -c requirements.lock; then
    echo "setup: requirements.txt and requirements.lock disagree; run scripts/lock.sh and commit requirements.lock" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi
# The project's own modules compiled now (ignored by git), so the server's first run reads bytecode instead of
# compiling from source, also where PYTHONDONTWRITEBYTECODE is set; Python recompiles any file changed later.
.venv/bin/python -m compileall -q dashboard.py analytics ui pages > /dev/null
