// The C library's message for an errno value ("connection refused"), as
// Go's syscall.Errno.Error() prints it. No N-API here.
#pragma once

#include <string>

namespace gonet::sys {

std::string ErrnoText(int err);

}  // namespace gonet::sys
