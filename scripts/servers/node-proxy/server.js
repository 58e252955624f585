// The usual way to mix the runtimes: a Node front (node:http) that forwards every request
// over loopback HTTP (keep-alive) to the aiohttp server at 127.0.0.1:$BACKEND_PORT and
// passes its answer back. Listens on 127.0.0.1:$PORT.
'use strict';
const http = require('node:http');
const tfb = require('../tfb');

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const backend = Number(process.env.BACKEND_PORT);
const passed = ['content-type', 'content-length', 'date'];

tfb.serve(() => http.createServer((req, res) => {
  const forward = http.request({ host: '127.0.0.1', port: backend, path: req.url, method: req.method, agent },
    (answer) => {
      const headers = { Server: 'node-proxy' };
      for (const name of passed) if (answer.headers[name]) headers[name] = answer.headers[name];
      res.writeHead(answer.statusCode, headers);
      answer.pipe(res);
    });
  // A client that goes away mid-answer (a load generator stopping) frees its back-end
  // socket: without this, the agent's sockets fill with answers nobody reads, and the
  // front stops answering anyone.
  res.on('close', () => {
    if (!res.writableFinished) forward.destroy();
  });
  forward.on('error', (e) => {
    if (res.headersSent) return res.destroy();  // cut mid-answer: the client sees it cut
    res.writeHead(502, { 'Content-Type': 'text/plain', Server: 'node-proxy' });
    res.end(String(e.message));
  });
  req.pipe(forward);
}).listen(Number(process.env.PORT || 0), '127.0.0.1', function () {
  console.log(`listening ${this.address().port}`);
}));
