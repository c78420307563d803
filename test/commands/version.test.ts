import {expect} from 'chai';
import {readFileSync} from 'node:fs';

import {runCli} from '../helpers/cli.js';

const {version} = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string};
// PATH without npm: `version --verbose` would otherwise ask the npm registry whether a newer pulp-bench exists.
const offline = {PATH: ''};

describe('version (@oclif/plugin-version)', function () {
  this.timeout(60_000);

  it('prints the version, platform and Node in one line; --version says the same', async () => {
    const result = await runCli(['version']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal(`pulp-bench/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
    expect((await runCli(['--version'])).stdout).to.equal(result.stdout);
  });

  it('--verbose lists the installed plugins with their versions', async () => {
    const result = await runCli(['version', '--verbose'], {env: offline});
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/Plugin Version:/);
    for (const plugin of ['@oclif/plugin-help', '@oclif/plugin-plugins', '@oclif/plugin-autocomplete', '@oclif/plugin-not-found', '@oclif/plugin-version']) {
      expect(result.stdout, plugin).to.match(new RegExp(`\\t${plugin.replace('/', '\\/')} \\d+\\.\\d+\\.\\d+ \\(core\\)`));
    }
    expect(result.stdout).to.include(`pulp-bench ${version} (core)`);
  });

  it('--json (before or after the command) gives the same as one document', async () => {
    for (const args of [['version', '--verbose', '--json'], ['--json', 'version', '--verbose']]) {
      const result = await runCli(args, {env: offline});
      expect(result.code, result.stderr).to.equal(0);
      const document = JSON.parse(result.stdout);
      expect(document.cliVersion).to.equal(`pulp-bench/${version}`);
      expect(document.pluginVersions).to.include.members([`pulp-bench ${version} (core)`]);
      expect(document.pluginVersions.some((line: string) => line.startsWith('@oclif/plugin-version '))).to.equal(true);
    }
  });
});
