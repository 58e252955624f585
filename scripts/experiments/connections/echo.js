// C4 in Node: a TCP echo server on the event loop. Prints "ready PORT".
'use strict';
const net = require('node:net');

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('data', (chunk) => socket.write(chunk));
  socket.on('error', () => socket.destroy());
});
server.listen({ host: '127.0.0.1', port: 0, backlog: 1024 }, () => {
  console.log(`ready ${server.address().port}`);
});
