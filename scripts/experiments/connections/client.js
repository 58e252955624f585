// C4's client: opens N keep-alive TCP connections to an echo server (at most 200
// connecting at once), says "connected" with the time it took, waits for a line on stdin
// (the driver reads the server's memory meanwhile), then sends PROBES requests one at a
// time, each on a random open connection, and checks every echo. Prints one JSON line.
//
//   client.js PORT N PROBES
'use strict';
const net = require('node:net');
const readline = require('node:readline');

const [port, n, probes] = process.argv.slice(2, 5).map(Number);

function connect() {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function roundTrip(socket, message) {
  return new Promise((resolve, reject) => {
    let got = '';
    const onData = (chunk) => {
      got += chunk;
      if (got.length >= message.length) {
        socket.off('data', onData);
        got === message ? resolve() : reject(new Error(`echo mismatch: ${got.slice(0, 20)}`));
      }
    };
    socket.setEncoding('utf8');
    socket.on('data', onData);
    socket.write(message);
  });
}

async function main() {
  const sockets = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(200, n) }, async () => {
    while (next < n) {
      next++;
      sockets.push(await connect());
    }
  }));
  const connectSeconds = (performance.now() - t0) / 1000;
  sockets.forEach((s) => s.on('error', () => {}));
  console.log(JSON.stringify({ phase: 'connected', connections: sockets.length, connect_s: connectSeconds }));
  await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once('line', resolve));
  const latencies = [];
  let seed = 12345;
  for (let i = 0; i < probes; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const socket = sockets[seed % sockets.length];
    const message = `probe ${i} ${'x'.repeat(48)}\n`;
    const start = performance.now();
    await roundTrip(socket, message);
    latencies.push((performance.now() - start) / 1000);
  }
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  const open = sockets.filter((s) => !s.destroyed).length;
  sockets.forEach((s) => s.destroy());
  console.log(JSON.stringify({ connections: sockets.length, open_after: open, connect_s: connectSeconds,
                               probes: latencies.length, probe_p50: q(0.5), probe_p99: q(0.99) }));
  process.stdin.destroy();
}

main().catch((e) => console.log(JSON.stringify({ error: e.message })));
