/** The `--output` flag of the report commands (the measuring commands' flag, owned by the doc helper, reads the same). */
import {Flags} from '@oclif/core';

import {FlagGroup} from '../flag-groups.js';

export function outputFlag(summary: string, required = false) {
  return Flags.string({multiple: true, required, helpGroup: FlagGroup.output, summary});
}
