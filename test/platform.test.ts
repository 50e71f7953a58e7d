// The platform seam (docs/portability.md): what the addon says about the
// system it was built for, the layouts the TypeScript takes from it, and
// the grep rule that keeps Linux-only names out of portable files.

import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { native } from "../lib/internal/binding.js";
import { constants as C } from "../lib/rawconn.js";
import { cmsgSpace, parseUnixRights, unixRights } from "../lib/unix.js";

const SCRIPT = "scripts/check-platform-seams.sh";

describe("native.platform", () => {
  it("describes this Linux build: splice, mmsg, ping sockets, abstract names, SO_PEERCRED, 16-byte cmsghdr, 8-byte linger, ip_mreqn", () => {
    expect(process.platform).toBe("linux");
    expect(native.platform).toEqual({
      os: "linux",
      splice: true,
      batchSyscalls: true,
      pingSockets: true,
      abstractUnix: true,
      peerCred: "SO_PEERCRED",
      cmsgHeader: 16,
      cmsgLenSize: 8,
      cmsgAlign: 8,
      lingerSize: 8,
      ipMreqSize: 12,
      keepAliveIdle: "TCP_KEEPIDLE",
    });
    // Every option name the platform object hands out exists in `constants`.
    expect(typeof C[native.platform.keepAliveIdle]).toBe("number");
  });

  it("names its readiness backend (GONET_EXPECT_BACKEND pins it for a run over kqueue)", () => {
    expect(["epoll", "kqueue"]).toContain(native.backend);
    expect(native.backend).toBe(process.env.GONET_EXPECT_BACKEND ?? "epoll");
  });

  it("unixRights / parseUnixRights follow the platform's cmsghdr layout", () => {
    const m = unixRights(3, 4, 5);
    expect(m.length).toBe(cmsgSpace(12));
    expect(m.length % native.platform.cmsgAlign).toBe(0);
    const v = new DataView(m.buffer);
    expect(Number(v.getBigUint64(0, true))).toBe(native.platform.cmsgHeader + 12);
    expect(v.getInt32(native.platform.cmsgLenSize, true)).toBe(C.SOL_SOCKET);
    expect(v.getInt32(native.platform.cmsgLenSize + 4, true)).toBe(C.SCM_RIGHTS);
    expect(parseUnixRights(m)).toEqual([3, 4, 5]);
    // A hostile length (past the buffer, or shorter than a header) stops the parse.
    v.setBigUint64(0, 1000n, true);
    expect(parseUnixRights(m)).toEqual([]);
    v.setBigUint64(0, 4n, true);
    expect(parseUnixRights(m)).toEqual([]);
  });
});

describe("scripts/check-platform-seams.sh", () => {
  it("passes on this tree", () => {
    const r = spawnSync("bash", [SCRIPT], { encoding: "utf8", timeout: 60_000 });
    expect(r.stdout).toContain("check-platform-seams: ok");
    expect(r.status).toBe(0);
  });

  it("names file:line of every Linux, BSD or Windows name in a portable file, ignores comments and platform files", () => {
    const dir = mkdtempSync(join(tmpdir(), "gonet-seams-"));
    try {
      mkdirSync(join(dir, "scripts"));
      cpSync(SCRIPT, join(dir, SCRIPT));
      cpSync("binding", join(dir, "binding"), { recursive: true });
      writeFileSync(
        join(dir, "binding/io/planted.cc"),
        [
          "// accept4 in a comment is fine",
          "int a = accept4(fd, nullptr, nullptr, SOCK_NONBLOCK);",
          "int b = send(fd, p, n, MSG_NOSIGNAL);",
          "char* text = strerror_r(err, buf, sizeof(buf));",
          "ss.ss_len = len;",
          "EV_SET(&ev, fd, EVFILT_READ, EV_ADD, 0, 0, nullptr);",
          "int c = WSAGetLastError();",
          "",
        ].join("\n"),
      );
      writeFileSync(join(dir, "binding/io/planted_linux.cc"), "int a = accept4(fd, nullptr, nullptr, SOCK_NONBLOCK);\n");
      const r = spawnSync("bash", [join(dir, SCRIPT)], { encoding: "utf8", timeout: 60_000 });
      expect(r.status).toBe(1);
      const lines = r.stdout.split("\n").filter((l) => l.startsWith("binding/"));
      expect(lines.map((l) => l.split(": ")[0])).toEqual([
        "binding/io/planted.cc:2",
        "binding/io/planted.cc:3",
        "binding/io/planted.cc:4",
        "binding/io/planted.cc:5",
        "binding/io/planted.cc:6",
        "binding/io/planted.cc:7",
      ]);
      expect(r.stdout).toContain("6 offence(s)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
