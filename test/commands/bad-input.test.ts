/**
 * Bad input is rejected before any request: exit 2, exactly one line on stderr naming the problem, no stack trace,
 * nothing on stdout (with --json: exactly one error document), and no request reaches the server named by --api-root
 * (a tiny server that counts what it receives).
 */
import {expect} from 'chai';
import {spawn} from 'node:child_process';
import {generateKeyPairSync} from 'node:crypto';
import {readFileSync} from 'node:fs';
import path from 'node:path';

import {startSimulator, type RunningSimulator} from '../../src/lib/simulator/index.js';
import {BIN, type CliResult, runCli} from '../helpers/cli.js';
import {type FakeServer, json, startFakeServer} from '../helpers/fake-server.js';
import {statusFixture} from '../helpers/status-fixture.js';
import {tempDir} from '../helpers/tmp.js';
import {assertValidResult} from '../helpers/result-schema.js';

const STATUS = '/pulp/api/v3/status/';
const CERT = readFileSync(new URL('../fixtures/self-signed.crt', import.meta.url), 'utf8');
const KEY = readFileSync(new URL('../fixtures/self-signed.key', import.meta.url), 'utf8');
const OTHER = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey;
const OTHER_KEY = OTHER.export({type: 'pkcs8', format: 'pem'}) as string;
const ENCRYPTED_KEY = OTHER.export({type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret'}) as string;

interface Row {
  name: string;
  args: () => string[];
  message: RegExp;
  /** Run under `ulimit -n` (Linux shells only). */
  openFiles?: number;
}

/** Runs the CLI under a lower open-file limit, through the shell's ulimit. */
function runWithOpenFiles(limit: number, args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `ulimit -n ${limit} && exec "$@"`, 'sh', process.execPath, BIN, ...args], {
      env: {...process.env, NO_COLOR: '1', PULP_API_ROOT: undefined, PULP_PROFILE: undefined, DEBUG: undefined, ...env} as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stdout, stderr}));
  });
}

