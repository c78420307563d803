/**
 * Startup benchmark: `pulp-bench --help` and `pulp-bench task-analysis --help`, 21 runs each, interleaved between
 * this checkout and (optionally) another build of pulp-bench, so that both see the same machine noise. Prints the
 * medians and the difference. Goal: no more than 20 ms slower than the build before the mathjs statistics layer.
 *
 * Run: npm run build && npx tsx bench/startup.ts [OTHER_CHECKOUT]
 *   (OTHER_CHECKOUT: a built checkout, e.g. `git worktree add /tmp/base <commit> && cd /tmp/base &&
 *    ln -s $PWD/node_modules . && npx tsc -p tsconfig.json`)
 */
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const checkouts = [here, ...(process.argv[2] ? [path.resolve(process.argv[2])] : [])];
const commands = [['--help'], ['task-analysis', '--help']];
const runs = 21;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const times = new Map<string, number[]>();
for (let round = 0; round < runs; round++) {
  for (const command of commands) {
    for (const checkout of checkouts) {
      const began = performance.now();
      execFileSync(path.join(checkout, 'bin', 'run.js'), command, {stdio: 'ignore'});
      const key = `${checkout}\t${command.join(' ')}`;
      times.set(key, [...(times.get(key) ?? []), performance.now() - began]);
    }
  }
}
for (const command of commands) {
  const medians = checkouts.map((checkout) => median(times.get(`${checkout}\t${command.join(' ')}`)!));
  const line = checkouts.map((checkout, index) => `${checkout === here ? 'this' : path.basename(checkout)} ${medians[index].toFixed(0)} ms`).join(' · ');
  console.log(`pulp-bench ${command.join(' ')}: ${line}${medians.length === 2 ? ` · difference ${(medians[0] - medians[1]).toFixed(0)} ms (goal ≤ 20 ms)` : ''} (medians of ${runs})`);
}
