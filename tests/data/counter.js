// Loaded by Host::run_file: a CommonJS module with its own require and __dirname.
const { twice } = require('./lib/twice.js');
globalThis.fromFile = twice(21);
globalThis.fileDir = __dirname;
