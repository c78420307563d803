/** Growing typed-array columns (the compact storage of tasks and latencies). */

export type NumericArray = Float64Array | Uint8Array | Uint16Array | Uint32Array | Int32Array;

/** A copy of `array` with room for `length` elements (the rest zero). */
export function resized<A extends NumericArray>(array: A, length: number): A {
  const bigger = new (array.constructor as new (size: number) => A)(length);
  bigger.set(array.subarray(0, Math.min(array.length, length)));
  return bigger;
}
