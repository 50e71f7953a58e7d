// sys/strerror.h on Windows: the text Go prints on Linux for each errno
// gonet carries (binding/win/compat.h), so an error reads the same on every
// platform ("connect: connection refused"). The C library's strerror would
// know neither libuv's numbers nor Linux's wording.
#include <cerrno>

#include "sys/strerror.h"

namespace gonet::sys {

std::string ErrnoText(int err) {
  switch (err) {
    case E2BIG: return "Argument list too long";
    case EACCES: return "Permission denied";
    case EADDRINUSE: return "Address already in use";
    case EADDRNOTAVAIL: return "Cannot assign requested address";
    case EAFNOSUPPORT: return "Address family not supported by protocol";
    case EAGAIN: return "Resource temporarily unavailable";
    case EALREADY: return "Operation already in progress";
    case EBADF: return "Bad file descriptor";
    case EBUSY: return "Device or resource busy";
    case ECANCELED: return "Operation canceled";
    case ECONNABORTED: return "Software caused connection abort";
    case ECONNREFUSED: return "Connection refused";
    case ECONNRESET: return "Connection reset by peer";
    case EDESTADDRREQ: return "Destination address required";
    case EEXIST: return "File exists";
    case EFAULT: return "Bad address";
    case EHOSTDOWN: return "Host is down";
    case EHOSTUNREACH: return "No route to host";
    case EINPROGRESS: return "Operation now in progress";
    case EINTR: return "Interrupted system call";
    case EINVAL: return "Invalid argument";
    case EIO: return "Input/output error";
    case EISCONN: return "Transport endpoint is already connected";
    case ELOOP: return "Too many levels of symbolic links";
    case EMFILE: return "Too many open files";
    case EMSGSIZE: return "Message too long";
    case ENAMETOOLONG: return "File name too long";
    case ENETDOWN: return "Network is down";
    case ENETUNREACH: return "Network is unreachable";
    case ENFILE: return "Too many open files in system";
    case ENOBUFS: return "No buffer space available";
    case ENODATA: return "No data available";
    case ENODEV: return "No such device";
    case ENOENT: return "No such file or directory";
    case ENOMEM: return "Cannot allocate memory";
    case ENOPROTOOPT: return "Protocol not available";
    case ENOSPC: return "No space left on device";
    case ENOSYS: return "Function not implemented";
    case ENOTCONN: return "Transport endpoint is not connected";
    case ENOTSOCK: return "Socket operation on non-socket";
    case ENOTSUP: return "Operation not supported";
    case EOVERFLOW: return "Value too large for defined data type";
    case EPERM: return "Operation not permitted";
    case EPIPE: return "Broken pipe";
    case EPROTO: return "Protocol error";
    case EPROTONOSUPPORT: return "Protocol not supported";
    case EPROTOTYPE: return "Protocol wrong type for socket";
    case ERANGE: return "Numerical result out of range";
    case ESHUTDOWN: return "Cannot send after transport endpoint shutdown";
    case ESOCKTNOSUPPORT: return "Socket type not supported";
    case ETIMEDOUT: return "Connection timed out";
    default: return "unknown error";
  }
}

}  // namespace gonet::sys
