import {expect} from 'chai';
import {execFile} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import nock from 'nock';

import {type RunningSimulator, startSimulator} from '../../src/lib/simulator/index.js';
import {runCli} from '../helpers/cli.js';
import {call, waitFor} from '../helpers/http.js';
import {tempDir} from '../helpers/tmp.js';

const exec = promisify(execFile);
const EXAMPLE = fileURLToPath(new URL('../../examples/pulp-bench-plugin-hello', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('third-party plugins: the example package, linked and installed', function () {
  this.timeout(180_000);
  let data: ReturnType<typeof tempDir>;
  let sim: RunningSimulator;
  const env = () => ({HOME: data.dir, XDG_DATA_HOME: `${data.dir}/data`, XDG_CACHE_HOME: `${data.dir}/cache`, XDG_CONFIG_HOME: `${data.dir}/config`, OCLIF_DISABLE_LINKED_ESM_WARNING: '1'});
  const cli = (args: string[]) => runCli(args, {env: env(), timeoutMs: 120_000});

  before(async () => {
    nock.enableNetConnect();
    // inside this repository the example takes pulp-bench's types from the repository's build (tsconfig.repo.json)
    await exec(process.execPath, [TSC, '-p', `${EXAMPLE}/tsconfig.repo.json`]);
    sim = await startSimulator({port: 0, layout: 'pulpcore', workers: 1, taskMs: '20000'});
  });
  beforeEach(() => {
    data = tempDir('pulp-bench-plugins-');
  });
  afterEach(() => data.cleanup());
  after(() => sim.stop());

  async function expectWorking(kind: 'link' | 'installed') {
    const listed = await cli(['plugins']);
    expect(listed.stdout).to.match(kind === 'link' ? /pulp-bench-plugin-hello 0\.1\.0 \(link\)/ : /pulp-bench-plugin-hello 0\.1\.0/);
    // global flags after and before the command both reach the plugin
    for (const args of [['hello', '--name', 'Xavier', '--api-root', `${sim.origin}/`], ['--api-root', `${sim.origin}/`, 'hello', '--name', 'Xavier']]) {
      const hello = await cli(args);
      expect(hello.code, hello.stderr).to.equal(0);
      expect(hello.stdout).to.equal(`Hello, Xavier!\nAPI root: ${sim.origin}\n`);
    }
    const help = await cli(['--help']);
    expect(help.stdout).to.match(/hello\s+Say hello/);
    const commandHelp = await cli(['hello', '--help']);
    expect(commandHelp.stdout).to.include('CONNECTION FLAGS');
    expect(commandHelp.stdout).to.match(/--api-root=<value>\s+\[env: PULP_API_ROOT\]/);
    expect(commandHelp.stdout).to.match(/GLOBAL FLAGS\n {2}-h, --help {2}Show this help\./);

    // a real client call through the plugin, and the same error boundary as built-in commands
    const running = await cli(['tasks', 'running', '--api-root', sim.apiRoot, '--password', sim.password, '--json']);
    expect(running.code, running.stderr).to.equal(0);
    expect(JSON.parse(running.stdout)).to.deep.include({count: 1});
    const refused = await runCli(['tasks', 'running', '--api-root', sim.apiRoot], {env: {...env(), PULP_PASSWORD: 'wrong'}, timeoutMs: 120_000});
    expect(refused.code).to.equal(4);
    expect(refused.stderr.trim().split('\n')).to.have.length(1);
    expect(refused.stderr).to.match(/^Error: authentication refused by .* \(401: Invalid username\/password\.\)/);
  }

  it('plugins link: works with the global flags, client and error boundary; unlink removes it', async () => {
    const task = (await call(`${sim.origin}/pulp/api/v3/orphans/cleanup/`, {method: 'POST', body: {}})).json().task;
    await waitFor(async () => (await call(`${sim.origin}${task}`)).json().state === 'running');
    const linked = await cli(['plugins', 'link', EXAMPLE, '--no-install']);
    expect(linked.code, linked.stderr).to.equal(0);
    await expectWorking('link');
    const unlinked = await cli(['plugins', 'unlink', 'pulp-bench-plugin-hello']);
    expect(unlinked.code, unlinked.stderr).to.equal(0);
    const gone = await cli(['hello']);
    expect(gone.code).to.equal(2);
    expect((await cli(['--help'])).stdout).not.to.match(/hello\s+Say hello/);
  });

  it('plugins install from a local tarball (npm pack): works; uninstall removes it', async () => {
    const packDir = tempDir('pulp-bench-pack-');
    try {
      await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir.dir], {cwd: EXAMPLE}); // built by before()
      const tarball = readdirSync(packDir.dir).find((name) => name.endsWith('.tgz'))!;
      // a bare path to the tarball, as users type it (pulp-bench adds npm's file: prefix)
      const installed = await cli(['plugins', 'install', `${packDir.dir}/${tarball}`]);
      expect(installed.code, installed.stderr).to.equal(0);
      await expectWorking('installed');
      const removed = await cli(['plugins', 'uninstall', 'pulp-bench-plugin-hello']);
      expect(removed.code, removed.stderr).to.equal(0);
      expect((await cli(['hello'])).code).to.equal(2);
      expect((await cli(['plugins'])).stdout).to.include('No plugins installed.');
    } finally {
      packDir.cleanup();
    }
  });
});
