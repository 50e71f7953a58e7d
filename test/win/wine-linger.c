// Does closesocket() after SO_LINGER {1, 0} reset the peer? On Windows the
// peer's recv fails with WSAECONNRESET; under wine 8.0 it returns 0 (EOF).
// Plain Winsock, no gonet: it shows which answers are wine's own.
//   x86_64-w64-mingw32-gcc -o wine-linger.exe test/win/wine-linger.c -lws2_32 && wine wine-linger.exe
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
int main(void) {
  WSADATA d; WSAStartup(MAKEWORD(2, 2), &d);
  SOCKET ln = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(ln, (struct sockaddr*)&a, sizeof a); listen(ln, 1);
  int len = sizeof a; getsockname(ln, (struct sockaddr*)&a, &len);
  SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
  connect(c, (struct sockaddr*)&a, sizeof a);
  SOCKET s = accept(ln, NULL, NULL);
  struct linger l = {1, 0};
  int r = setsockopt(c, SOL_SOCKET, SO_LINGER, (char*)&l, sizeof l);
  printf("setsockopt SO_LINGER {1,0}: %d\n", r);
  struct linger back; int bl = sizeof back;
  getsockopt(c, SOL_SOCKET, SO_LINGER, (char*)&back, &bl);
  printf("read back: onoff=%d linger=%d (len %d)\n", back.l_onoff, back.l_linger, bl);
  closesocket(c);
  Sleep(200);
  char buf[8];
  int n = recv(s, buf, sizeof buf, 0);
  printf("peer recv after abortive close: %d, WSAGetLastError=%d (10054 = WSAECONNRESET, 0 bytes = EOF)\n", n, n < 0 ? WSAGetLastError() : 0);
  int nd; int ndl = sizeof nd; nd = 0;
  getsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char*)&nd, &ndl);
  printf("TCP_NODELAY getsockopt optlen: %d\n", ndl);
  return 0;
}
