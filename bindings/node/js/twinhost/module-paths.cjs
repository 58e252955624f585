'use strict';
// Run first in every JavaScript environment that twinhost starts (a preload of entry
// scripts and their workers; the bootstrap of Hosts' environments). Three things, without
// writing NODE_PATH (children inherit the user's environment untouched):
// - the global module folders exactly as stock node has them: node derives them from
//   process.execPath, which is twinhost's binary here, perhaps outside libnode's prefix;
// - `require('twinhost')` finds twinhost's own package when nothing else provides one;
// - the repr of a JS object in Python is util.inspect's: kept on `process` for the native
//   side (js_object.cc), as an entry script's context has no global `require`.
const Module = require('module');
const path = require('path');

const done = Symbol.for('twinhost.modulePaths');
if (!Module[done]) {
  Module[done] = true;
  const prefix = process.config.variables.node_prefix;
  const execPath = process.execPath;
  if (prefix && path.resolve(execPath, '..', '..') !== path.resolve(prefix)) {
    process.execPath = path.join(prefix, 'bin', 'node');
    try {
      Module._initPaths();
    } finally {
      process.execPath = execPath;
    }
  }
  // The folder is added to the lookup of `twinhost` requests only, after every other: no
  // frame of this file is on the stack when a resolution fails, so errors read as node's.
  const packages = path.join(__dirname, '..');  // the node_modules folder of twinhost
  const lookup = Module._resolveLookupPaths;
  Module._resolveLookupPaths = function (request, parent) {
    const paths = lookup.call(this, request, parent);
    const ours = request === 'twinhost' || request.startsWith('twinhost/');
    return ours && Array.isArray(paths) ? [...paths, packages] : paths;
  };
  Object.defineProperty(process, Symbol.for('twinhost.inspect'), {
    value: require('util').inspect,
  });
}
