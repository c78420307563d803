/** The `--fail-if` flag, the same on every measuring command. */
import {Flags} from '@oclif/core';

import {FlagGroup} from './flag-groups.js';

const DESCRIPTION = [
  'A condition on the --json result, as a mathjs expression: keys are dotted paths to its numbers, durations carry',
  'units (200 ms, 5 s, 2 min, 1h30m; a duration compared with a bare number is an error), with and/or/not, parentheses',
  'and arithmetic between keys. Absent counts (states.failed, requests.failures.timeout) are 0; a key without data',
  'counts as crossed. Checked before any request (exit 2 on a mistake); the verdicts are part of the result.',
].join(' ');

export function failIfFlag(example: string) {
  return Flags.string({multiple: true, helpGroup: FlagGroup.output, summary: `Exit 6 when this condition on the result holds, e.g. "${example}". Repeatable.`, description: DESCRIPTION});
}
