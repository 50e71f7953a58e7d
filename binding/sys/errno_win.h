// Windows error codes (WSAGetLastError, GetLastError, NTSTATUS) to the
// errno values gonet carries everywhere (binding/win/compat.h: libuv's
// numbers, which Node names on Windows), so the same failure gives JS the
// same `code` and Go message as on Linux. Positive results; no N-API here.
#pragma once

#include <winsock2.h>
#include <windows.h>

namespace gonet::sys {

int WinErrno(int win_error);
int NtStatusErrno(LONG status);

}  // namespace gonet::sys
