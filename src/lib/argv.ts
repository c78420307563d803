/**
 * The original tool put its options before the command (`pulp_benchmark --api-root URL test-task-insertion`), and
 * its users keep typing them there. oclif only accepts flags after the command id, so bin/run.js moves leading flags
 * (with their values) to the end of argv, before any `--`. Which tokens are flags, and which flags take a value, comes
 * from the commands' flag definitions (bin/main.js reads them from oclif.manifest.json, so nothing is imported for
 * it): the connection flags, `--json`, `-h/--help`, and the commands' own flags and aliases (`--max-workers 50
 * test-task-insertion`), in long (`--concurrency 3`, `--concurrency=3`, `--no-verify-ssl`) and short forms
 * (`-c 3`, `-c3`, `-c=3`). oclif then checks that the command has them.
 */

/** The parts of an oclif flag definition this needs. */
export interface FlagShape {
  type: 'boolean' | 'option';
  char?: string;
  allowNo?: boolean;
  aliases?: string[];
  charAliases?: string[];
}

type FlagSet = Record<string, FlagShape>;

/** Long names (aliases included) and short characters of the flags that may come before the command. */
interface FlagTable {
  long: Map<string, FlagShape>;
  short: Map<string, FlagShape>;
}

/** Global flags that oclif adds itself rather than through baseFlags. */
const ALSO_GLOBAL: FlagSet = {json: {type: 'boolean'}};

/** Adds `shape` under `key`; a key that means a boolean in one command and an option in another is dropped. */
function add(table: Map<string, FlagShape | null>, key: string, shape: FlagShape): void {
  const known = table.get(key);
  if (known === undefined) table.set(key, shape);
  else if (known !== null && known.type !== shape.type) table.set(key, null);
}

function tableOf(flagSets: readonly FlagSet[]): FlagTable {
  const long = new Map<string, FlagShape | null>();
  const short = new Map<string, FlagShape | null>();
  for (const flags of [ALSO_GLOBAL, ...flagSets]) {
    for (const [name, shape] of Object.entries(flags)) {
      for (const key of [name, ...(shape.aliases ?? [])]) add(long, key, shape);
      for (const char of [shape.char, ...(shape.charAliases ?? [])]) if (char) add(short, char, shape);
    }
  }
  const known = (map: Map<string, FlagShape | null>) => new Map([...map].filter((entry): entry is [string, FlagShape] => entry[1] !== null));
  return {long: known(long), short: known(short)};
}

/** Whether `token` is a known flag and, if so, whether the next token is its value. */
function lookup(token: string, flags: FlagTable): {takesValue: boolean} | undefined {
  if (token.startsWith('--')) {
    const [name] = token.slice(2).split('=');
    const direct = flags.long.get(name);
    if (direct) return {takesValue: direct.type === 'option' && !token.includes('=')};
    const negated = name.startsWith('no-') ? flags.long.get(name.slice(3)) : undefined;
    if (negated?.type === 'boolean' && negated.allowNo && !token.includes('=')) return {takesValue: false};
    return undefined;
  }
  const short = /^-([A-Za-z])(.*)$/.exec(token);
  const flag = short ? flags.short.get(short[1]) : undefined;
  if (!short || !flag) return undefined;
  if (flag.type === 'option') return {takesValue: short[2] === ''};
  return short[2] === '' ? {takesValue: false} : undefined; // bundled short booleans (-hx): leave them to oclif
}

/** The flag definitions of every command in an oclif manifest (empty when it is not one). */
export function flagSetsFromManifest(manifest: unknown): FlagSet[] {
  const commands = (manifest as {commands?: Record<string, {flags?: FlagSet}>} | undefined)?.commands;
  if (!commands || typeof commands !== 'object') return [];
  return Object.values(commands).flatMap((command) => (command?.flags && typeof command.flags === 'object' ? [command.flags] : []));
}

/**
 * Moves the leading flags of `argv` that `flags` knows (one set, or one per command) after the command id. Leaves
 * argv as it is when no command follows them, or at the first token it does not know (`--version`, a typo: oclif
 * reports it as it would).
 */
export function moveLeadingGlobalFlags(argv: string[], flags: FlagSet | readonly FlagSet[]): string[] {
  const table = tableOf(Array.isArray(flags) ? flags : [flags as FlagSet]);
  const moved: string[] = [];
  let index = 0;
  while (index < argv.length) {
    const token = argv[index];
    if (!token.startsWith('-') || token === '--') break;
    const flag = lookup(token, table);
    if (!flag) break;
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
