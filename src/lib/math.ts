/**
 * The one lean mathjs instance of pulp-bench, created on first use with only the factories the statistics layer
 * (stats.ts) and the --fail-if expressions (thresholds.ts) need.
 *
 * It is loaded from mathjs's single-file bundle (`mathjs/lib/browser/math.js`, a documented export of the package)
 * rather than from its ESM entry point: importing the ESM entry evaluates ~1,000 modules and builds every default
 * function at once (measured here: ~320 ms and +110 MB RSS on Node 24), while the bundle loads in ~40 ms and
 * +16 MB, and `create()` then instantiates only the factories below, lazily. Nothing loads mathjs before a
 * command actually computes a statistic or parses a threshold, so `--help` and `status` never pay for it.
 */
import {createRequire} from 'node:module';

import type * as MathJs from 'mathjs';

/** The factories pulp-bench uses: statistics, plus what a threshold expression may contain. */
const FACTORIES = [
  // statistics, and the Matrix interface they read typed arrays through
  'Matrix',
  'mean',
  'std',
  'quantileSeq',
  // threshold expressions: parsing, units, comparison, logic and arithmetic
  'parse',
  'unit',
  'smaller',
  'smallerEq',
  'larger',
  'largerEq',
  'equal',
  'unequal',
  'and',
  'or',
  'not',
  'xor',
  'add',
  'subtract',
  'multiply',
  'divide',
  'unaryMinus',
  'unaryPlus',
  'pow',
  'mod',
  'abs',
  'min',
  'max',
] as const;

export type MathInstance = MathJs.MathJsInstance;

let instance: MathInstance | undefined;
let vectorClass: (new (data: Float64Array) => MathJs.Matrix) | undefined;

/** The shared lean mathjs instance (created on the first call). */
export function math(): MathInstance {
  if (instance === undefined) {
    const bundle = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof MathJs;
    const all = bundle as unknown as Record<string, MathJs.FactoryFunctionMap[string]>;
    const factories: MathJs.FactoryFunctionMap = {};
    for (const name of FACTORIES) factories[`${name}Dependencies`] = all[`${name}Dependencies`];
    instance = bundle.create(factories, {});
  }
  return instance;
}

/**
 * A read-only mathjs Matrix over a Float64Array, so that mathjs's statistics read the values in place. mathjs
 * functions accept plain arrays or Matrix objects; a plain array would be a copy of every value, and `quantileSeq`
 * flattens an array into a new one for each probability (for a million values: ~90 ms and +110 MB of garbage per
 * summary, measured here). Through this view `mean` and `std` iterate the typed array with `forEach`, and
 * `quantileSeq` (which reads `valueOf()`) indexes it directly. It implements the part of mathjs's abstract
 * Matrix interface that those functions use.
 */
export function vector(data: Float64Array): MathJs.Matrix {
  if (vectorClass === undefined) {
    // The mathjs Matrix base class is an ES5 constructor; `any` because its type is an instance interface, not a class.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const Matrix = math().Matrix as any;
    vectorClass = class Float64Vector extends Matrix {
      constructor(private readonly values: Float64Array) {
        super();
      }

      valueOf(): Float64Array {
        return this.values;
      }

      /** mathjs's statistics iterate with `isUnary` set: then no index array is built per element. */
      forEach(callback: (value: number, index?: number[], matrix?: unknown) => void, _skipZeros?: boolean, isUnary?: boolean): void {
        const {values} = this;
        if (isUnary) for (let index = 0; index < values.length; index++) callback(values[index]);
        else for (let index = 0; index < values.length; index++) callback(values[index], [index], this);
      }

      size(): number[] {
        return [this.values.length];
      }

      storage(): string {
        return 'dense';
      }

      datatype(): string {
        return 'number';
      }
    } as unknown as new (data: Float64Array) => MathJs.Matrix;
  }
  return new vectorClass(data);
}
