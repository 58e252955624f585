'use strict';
// The native binding that the host links into every Node environment (bindings/node).
module.exports = process._linkedBinding('twinhost');
