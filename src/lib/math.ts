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
  // statistics
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