describe('bad input: exit 2, one line, before any request', function () {
  this.timeout(120_000);
  let home: ReturnType<typeof tempDir>;
  let files: ReturnType<typeof tempDir>;
  let server: FakeServer;
  let root: string;
  const env = () => ({HOME: home.dir, XDG_CONFIG_HOME: undefined});
  const file = (name: string, text: string) => () => files.file(name, text);
  const status = (...args: string[]) => ['status', '--api-root', root, ...args];
  const insertion = (...args: string[]) => ['test-task-insertion', '--api-root', root, ...args];
  const analysis = (...args: string[]) => ['task-analysis', '--api-root', root, '--password', 'pw', ...args];
  const simulate = (...args: string[]) => ['simulate', '--port', '0', ...args];

  before(async () => {
    home = tempDir();
    files = tempDir();
    server = await startFakeServer({[STATUS]: json(200, statusFixture()), '/pulp/test/tasks/': json(200, {tasks_executed: 3})});
    root = server.url;
  });
  after(async () => {
    await server.close();
    home.cleanup();
    files.cleanup();
  });

  const rows: Row[] = [
    // The API root, profile and other global flags
    {name: 'no api-root', args: () => ['status'], message: /^Error: no Pulp API root: pass --api-root URL, set PULP_API_ROOT/},
    {name: '--api-root notaurl', args: () => ['status', '--api-root', 'notaurl'], message: /^Error: --api-root 'notaurl' is not a URL/},
    {name: '--api-root ftp://…', args: () => ['status', '--api-root', 'ftp://files.example.com'], message: /^Error: --api-root must be an http:\/\/ or https:\/\/ URL, got 'ftp:'/},
    {name: '--api-root with credentials', args: () => ['status', '--api-root', root.replace('//', '//u:p@')], message: /^Error: --api-root must not contain credentials; use --user\/--password/},
    {name: '--api-root with a query', args: () => ['status', '--api-root', `${root}/?x=1`], message: /^Error: --api-root '.*\?x=1' must not have a query string or fragment$/},
    {name: 'empty --api-root', args: () => ['status', '--api-root', ''], message: /^Error: --api-root is empty; give a value, e\.g\. --api-root https:\/\/pulp\.example\.com$/},
    {name: 'empty --profile', args: () => status('--profile', ''), message: /^Error: --profile is empty; give a value, e\.g\. --profile stage$/},
    {name: 'unknown profile', args: () => ['status', '--profile', 'nope'], message: /^Error: profile 'nope' \(\[cli-nope\]\) not found: no pulp-cli config at .*cli\.toml$/},
    {name: '--config that does not exist', args: () => status('--config', '/nonexistent/pulp/cli.toml'), message: /^Error: --config \/nonexistent\/pulp\/cli\.toml does not exist$/},
    {name: '--header without a colon', args: () => status('--header', 'X-RH-IDENTITY eyJ'), message: /^Error: --header is not "Name: value" \(no colon\); e\.g\. --header "X-RH-IDENTITY: eyJp…"$/},
    {name: '--header with a bad name', args: () => status('--header', 'X RH: 1'), message: /^Error: --header has an invalid header name/},
    {name: '--token-url not a URL', args: () => analysis('--client-id', 'c', '--client-secret', 's', '--token-url', 'sso.example.com'), message: /^Error: --token-url 'sso\.example\.com' is not an http:\/\/ or https:\/\/ URL$/},
    {name: '--client-secret without --client-id', args: () => analysis('--client-secret', 's'), message: /^Error: an OAuth2 client secret needs a client ID: pass --client-id/},
    {name: 'unknown flag', args: () => status('--bogus'), message: /^Error: Nonexistent flag: --bogus \(see --help\)$/},
    {name: '--client not async/sync', args: () => status('--client', 'bogus'), message: /^Error: Expected --client=bogus to be one of: async, sync \(see --help\)$/},
    {name: 'status --timeout ten', args: () => status('--timeout', 'ten'), message: /^Error: .*Expected an integer but received: ten/},
    {name: 'status --timeout 0', args: () => status('--timeout', '0'), message: /^Error: .*Expected an integer greater than or equal to 1 but received: 0/},
    {name: 'status --timeout beyond a day', args: () => status('--timeout', '99999999'), message: /^Error: --timeout: Expected an integer less than or equal to 86400 but received: 99999999$/},
    {name: '--json first, bad api root', args: () => ['--json', '--api-root', 'notaurl', 'status'], message: /^Error: --api-root 'notaurl' is not a URL/},

    // Client certificate and key: checked over http too
    {name: 'missing cert file', args: () => status('--cert', '/nonexistent/c.pem', '--key', '/nonexistent/k.pem'), message: /^Error: --cert \/nonexistent\/c\.pem does not exist$/},
    {name: 'cert is a folder', args: () => status('--cert', files.dir), message: /^Error: --cert \/.* is not a file$/},
    {name: 'cert not PEM', args: () => status('--cert', file('garbage.crt', 'not a certificate')(), '--key', file('k.pem', KEY)()), message: /^Error: --cert \/.*garbage\.crt is not a PEM certificate/},
    {name: 'cert PEM that does not parse', args: () => status('--cert', file('broken.crt', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')(), '--key', file('k.pem', KEY)()), message: /^Error: --cert \/.*broken\.crt holds no readable certificate \(.+\)$/},
    {name: 'key not PEM', args: () => status('--cert', file('c.pem', CERT)(), '--key', file('garbage.key', 'not a key')()), message: /^Error: --key \/.*garbage\.key is not a PEM private key/},
    {name: 'key of another certificate', args: () => status('--cert', file('c.pem', CERT)(), '--key', file('other.key', OTHER_KEY)()), message: /^Error: --key \/.*other\.key does not belong to the certificate in --cert \/.*c\.pem$/},
    {name: 'combined PEM with a foreign key', args: () => status('--cert', file('both.pem', CERT + OTHER_KEY)()), message: /^Error: the private key in --cert \/.*both\.pem does not belong to its certificate$/},
    {name: 'encrypted key', args: () => status('--cert', file('c.pem', CERT)(), '--key', file('enc.key', ENCRYPTED_KEY)()), message: /^Error: --key \/.*enc\.key holds an encrypted private key and pulp-bench takes no passphrase/},
    {name: 'cert without a key', args: () => status('--cert', file('c.pem', CERT)()), message: /^Error: --cert \/.*c\.pem holds no private key; pass --key too$/},
    {name: '--key without --cert', args: () => status('--key', file('k.pem', KEY)()), message: /^Error: --key needs --cert$/},
    {name: 'empty --cert', args: () => status('--cert', ''), message: /^Error: --cert is empty/},

    // test-task-insertion
    {name: '--max-workers 0', args: () => insertion('--max-workers', '0'), message: /^Error: .*Expected an integer greater than or equal to 1 but received: 0/},
    {name: '--max-workers -3', args: () => insertion('--max-workers', '-3'), message: /^Error: .*Expected an integer greater than or equal to 1 but received: -3/},
    {name: '--max-workers 2.5', args: () => insertion('--max-workers', '2.5'), message: /^Error: .*Expected an integer but received: 2\.5/},
    {name: '-c 0', args: () => insertion('-c', '0'), message: /^Error: --concurrency: Expected an integer greater than or equal to 1 but received: 0$/},
    {name: '--concurrency beyond the open-file limit', args: () => insertion('--concurrency', '100000000'), message: /^Error: --concurrency 100000000 is too many: (the open-file limit \(ulimit -n\) is \d+, enough for \d+ \(one socket each\); raise it with ulimit -n or use a lower --concurrency|more than 10000 is not supported)$/},
    {name: '--max-workers 300 under ulimit -n 200', openFiles: 200, args: () => insertion('--max-workers', '300'), message: /^Error: --concurrency 300 is too many: the open-file limit \(ulimit -n\) is 200, enough for 136 \(one socket each\); raise it with ulimit -n or use a lower --concurrency$/},
    {name: '--max-workers before the command, 0', args: () => ['--max-workers', '0', ...insertion()], message: /^Error: --concurrency: Expected an integer greater than or equal to 1 but received: 0$/},
    {name: 'insertion --timeout abc', args: () => insertion('--timeout', 'abc'), message: /^Error: .*Expected an integer but received: abc/},
    {name: 'insertion --timeout beyond a day', args: () => insertion('--timeout', '3000000'), message: /^Error: --timeout: Expected an integer less than or equal to 86400/},
    {name: '--run-until 0', args: () => insertion('--run-until', '0'), message: /^Error: .*Expected an integer greater than or equal to 1 but received: 0/},
    {name: '--duration forever', args: () => insertion('--duration', 'forever'), message: /^Error: --duration 'forever' is not a duration; use e\.g\. 30s, 5m, 2h, 200ms$/},
    {name: '--duration beyond a timer', args: () => insertion('--duration', '30d'), message: /^Error: --duration '30d' is too long: at most 24\.8 days$/},
    {name: '--track-timeout 0', args: () => insertion('--track-timeout', '0'), message: /^Error: --track-timeout '0' is not a duration/},
    {name: '--rate -1', args: () => insertion('--rate', '-1'), message: /^Error: --rate '-1' is negative/},
    {name: '--rate 0', args: () => insertion('--rate', '0'), message: /^Error: --rate '0' is zero/},
    {name: '--rate abc', args: () => insertion('--rate', 'abc'), message: /^Error: --rate 'abc' is not a rate \(e\.g\. 50, 50\/s, 2\.5, 1e3, 1_000 or 600\/m\)$/},
    {name: '--rate NaN', args: () => insertion('--rate', 'NaN'), message: /^Error: --rate 'NaN' is not a rate/},
    {name: '--rate Infinity', args: () => insertion('--rate', 'Infinity'), message: /^Error: --rate 'Infinity' is not a rate/},
    {name: '--rate beyond the engine', args: () => insertion('--rate', '1e9/s'), message: /^Error: --rate '1e9\/s' is beyond what the load engine can schedule \(at most 100000\/s\)$/},
    {name: '--rate 1,000', args: () => insertion('--rate', '1,000'), message: /^Error: --rate '1,000': write numbers without thousands separators/},
    {name: '--rate 5/x', args: () => insertion('--rate', '5/x'), message: /^Error: --rate '5\/x': unknown unit '\/x'/},
    {name: 'empty --endpoint', args: () => insertion('--endpoint', ''), message: /^Error: --endpoint is empty; give a value, e\.g\. --endpoint \/pulp\/api\/v3\/orphans\/cleanup\/$/},
    {name: 'blank --domain (insertion)', args: () => insertion('--target', 'purge', '--password', 'pw', '--domain', '  '), message: /^Error: --domain is empty/},
    {name: 'empty --method', args: () => insertion('--endpoint', '/x/', '--method', ''), message: /^Error: --method is empty/},
    {name: '--body without --target endpoint', args: () => insertion('--body', '{}'), message: /^Error: All of the following must be provided when using --body: --endpoint \(see --help\)$/},
    {name: '--target endpoint --body without --endpoint', args: () => insertion('--target', 'endpoint', '--body', '{}'), message: /^Error: All of the following must be provided when using --body: --endpoint \(see --help\)$/},
    {name: '--method without --target endpoint', args: () => insertion('--method', 'GET'), message: /^Error: All of the following must be provided when using --method: --endpoint \(see --help\)$/},
    {name: '--endpoint with --target purge', args: () => insertion('--target', 'purge', '--endpoint', '/x/'), message: /^Error: --target=purge cannot also be provided when using --endpoint \(see --help\)$/},
    {name: '--fail-if with an unknown key', args: () => insertion('--fail-if', 'tasksPerMinute<1'), message: /unknown key 'tasksPerMinute'/},
    {name: '--json, --max-workers 0', args: () => insertion('--json', '--max-workers', '0'), message: /^Error: .*Expected an integer greater than or equal to 1 but received: 0/},

    // task-analysis
    {name: '--since before 1970', args: () => analysis('--since', '1900-01-01'), message: /^Error: --since '1900-01-01' is before 1970-01-01T00:00:00Z; Pulp has no tasks from then$/},
    {name: '--since relative before 1970', args: () => analysis('--since', '99999999d'), message: /^Error: --since '99999999d' is before 1970-01-01T00:00:00Z/},
    {name: '--until before 1970', args: () => analysis('--since', '1969-01-01', '--until', '1969-06-01'), message: /^Error: --until '1969-06-01' is before 1970-01-01T00:00:00Z/},
    {name: 'window longer than 366 days', args: () => analysis('--since', '2020-01-01', '--until', '2022-01-01'), message: /^Error: the window from 2020-01-01T00:00:00\.000000Z to 2022-01-01T00:00:00\.000000Z is 731 days long; at most 366 days/},
    {name: '--since yesterday', args: () => analysis('--since', 'yesterday'), message: /^Error: --since 'yesterday' is not a date\/time/},
    {name: '--since after --until', args: () => analysis('--since', '1h', '--until', '2h'), message: /^Error: --since \(.*\) must be before --until \(.*\)$/},
    {name: 'empty --domain (analysis)', args: () => analysis('--domain', ''), message: /^Error: --domain is empty; give a value, e\.g\. --domain default$/},
    {name: 'blank --task-name', args: () => analysis('--task-name', '   '), message: /^Error: --task-name is empty/},
    {name: '--csv in a missing folder', args: () => analysis('--csv', '/nonexistent-folder/waits.csv'), message: /^Error: cannot write --csv \/nonexistent-folder\/waits\.csv: folder \/nonexistent-folder does not exist$/},
    {name: '--csv naming a folder', args: () => analysis('--csv', files.dir), message: /^Error: cannot write --csv .*: it is a folder; give a file name$/},
    {name: '--csv below a file', args: () => analysis('--csv', path.join(file('plain', 'x')(), 'waits.csv')), message: /^Error: cannot write --csv .*: a part of the path is not a folder$/},
    {name: '--csv - with --json', args: () => analysis('--csv', '-', '--json'), message: /^Error: --csv - writes the CSV to stdout, which --json keeps for its one JSON document; give --csv a file instead$/},
    {name: 'empty --csv', args: () => analysis('--csv', ''), message: /^Error: --csv is empty/},
    {name: '--page-size 0', args: () => analysis('--page-size', '0'), message: /^Error: .*Expected an integer greater than or equal to 1 but received: 0/},
    {name: '--state bogus', args: () => analysis('--state', 'bogus'), message: /^Error: Expected --state=bogus to be one of: waiting, /},

    // simulate
    {name: '--latency-ms beyond a timer', args: () => simulate('--latency-ms', '99999999999'), message: /^Error: --latency-ms: Expected an integer less than or equal to 2147483647 but received: 99999999999$/},
    {name: 'simulate --port 70000', args: () => ['simulate', '--port', '70000'], message: /^Error: --port: Expected an integer less than or equal to 65535 but received: 70000$/},
    {name: 'simulate --port -1', args: () => ['simulate', '--port', '-1'], message: /^Error: --port: Expected an integer greater than or equal to 0 but received: -1$/},
    {name: 'simulate --history beyond memory', args: () => simulate('--history', '100000000'), message: /^Error: --history: Expected an integer less than or equal to 10000000 but received: 100000000$/},
    {name: 'simulate --history-hours beyond a year', args: () => simulate('--history-hours', '100000'), message: /^Error: --history-hours: Expected an integer less than or equal to 8784/},
    {name: '--task-ms beyond a timer', args: () => simulate('--task-ms', '1-9999999999'), message: /^Error: --task-ms '1-9999999999' is longer than a timer holds \(at most 2147483647 ms, ~24\.8 days\)$/},
    {name: '--task-ms bogus', args: () => simulate('--task-ms', 'bogus'), message: /^Error: --task-ms: task duration 'bogus' is not a number of ms/},
    {name: '--fault-routes nope', args: () => simulate('--fault-routes', 'nope'), message: /^Error: --fault-routes: unknown route 'nope'/},
    {name: 'empty --host', args: () => simulate('--host', ''), message: /^Error: --host is empty/},
    {name: '--fail-rate 2', args: () => simulate('--fail-rate', '2'), message: /^Error: --fail-rate must be a number from 0 to 1, got '2'$/},
    {name: 'simulate --api-root (no connection flags)', args: () => simulate('--api-root', 'x'), message: /^Error: Nonexistent flag: --api-root \(see --help\)$/},
    {name: 'simulate --api-root before the command', args: () => ['--api-root', 'x', ...simulate()], message: /^Error: Nonexistent flag: --api-root \(see --help\)$/},
    {name: 'simulate --profile', args: () => simulate('-p', 'stage'), message: /^Error: Nonexistent flag: -p \(see --help\)$/},
    {name: 'empty simulate --password', args: () => simulate('--password', ''), message: /^Error: --password is empty/},

    // demo
    {name: 'demo --workers 5000 (alias of --concurrency)', args: () => ['demo', '--workers', '5000'], message: /^Error: --concurrency: Expected an integer less than or equal to 1000 but received: 5000$/},
    {name: 'demo -c 0', args: () => ['demo', '-c', '0'], message: /^Error: --concurrency: Expected an integer greater than or equal to 1 but received: 0$/},
    {name: 'demo --concurrency 100 under ulimit -n 200', openFiles: 200, args: () => ['demo', '--concurrency', '100'], message: /^Error: --concurrency 100 is too many: the open-file limit \(ulimit -n\) is 200, enough for 68 \(2 sockets each\); raise it with ulimit -n or use a lower --concurrency$/},
    {name: 'demo --api-root (no connection flags)', args: () => ['demo', '--api-root', 'http://127.0.0.1:1/api'], message: /^Error: Nonexistent flag: --api-root \(see --help\)$/},
    {name: 'demo --password (no connection flags)', args: () => ['demo', '--password', 'x'], message: /^Error: Nonexistent flag: --password \(see --help\)$/},
    {name: 'demo --history beyond memory', args: () => ['demo', '--history', '100000000'], message: /^Error: --history: Expected an integer less than or equal to 10000000/},
    {name: 'demo --port 70000', args: () => ['demo', '--port', '70000'], message: /^Error: --port: Expected an integer less than or equal to 65535/},
  ];

  it('has at least 40 rows', () => expect(rows.length).to.be.at.least(40));

  for (const row of rows) {
    it(row.name, async function () {
      if (row.openFiles !== undefined && process.platform !== 'linux') this.skip();
      const args = row.args();
      const sent = server.requests.length;
      const result = row.openFiles === undefined ? await runCli(args, {env: env()}) : await runWithOpenFiles(row.openFiles, args, env());
      expect(result.code, result.stderr).to.equal(2);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines, result.stderr).to.have.length(1);
      expect(lines[0]).to.match(row.message);
      expect(result.stderr).not.to.match(/\n\s+at |\bat .*\.(js|ts):\d+/); // no stack trace
      if (args.includes('--json')) {
        const document = JSON.parse(result.stdout);
        expect(document.error).to.deep.equal({kind: 'usage', message: lines[0].replace(/^Error: /, ''), exitCode: 2});
        // Measuring commands' error documents also carry schema, kind and meta; every one is a valid result document.
        assertValidResult(document);
        expect(result.stdout.trim().split('\n')).to.have.length(1);
      } else expect(result.stdout).to.equal('');
      expect(server.requests.slice(sent), 'requests sent').to.deep.equal([]);
    });
  }

  describe('what stays accepted', () => {
    let sim: RunningSimulator;
    before(async () => {
      sim = await startSimulator({port: 0, honourTimeout: true, workers: 4, taskMs: '5', history: {count: 300, hours: 1, seed: 3}});
    });
    after(() => sim.stop());

    it('--rate in number forms (1e3/s, 1_000) reaches the engine as requests per second', async () => {
      for (const rate of ['1e3/s', '1_000']) {
        const result = await runCli(insertion('--rate', rate, '--max-workers', '1', '--run-until', '6', '--timeout', '1', '--json'), {env: env()});
        expect(result.code, result.stderr).to.equal(0);
        const report = JSON.parse(result.stdout);
        expect(report.rate).to.equal(1000);
        expect(report.tasksCreated).to.equal(6);
      }
    });

    it('--csv - writes the CSV to stdout, before the report', async () => {
      const result = await runCli(['task-analysis', '--api-root', sim.apiRoot, '--password', sim.password, '--since', '2h', '--csv', '-'], {env: env()});
      expect(result.code, result.stderr).to.equal(0);
      const lines = result.stdout.split('\n');
      expect(lines[0]).to.equal('pulp_created,name,state,waitTime,blockedTime,queueTime,runTime');
      const csvRow = /^\d{4}-\d\d-\d\dT[^,]+Z,[^,]+,completed,[-\d.e]+,[-\d.e]*,[-\d.e]*,[-\d.e]+$/;
      const rows = lines.slice(1).findIndex((line) => !csvRow.test(line));
      expect(rows).to.be.greaterThan(100);
      expect(result.stderr).to.include(`wrote ${rows} rows to -`);
      // Then the human report, and no CSV row after it.
      expect(lines[1 + rows]).to.equal('Task analysis');
      expect(lines.slice(1 + rows).filter((line) => csvRow.test(line))).to.deep.equal([]);
    });

    it('a relative --since of 366 days and ISO windows still work', async () => {
      for (const since of [['--since', '366d'], ['--since', '2026-01-01 00:00', '--until', '2026-12-31T00:00:00+02:00']]) {
        const result = await runCli(['task-analysis', '--api-root', sim.apiRoot, '--password', sim.password, ...since, '--json'], {env: env()});
        expect(result.code, result.stderr).to.equal(0);
        expect(JSON.parse(result.stdout).window.since).to.match(/^\d{4}-\d\d-\d\dT/);
      }
    });
  });
});
