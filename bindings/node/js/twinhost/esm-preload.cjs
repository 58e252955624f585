'use strict';
// Preloaded by twinhost for ES-module entry scripts only: the hooks run on a thread of
// their own, which costs tens of milliseconds that CommonJS scripts do not pay. Preloads
// also run in that hooks thread (no parentPort, not the main thread), where the hooks are
// registered already: registering again there would chain them twice.
const { isMainThread, parentPort } = require('worker_threads');
if (isMainThread || parentPort !== null) {
  require('module').register('./esm-hooks.mjs', require('url').pathToFileURL(__filename));
}
