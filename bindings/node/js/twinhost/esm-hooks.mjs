// ES modules do not search NODE_PATH: resolve the bare specifier 'twinhost' here.
const self = new URL('./index.js', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'twinhost') return { url: self, format: 'commonjs', shortCircuit: true };
  return nextResolve(specifier, context);
}
