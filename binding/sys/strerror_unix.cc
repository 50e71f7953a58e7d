// sys/strerror.h over strerror_r, which comes in two shapes: glibc's GNU
// form returns the message (maybe a static string, leaving buf alone); the
// POSIX form (macOS, FreeBSD, musl) fills buf and returns 0 or an error.
// Overloading on the return type takes whichever the headers declare.
#include <cstring>

#include "sys/strerror.h"

namespace gonet::sys {

namespace {
[[maybe_unused]] const char* Message(const char* gnu, const char*) { return gnu; }
[[maybe_unused]] const char* Message(int posix, const char* buf) { return posix == 0 ? buf : nullptr; }
}  // namespace

std::string ErrnoText(int err) {
  char buf[256];
  buf[0] = '\0';
  const char* text = Message(strerror_r(err, buf, sizeof(buf)), buf);
  return text && *text ? text : "unknown error";
}

}  // namespace gonet::sys
