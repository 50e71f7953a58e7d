// A fixed-count HTTP/1.1 keep-alive load for the callgrind mode (wrk runs
// for a time, not a count): C node:net connections, each sending the next
// GET once the previous response's body arrived, until N responses came.
// Prints one JSON line: ops and errors.
// Usage: node http-count.mjs PORT N C BODY
import net from "node:net";

const [port, total, conns] = process.argv.slice(2, 5).map(Number);
const body = process.argv[5];
const request = Buffer.from("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
let sent = 0;
let done = 0;
let errors = 0;

function finish() {
  console.log(JSON.stringify({ ops: done, errors }));
  process.exit(0);
}

function connection() {
  const s = net.connect(port, "127.0.0.1");
  s.setNoDelay(true);
  let seen = "";
  const next = () => {
    if (sent >= total) return s.end();
    sent++;
    s.write(request);
  };
  s.on("connect", next);
  // Every response ends with the server's fixed body; count those.
  s.on("data", (d) => {
    seen += d.toString("latin1");
    for (let i = seen.indexOf(body); i >= 0; i = seen.indexOf(body)) {
      seen = seen.slice(i + body.length);
      if (++done === total) finish();
      next();
    }
  });
  s.on("error", () => {
    errors++;
    if (done + errors >= total) finish();
  });
}

for (let i = 0; i < conns; i++) connection();
