/** The `--fail-if` flag, the same on every measuring command. */
import {Flags} from '@oclif/core';

import {FlagGroup} from './flag-groups.js';

const description = (keys: string) =>
  [
    'A condition on the --json result, as a mathjs expression: keys are dotted paths to its numbers',
    `(${keys}), durations carry units (200 ms, 5 s, 2 min, 1h30m; a duration compared with a bare number is an error),`,
    'with and/or/not, parentheses and arithmetic between keys; 20% is 0.2. A key without data counts as crossed.',
    'Checked before the work starts (exit 2 on a mistake, listing the keys); the verdicts are part of the result.',
  ].join(' ');

/** `keys`: a few of the command's keys, for the long help. */
export function failIfFlag(example: string, keys = 'waitTime.p95, states.failed, requests.failures.timeout; absent counts are 0') {
  return Flags.string({multiple: true, helpGroup: FlagGroup.output, summary: `Exit 6 when this condition on the result holds, e.g. "${example}". Repeatable.`, description: description(keys)});
}
