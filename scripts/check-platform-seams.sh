#!/usr/bin/env bash
# The platform seam rule (docs/portability.md): a file under binding/ uses
# a platform's own identifiers only when its name says which platform.
#   Linux-only   -> *_linux.*, *_epoll.*
#   BSD/macOS    -> *_bsd.*, *_darwin.*, *_freebsd.*, *_kqueue.*
#   Windows-only -> *_win.*, *_iocp.*
# The BSD files may also test for a Linux name FreeBSD shares (#ifdef
# SO_PROTOCOL); the Windows files (and binding/win/, the Winsock shim under
# POSIX names) may name the Linux and BSD spellings they map or share
# (TCP_KEEPALIVE, MSG_NOSIGNAL as 0). Files without a suffix, and *_unix.*
# files, use only POSIX.
# binding/options/sockopts.def is the one cross-platform table: each of its
# rows is guarded by #ifdef of its own constant, so it may name any
# platform's options.
# Comments are ignored (they may name what a file avoids). Prints each
# offence as file:line and exits 1 if there is any.
set -uo pipefail
cd "$(dirname "$0")/.."

linux='\b(accept4|SOCK_NONBLOCK|SOCK_CLOEXEC|MSG_NOSIGNAL|MSG_CMSG_CLOEXEC|epoll_[a-z_]+|EPOLL[A-Z_]*|SPLICE_F_[A-Z]+|recvmmsg|sendmmsg|mmsghdr|SO_PEERCRED|ucred|TCP_KEEPIDLE|ip_mreqn|SO_DOMAIN|SO_PROTOCOL|pipe2|AF_NETLINK|NETLINK_[A-Z_]+|nlmsghdr|rtattr|SO_BINDTODEVICE|__linux__)\b|\bsplice *\(|char *\* *[a-z_]+ *= *strerror_r'
bsd='\b(kqueue|kevent|EVFILT_[A-Z]+|EV_[A-Z]+|SO_NOSIGPIPE|AF_LINK|sockaddr_dl|LOCAL_PEERCRED|LOCAL_PEERPID|getpeereid|TCP_KEEPALIVE|IP_RECVDSTADDR|__APPLE__|__FreeBSD__)\b|[.>](sun_len|sin_len|sin6_len|ss_len|sa_len)\b'
win='\b(WSA[A-Za-z]*|winsock2|SOCKET_ERROR|INVALID_SOCKET|_WIN32|CreateIoCompletionPort|GetQueuedCompletionStatus(Ex)?|OVERLAPPED)\b'

offences=0
check() {
  local what=$1 allowed=$2 pattern=$3 f hit
  while IFS= read -r f; do
    [[ $f =~ $allowed ]] && continue
    while IFS= read -r hit; do
      echo "$f:${hit%%:*}: $what-only identifier outside a $what file: ${hit#*:}"
      offences=$((offences + 1))
    done < <(sed -E 's://.*$::' "$f" | grep -nE "$pattern")
  done < <(find binding -type f \( -name '*.cc' -o -name '*.h' -o -name '*.def' \) | sort)
}

windows='_(win|iocp)\.[a-z]+$|^binding/win/'
guarded='|^binding/options/sockopts\.def$'
check Linux "_(linux|epoll|bsd|darwin|freebsd|kqueue)\\.[a-z]+\$|$windows$guarded" "$linux"
check BSD "_(bsd|darwin|freebsd|kqueue)\\.[a-z]+\$|$windows$guarded" "$bsd"
check Windows "$windows" "$win"

if ((offences)); then
  echo "check-platform-seams: $offences offence(s); move them into a platform file (docs/portability.md)"
  exit 1
fi
echo "check-platform-seams: ok"
