// Descriptor-table housekeeping that differs by platform. Returns >= 0 or
// -errno, never throws. No N-API here.
#pragma once

namespace gonet::sys {

// A spare descriptor held for EMFILE (Loop::ShedConnections frees it to
// accept and drop queued peers); -1 where sockets do not share a
// per-process descriptor limit (Windows).
int OpenReserve();
void CloseReserve(int fd);

// A close-on-exec duplicate of `fd` (Go's FileConn, "dup"). Windows has no
// such call for sockets: ENOTSUP, as Go's FileConn fails there.
int Dup(int fd);
// Makes `fd` non-blocking (the file status flag, "fcntl").
int SetNonBlocking(int fd);

}  // namespace gonet::sys
