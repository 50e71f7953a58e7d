// The same package from CommonJS: `require("gonet")` (Node's require of an
// ES module) must give the very module `import` gives, typed under
// `tsc --strict`. Prints "smoke: N passed, N failed" like smoke.ts.

import gonet = require("gonet");

async function main(): Promise<number> {
  let passed = 0;
  let failed = 0;
  const check = async (name: string, body: () => Promise<void>): Promise<void> => {
    try {
      await body();
      passed++;
      console.log(`ok - ${name}`);
    } catch (err) {
      failed++;
      console.log(`not ok - ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  await check("require(\"gonet\") is the ES module namespace", async () => {
    const esm: unknown = await import("gonet");
    if (esm !== gonet) throw new Error("require and import gave different objects");
  });
  await check("TCP round trip through the required module", async () => {
    const ln = await gonet.listen("tcp", "127.0.0.1:0");
    const accepted = ln.accept();
    const conn = await gonet.dial("tcp", ln.addr.toString());
    const server = await accepted;
    await conn.write("cjs");
    const got = await server.read();
    if (got === null || new TextDecoder().decode(got) !== "cjs") throw new Error("wrong bytes");
    await conn.close();
    await server.close();
    await ln.close();
  });
  console.log(`smoke: ${passed} passed, ${failed} failed`);
  return failed;
}

main().then((failures) => {
  // Exit even if a failed check left a socket open.
  process.exit(failures === 0 ? 0 : 1);
});
