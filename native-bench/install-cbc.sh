#!/usr/bin/env bash
# Makes sure the COIN-OR CBC command-line solver (`cbc`) is on PATH: installs Debian/Ubuntu's
# coinor-cbc package with apt-get when it is missing (needs root, or sudo without a password).
# Exit status: 0 = cbc available (prints its path), 3 = not available and could not be installed.
set -u

if command -v cbc >/dev/null 2>&1; then
  command -v cbc
  exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "install-cbc: cbc is missing and we are not root (and have no password-less sudo); install coinor-cbc by hand" >&2
    exit 3
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-cbc: cbc is missing and apt-get is not available; install CBC by hand (coinor-cbc / coin-or-cbc)" >&2
  exit 3
fi

echo "install-cbc: installing coinor-cbc with apt-get ..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y coinor-cbc >&2; then
  echo "install-cbc: first attempt failed; running apt-get update and retrying" >&2
  $SUDO apt-get update >&2 || true
  $SUDO apt-get install -y coinor-cbc >&2 || true
fi

if command -v cbc >/dev/null 2>&1; then
  command -v cbc
  exit 0
fi
echo "install-cbc: could not install coinor-cbc" >&2
exit 3
