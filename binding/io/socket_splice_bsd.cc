// macOS and FreeBSD have no splice(2): SpliceTo answers kNoPipe, which
// copy() already treats as "copy through a buffer" (lib/internal/splice.ts),
// so a caller that skipped the `platform.splice` check still copies
// correctly. No SpliceState ever exists here.
#include "io/socket.h"

namespace gonet::io {

int32_t Socket::SpliceTo(Socket*, size_t* moved) {
  *moved = 0;
  return kNoPipe;
}

void Socket::FreeSplice() {}

}  // namespace gonet::io
