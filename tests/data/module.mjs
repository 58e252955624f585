import { twice } from './lib/twice.mjs';
const os = await import('node:os');
globalThis.fromModule = twice(typeof os.cpus === 'function' ? 50 : 0);
