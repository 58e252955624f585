'use strict';
// Preloaded by twinhost for ES-module entry scripts only: the hooks run on a thread of
// their own, which costs tens of milliseconds that CommonJS scripts do not pay.
require('module').register('./esm-hooks.mjs', require('url').pathToFileURL(__filename));
