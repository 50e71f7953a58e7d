// Every example in examples/ that has a --demo mode runs to completion and
// prints what the README says it prints. They import "gonet", i.e. dist/.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

const demos: [file: string, expected: RegExp][] = [
  ["tcp-echo-server.mjs", /Client got: Echo: hello/],
  ["concurrent-server.mjs", /100 of 100 clients got OK/],
  ["every-core.mjs", /2 workers listening on 127\.0\.0\.1:\d+\n100 conns: worker 0 accepted [1-9]\d*, worker 1 accepted [1-9]\d*/],
  ["deadlines.mjs", /read tcp 127\.0\.0\.1:\d+->127\.0\.0\.1:\d+: i\/o timeout\ntimeout: true\nstill here/],
  ["socket-options.mjs", /TCP_KEEPIDLE = 30 s[\s\S]*TCP_NODELAY = 1/],
  ["mini-http.mjs", /HTTP\/1\.1 200 OK \| Hello from raw net!/],
  ["proxy.mjs", /echoed: through the proxy/],
  ["node-http.mjs", /hello \/a from 127\.0\.0\.1\nhello \/b from 127\.0\.0\.1\nhello \/c from 127\.0\.0\.1\nconnections used: 1/],
  ["node-ws.mjs", /echoed: hello, ws/],
];

describe("examples", () => {
  for (const [file, expected] of demos) {
    it(file, async () => {
      const { stdout } = await run(process.execPath, [`examples/${file}`, "--demo"], { timeout: 30_000 });
      expect(stdout).toMatch(expected);
    });
  }
});
