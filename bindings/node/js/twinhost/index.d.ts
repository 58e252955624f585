// Generated from twinhost's API table by `twinhost stubs typescript`: do not edit.
export type Value = null | boolean | number | bigint | string | Uint8Array | ValueArray |
  ValueObject | Map<Value, Value>;
export interface ValueArray extends Array<Value> {}
export interface ValueObject {
  [key: string]: Value;
}

/** Does nothing: the floor of a native call. */
export function noop(): void;
/** a + b; integers stay integers (a RangeError/ValueError past 64 bits). */
export function add(a: number | bigint, b: number | bigint): number | bigint;
/** Returns value after a round trip through the neutral value model. */
export function echo(value: Value): Value;
/** Hex SHA-256 of bytes, or of a string's UTF-8. */
export function sha256(data: Uint8Array | ArrayBuffer | string): string;
/** Nanoseconds of the one monotonic clock both runtimes share. */
export function now_ns(): bigint;
/** Versions of twinhost, Node, V8, libuv and Python. */
export const version: Value;

/** A thread-safe key/value store; Store(name) is the same store from JS, Python and C++. */
export class Store {
  constructor(name?: string);
  /** Stores a value under key. */
  set(key: string, value: Value): void;
  /** The value under key, or null. */
  get(key: string): Value;
  /** Removes key; whether it was there. */
  delete(key: string): Value;
  /** The keys, sorted. */
  keys(): Value;
  /** How many keys. */
  size(): number;
}

/** Latency statistics computed by one native implementation for both runtimes. */
export class Histogram {
  constructor();
  /** Adds a sample (a number, not NaN). */
  record(value: number | bigint): void;
  /** How many samples. */
  count(): number;
  /** The smallest sample, or null. */
  min(): Value;
  /** The largest sample, or null. */
  max(): Value;
  /** The mean, or null. */
  mean(): Value;
  /** The p-th percentile (0..100, interpolated), or null. */
  percentile(p: number | bigint): Value;
  /** Forgets every sample. */
  reset(): void;
}

/** A Python exception, raised into JS. */
export class PythonError extends Error {
  pythonType: string;
  pythonTraceback: string;
  pythonException: unknown;
}
/** Python code in this process's interpreter (its __main__ namespace). */
export const python: {
  exec(code: string): void;
  eval(code: string): any;
  import(name: string): any;
  kwargs(keywords: { [name: string]: Value }): object;
  isinstance(object: any, classinfo: any): boolean;
};
/** What a proxy of a Python object adds to the object's own attributes. */
export interface PythonProxy {
  /** The object as JS data (dataclasses, mappings, sets, sequences), `depth` levels. */
  toJs(options?: { depth?: number }): any;
  toJSON(key?: string): any;
  [Symbol.iterator](): Iterator<any>;
  [Symbol.asyncIterator](): AsyncIterator<any>;
}
/** Memory shared with Python without a copy (a memoryview there). */
export const SharedBuffer: {
  new (size: number): Uint8Array;
  (size: number): Uint8Array;
};
