#!/usr/bin/env bash
# Installs what the tests need from Debian and is not on a fresh machine:
# the peers and servers each entry below names (dnsmasq for DNS, TLS peers
# and PostgreSQL for interop, clang for the fuzzers, the classic tools the
# gonet command is compared with, the arm64 cross compiler and qemu-user for
# packaging). The tests themselves
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
# test/interop: openssl (certificates, s_server, s_client) and curl are TLS
# peers; postgresql brings initdb/postgres under /usr/lib/postgresql/*/bin,
# which test/interop/pg-server.ts runs on a loopback port for the pg tests.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v curl >/dev/null 2>&1 || missing+=(curl)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# scripts/fuzz.sh: the libFuzzer harnesses of fuzz/ need clang and
# compiler-rt's fuzzer and sanitizer runtimes, which Debian packages apart.
command -v clang++ >/dev/null 2>&1 || missing+=(clang)
compgen -G "$(clang++ -print-resource-dir 2>/dev/null)/lib/linux/libclang_rt.fuzzer-*.a" >/dev/null || missing+=(libclang-rt-dev)
# test/cli/ping.test.ts: iputils' ping, run beside `gonet ping` to compare.
command -v ping >/dev/null 2>&1 || [ -x /usr/bin/ping ] || missing+=(iputils-ping)
# test/cli/nc.test.ts: the peers `gonet nc` talks to (OpenBSD netcat, socat).
command -v nc >/dev/null 2>&1 || missing+=(netcat-openbsd)
command -v socat >/dev/null 2>&1 || missing+=(socat)
# test/activation/: systemd-socket-activate (Debian's systemd package).
command -v systemd-socket-activate >/dev/null 2>&1 || missing+=(systemd)
# scripts/check-format.sh: clang-format over binding/ (.clang-format).
command -v clang-format >/dev/null 2>&1 || missing+=(clang-format)

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
