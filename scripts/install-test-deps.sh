#!/usr/bin/env bash
# Installs what the tests need from Debian and is not on a fresh machine:
# dnsmasq, the loopback DNS server test/dns.test.ts starts, the peers the
# gonet command's tests compare with (test/cli/), and for the
# packaging test the arm64 cross compiler and qemu-user. The tests themselves
# never install anything. Idempotent: does nothing when the binaries are
# already on PATH. `dnsmasq-base` is the binary alone; the `dnsmasq` package
# would also try to start a system service.
set -euo pipefail

missing=()
# /usr/sbin may be missing from a non-root PATH, hence the second check.
command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || missing+=(dnsmasq-base)
# scripts/consumer-test.sh: the linux-arm64 prebuild is cross-compiled and
# then run under qemu-user (no binfmt needed: it calls qemu-aarch64 itself).
command -v aarch64-linux-gnu-g++ >/dev/null 2>&1 || missing+=(g++-aarch64-linux-gnu)
command -v qemu-aarch64 >/dev/null 2>&1 || missing+=(qemu-user)
# test/cli/ping.test.ts: iputils' ping, run beside `gonet ping` to compare.
command -v ping >/dev/null 2>&1 || [ -x /usr/bin/ping ] || missing+=(iputils-ping)
# test/cli/nc.test.ts: the peers `gonet nc` talks to (OpenBSD netcat, socat).
command -v nc >/dev/null 2>&1 || missing+=(netcat-openbsd)
command -v socat >/dev/null 2>&1 || missing+=(socat)
# test/activation/: systemd-socket-activate (Debian's systemd package).
command -v systemd-socket-activate >/dev/null 2>&1 || missing+=(systemd)

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
