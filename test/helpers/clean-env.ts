/**
 * The environment of a CLI child in tests: the caller's, without connection settings that would leak into the test
 * (PULP_*, NETRC, DEBUG), and with the system-wide pulp-cli config (/etc/pulp/cli.toml) pointed at a file that does not
 * exist, unless the test sets PULP_BENCH_SYSTEM_CONFIG itself.
 */
const LEAKING = [
  'PULP_API_ROOT', 'PULP_USER', 'PULP_PASSWORD', 'PULP_CERT', 'PULP_KEY', 'PULP_PROFILE', 'PULP_CLI_PROFILE',
  'PULP_CLIENT_ID', 'PULP_CLIENT_SECRET', 'PULP_TOKEN_URL', 'NETRC', 'DEBUG',
];

export const NO_SYSTEM_CONFIG = '/nonexistent/pulp-bench-test/etc-pulp-cli.toml';

export function cleanCliEnv(base: NodeJS.ProcessEnv = process.env, keep: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {...base, PULP_BENCH_SYSTEM_CONFIG: NO_SYSTEM_CONFIG};
  for (const key of LEAKING) if (!(key in keep)) delete env[key];
  return env;
}
