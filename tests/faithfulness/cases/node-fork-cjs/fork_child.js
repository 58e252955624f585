// Forked by fork_cjs.js and fork_esm.mjs: reports what it was started with.
process.send({ argv: process.argv.slice(2), execArgv: process.execArgv, gc: typeof gc });
