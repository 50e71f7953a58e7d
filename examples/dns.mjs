// DNS lookups: host addresses, CNAME, MX and SRV records (the seed article's
// section 9).
//   node examples/dns.mjs [--server ip:port] [host] [cname-host] [mx-domain] [srv-domain]
// Defaults are the article's names and the system resolver; the server can
// also come from GONET_DNS_SERVER, e.g. a local dnsmasq on 127.0.0.1:5353.
import { parseArgs } from "node:util";
import { lookupCNAME, lookupHost, lookupMX, lookupSRV, Resolver } from "gonet";

const { values, positionals } = parseArgs({
  options: { server: { type: "string" } },
  allowPositionals: true,
});
const server = values.server ?? process.env.GONET_DNS_SERVER;
const [host = "google.com", cnameHost = "www.example.com", mxDomain = "gmail.com", srvDomain = "google.com"] =
  positionals;

// The package-level functions use the system resolver; a Resolver has the
// same methods and asks the servers it is given.
const resolver = server
  ? new Resolver({ servers: [server] })
  : { lookupHost, lookupCNAME, lookupMX, lookupSRV };

/** Prints what a lookup found, or its Go-style error ("lookup x: no such host"). */
async function show(label, lookup) {
  try {
    console.log(label, await lookup());
  } catch (err) {
    console.log(label, "error:", err.message);
  }
}

await show(`LookupHost(${host}):`, () => resolver.lookupHost(host));
await show(`LookupCNAME(${cnameHost}):`, () => resolver.lookupCNAME(cnameHost));
await show(`LookupMX(${mxDomain}):`, () => resolver.lookupMX(mxDomain));
await show(`LookupSRV(xmpp-server, tcp, ${srvDomain}):`, async () => {
  const { addrs } = await resolver.lookupSRV("xmpp-server", "tcp", srvDomain);
  return addrs;
});
