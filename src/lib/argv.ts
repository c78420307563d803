/**
 * The original tool put its global options before the command (`pulp_benchmark --api-root URL
 * test-task-insertion`). oclif only accepts flags after the command id, so bin/run.js moves leading global
 * flags (with their values) to the end of argv, before any `--`. `--json` moves with them: every pulp-bench command has
 * it (oclif's enableJsonFlag), though it is not one of the base flags.
 */

/** The parts of an oclif flag definition this needs. */
export interface FlagShape {
  type: 'boolean' | 'option';
  char?: string;
  allowNo?: boolean;
}

type FlagLookup = {takesValue: boolean} | undefined;

/** Global flags that oclif adds itself rather than through baseFlags. */
const ALSO_GLOBAL: Record<string, FlagShape> = {json: {type: 'boolean'}};

function lookup(token: string, flags: Record<string, FlagShape>): FlagLookup {
  if (token.startsWith('--')) {
    const name = token.slice(2).split('=')[0];
    const direct = flags[name];
    if (direct) return {takesValue: direct.type === 'option' && !token.includes('=')};
    if (name.startsWith('no-')) {
      const negated = flags[name.slice(3)];
      if (negated?.type === 'boolean' && negated.allowNo) return {takesValue: false};
    }
    return undefined;
  }
  if (/^-[A-Za-z]$/.test(token)) {
    const entry = Object.values(flags).find((flag) => flag.char === token[1]);
    if (entry) return {takesValue: entry.type === 'option'};
  }
  return undefined;
}

export function moveLeadingGlobalFlags(argv: string[], baseFlags: Record<string, FlagShape>): string[] {
  const flags = {...ALSO_GLOBAL, ...baseFlags};
  const moved: string[] = [];
  let index = 0;
  while (index < argv.length) {
    const token = argv[index];
    if (!token.startsWith('-') || token === '--') break;
    const flag = lookup(token, flags);
    if (!flag) break; // --help, --version, or something we do not know: leave argv as it is from here
    moved.push(token);
    if (flag.takesValue && index + 1 < argv.length) {
      moved.push(argv[index + 1]);
      index += 2;
    } else {
      index += 1;
    }
  }

  const rest = argv.slice(index);
  // Only rearrange when a command follows; otherwise oclif reports the flags as it would.
  if (moved.length === 0 || rest.length === 0 || rest[0].startsWith('-')) return argv;
  const separator = rest.indexOf('--');
  return separator === -1 ? [...rest, ...moved] : [...rest.slice(0, separator), ...moved, ...rest.slice(separator)];
}
