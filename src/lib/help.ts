/**
 * pulp-bench's help (package.json `oclif.helpClass`): oclif's, with command help made for scanning.
 * - Flag groups in a fixed order: the command's own flags and groups first (as the command defines them), then
 *   OUTPUT, CONNECTION and GLOBAL, so the long list of connection flags never hides what the command is about.
 * - Flag aliases (the original tool's names, e.g. --max-workers) are named after the summary: oclif's help omits them.
 * - A short usage line (`$ pulp-bench COMMAND [FLAGS]`): the flags are listed, grouped, right below it.
 * - A summary for plugin commands that have none (`version`).
 * - pulp-bench's own commands are not loaded to show their help (see showHelp).
 * Within a group, flags with a short form come first, then the others in definition order (package.json
 *   `helpOptions.flagSortOrder: none`).
 */
import {type Command, CommandHelp, Help} from '@oclif/core';

import {TRAILING_GROUPS} from './flag-groups.js';

type Flag = Command.Flag.Any;

/** The flag with its aliases named at the end of its summary. */
function withAliases(flag: Flag): Flag {
  const aliases = [...(flag.aliases ?? []).map((alias) => `--${alias}`), ...(flag.charAliases ?? []).map((alias) => `-${alias}`)];
  if (aliases.length === 0) return flag;
  const note = `(alias: ${aliases.join(', ')})`;
  return flag.summary || !flag.description ? {...flag, summary: `${flag.summary ?? ''} ${note}`.trim()} : {...flag, description: `${flag.description} ${note}`};
}

/** oclif shows `[default: …]` only for truthy defaults: a default of 0 is shown too. */
function withZeroDefault(flag: Flag): Flag {
  return flag.type === 'option' && flag.default === 0 ? {...flag, default: '0'} : flag;
}

/** Flags with a short form first (oclif aligns a group's columns only when its first row has one), else as defined. */
function shortFormsFirst(flags: Flag[]): Flag[] {
  return [...flags.filter((flag) => flag.char), ...flags.filter((flag) => !flag.char)];
}

/** Groups reordered: the command's own (first appearance), then TRAILING_GROUPS in their order. */
export function orderGroups<T>(groups: Record<string, T>): Record<string, T> {
  const own = Object.keys(groups).filter((name) => !TRAILING_GROUPS.includes(name));
  const trailing = TRAILING_GROUPS.filter((name) => name in groups);
  return Object.fromEntries([...own, ...trailing].map((name) => [name, groups[name]]));
}

export class PulpBenchCommandHelp extends CommandHelp {
  protected defaultUsage(): string {
    const args = Object.values(this.command.args ?? {})
      .filter((arg) => !arg.hidden)
      .map((arg) => `${this.arg(arg)}${arg.multiple ? '...' : ''}`);
    const hasFlags = Object.values(this.command.flags ?? {}).some((flag) => !flag.hidden);
    return [this.command.id, ...args, ...(hasFlags ? ['[FLAGS]'] : [])].join(' ');
  }

  protected groupFlags(flags: Flag[]): {flagGroups: Record<string, Flag[]>; mainFlags: Flag[]} {
    const {flagGroups, mainFlags} = super.groupFlags(flags.map((flag) => withZeroDefault(withAliases(flag))));
    const groups = Object.fromEntries(Object.entries(orderGroups(flagGroups)).map(([name, group]) => [name, shortFormsFirst(group)]));
    return {flagGroups: groups, mainFlags: shortFormsFirst(mainFlags)};
  }
}

/** Summaries for commands of oclif plugins that come without one (the root help would list them bare). */
const PLUGIN_COMMAND_SUMMARIES: Record<string, string> = {
  version: 'Show the version of pulp-bench; --verbose adds Node, the OS and the installed plugins.',
};

export default class PulpBenchHelp extends Help {
  protected CommandHelpClass = PulpBenchCommandHelp;

  /**
   * pulp-bench's own commands show help from oclif.manifest.json alone. oclif loads a command (and all it imports:
   * the HTTP client, the statistics…) to recompute `defaultHelp` texts; ours are constants (shownDefault), already in
   * the manifest, so that would only double the time of `pulp-bench COMMAND --help`.
   */
  public async showHelp(argv: string[]): Promise<void> {
    for (const command of this.config.commands) if (command.pluginName === this.config.name) command.hasDynamicHelp = false;
    await super.showHelp(argv);
  }

  protected summary(command: Command.Loadable): string | undefined {
    const fallback = command.summary || command.description ? undefined : PLUGIN_COMMAND_SUMMARIES[command.id];
    return super.summary(fallback ? {...command, summary: fallback} : command);
  }
}
