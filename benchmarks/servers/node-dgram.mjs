// node:dgram UDP echo server: every datagram is sent back to its sender.
// Usage: node node-dgram.mjs [port]; prints the port, runs until killed.
import dgram from "node:dgram";

const socket = dgram.createSocket("udp4");
socket.on("message", (msg, rinfo) => socket.send(msg, rinfo.port, rinfo.address));
socket.on("error", () => {}); // ICMP errors from departed clients are not fatal
socket.bind(Number(process.argv[2] ?? 0), "127.0.0.1", () => console.log(socket.address().port));
