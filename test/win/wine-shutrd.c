// Does shutdown(SD_RECEIVE) wake a reader waiting for readiness? Under wine
// 8.0 WSAPoll is not woken (times out) and a later recv fails WSAESHUTDOWN:
// no readiness event follows SHUT_RD, so parked reads must be woken by gonet.
//   x86_64-w64-mingw32-gcc -o wine-shutrd.exe test/win/wine-shutrd.c -lws2_32 && wine wine-shutrd.exe
#include <winsock2.h>
#include <stdio.h>
static SOCKET s;
static DWORD WINAPI waiter(void* p) {
  WSAPOLLFD f = {s, POLLRDNORM, 0};
  int r = WSAPoll(&f, 1, 3000);
  printf("WSAPoll after shutdown(SD_RECEIVE): %d revents=0x%x (0 = timed out, not woken)\n", r, f.revents);
  return 0;
}
int main(void) {
  WSADATA d; WSAStartup(MAKEWORD(2, 2), &d);
  SOCKET ln = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(ln, (struct sockaddr*)&a, sizeof a); listen(ln, 1);
  int len = sizeof a; getsockname(ln, (struct sockaddr*)&a, &len);
  SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
  connect(c, (struct sockaddr*)&a, sizeof a);
  s = accept(ln, NULL, NULL);
  HANDLE t = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  Sleep(200);
  printf("shutdown: %d\n", shutdown(s, SD_RECEIVE));
  WaitForSingleObject(t, 5000);
  char b[4]; int n = recv(s, b, 4, 0);
  printf("recv after: %d err=%d\n", n, n < 0 ? WSAGetLastError() : 0);
  return 0;
}
