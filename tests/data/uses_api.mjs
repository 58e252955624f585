import twinhost from 'twinhost';
globalThis.fromEsm = twinhost.add(3, 4);
