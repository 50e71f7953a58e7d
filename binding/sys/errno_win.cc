#include "sys/errno_win.h"

#include <cerrno>

namespace gonet::sys {

int WinErrno(int win_error) {
  switch (win_error) {
    case 0: return 0;
    case WSAEWOULDBLOCK:
    case WSATRY_AGAIN: return EAGAIN;
    case WSAEINPROGRESS: return EINPROGRESS;
    case WSAEALREADY: return EALREADY;
    case WSAECONNREFUSED:
    case ERROR_CONNECTION_REFUSED: return ECONNREFUSED;
    case WSAECONNRESET:
    case WSAENETRESET:
    case ERROR_NETNAME_DELETED: return ECONNRESET;
    case WSAECONNABORTED:
    case ERROR_CONNECTION_ABORTED: return ECONNABORTED;
    case WSAEADDRINUSE:
    case ERROR_ADDRESS_ALREADY_ASSOCIATED: return EADDRINUSE;
    case WSAEADDRNOTAVAIL: return EADDRNOTAVAIL;
    case WSAEAFNOSUPPORT:
    case WSAEPFNOSUPPORT: return EAFNOSUPPORT;
    case WSAEACCES:
    case ERROR_ACCESS_DENIED: return EACCES;
    case WSAEBADF:
    case ERROR_INVALID_HANDLE: return EBADF;
    case WSAENOTSOCK: return ENOTSOCK;
    case WSAEFAULT:
    case ERROR_NOACCESS: return EFAULT;
    case WSAEINVAL:
    case ERROR_INVALID_PARAMETER: return EINVAL;
    case WSAEINTR: return EINTR;
    case WSAEISCONN: return EISCONN;
    case WSAENOTCONN: return ENOTCONN;
    case WSAEMFILE:
    case ERROR_TOO_MANY_OPEN_FILES: return EMFILE;
    case WSAEMSGSIZE:
    case ERROR_MORE_DATA: return EMSGSIZE;
    case WSAENETDOWN: return ENETDOWN;
    case WSAENETUNREACH:
    case ERROR_NETWORK_UNREACHABLE: return ENETUNREACH;
    case WSAEHOSTUNREACH:
    case ERROR_HOST_UNREACHABLE: return EHOSTUNREACH;
    case WSAEHOSTDOWN: return EHOSTDOWN;
    case WSAENOBUFS: return ENOBUFS;
    case WSAENOPROTOOPT: return ENOPROTOOPT;
    case WSAEPROTONOSUPPORT: return EPROTONOSUPPORT;
    case WSAEPROTOTYPE: return EPROTOTYPE;
    case WSAESOCKTNOSUPPORT: return ESOCKTNOSUPPORT;
    case WSAEOPNOTSUPP:
    case ERROR_NOT_SUPPORTED: return ENOTSUP;
    // A send after shutdown(SHUT_WR) or after the peer's reset: Linux says EPIPE.
    case WSAESHUTDOWN:
    case WSAEDISCON:
    case ERROR_BROKEN_PIPE: return EPIPE;
    case WSAETIMEDOUT:
    case ERROR_SEM_TIMEOUT: return ETIMEDOUT;
    case WSAEDESTADDRREQ: return EDESTADDRREQ;
    case WSAENAMETOOLONG: return ENAMETOOLONG;
    case WSA_OPERATION_ABORTED: return ECANCELED;
    case WSA_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY: return ENOMEM;
    case WSAHOST_NOT_FOUND:
    case WSANO_DATA: return ENOENT;
    default: return EIO;
  }
}

int NtStatusErrno(LONG status) {
  using RtlNtStatusToDosErrorFn = ULONG(WINAPI*)(LONG);
  static const auto to_dos = reinterpret_cast<RtlNtStatusToDosErrorFn>(
      reinterpret_cast<void*>(GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlNtStatusToDosError")));
  return WinErrno(to_dos ? static_cast<int>(to_dos(status)) : ERROR_GEN_FAILURE);
}

}  // namespace gonet::sys
