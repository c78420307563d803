/**
 * How flags are presented in `pulp-bench COMMAND --help`: the help groups, and defaults that the code applies itself
 * (so the flag stays unset when not given) but that help still shows as `[default: …]`.
 */

/** Help groups (`helpGroup`). A command's own groups come first, in the order its flags define them; then OUTPUT, CONNECTION, GLOBAL. */
export const FlagGroup = {
  /** test-task-insertion: what is loaded. */
  target: 'TARGET',
  /** test-task-insertion, demo: how many requests at once, how fast they start. */
  rate: 'RATE',
  /** test-task-insertion: when the run ends. */
  stop: 'STOP',
  /** test-task-insertion: following the dispatched tasks. */
  tracking: 'TRACKING',
  /** task-analysis: which tasks. */
  window: 'WINDOW',
  /** watch: how often, and which task list. */
  sampling: 'SAMPLING',
  /** task-analysis: how the task list is read. */
  fetch: 'FETCH',
  /** Machine output, files, thresholds. */
  output: 'OUTPUT',
  /** Where the Pulp server is and how to talk to it. */
  connection: 'CONNECTION',
  /** Every command: -h/--help. */
  global: 'GLOBAL',
} as const;

/** Groups shown after a command's own, in this order. */
export const TRAILING_GROUPS: readonly string[] = [FlagGroup.output, FlagGroup.connection, FlagGroup.global];

/**
 * A `defaultHelp` for a default the code applies itself: help shows `[default: TEXT]` like any other default, while
 * parsing leaves the flag undefined (so a profile can still supply it, or a relation like `dependsOn` still holds).
 * The text must be a constant: help shows the value stored in oclif.manifest.json at build time (src/lib/help.ts).
 */
export function shownDefault(text: string): () => Promise<string> {
  return async () => text;
}
