#!/usr/bin/env bash
# Installs what the test suite needs from Debian and is not on a fresh machine:
# dnsmasq, the loopback DNS server test/dns.test.ts starts. Idempotent: does
# nothing when the binary is already on PATH. `dnsmasq-base` is the binary
# alone; the `dnsmasq` package would also try to start a system service.
set -euo pipefail

missing=()
# /usr/sbin may be missing from a non-root PATH, hence the second check.
command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || missing+=(dnsmasq-base)

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

export DEBIAN_FRONTEND=noninteractive
# Other setup steps may hold the dpkg lock; wait for it instead of failing.
apt_opts=(-o DPkg::Lock::Timeout=600 -qq)
$SUDO apt-get "${apt_opts[@]}" update
$SUDO apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"
