import {expect} from 'chai';

import {runCli} from '../helpers/cli.js';

describe('help', function () {
  this.timeout(60_000);
  const commands = ['status', 'demo', 'simulate', 'test-task-insertion', 'task-analysis'];

  it('the root help lists every command (underscore aliases stay hidden)', async () => {
    const help = await runCli(['--help']);
    for (const command of commands) expect(help.stdout, command).to.match(new RegExp(`\\n  ${command}\\s+\\S`));
    expect(help.stdout).not.to.include('task_analysis');
    expect(help.stdout).not.to.include('test_task_insertion');
  });

  for (const command of commands) {
    it(`${command} --help shows usage, global flags and examples`, async () => {
      const help = await runCli([command, '--help']);
      expect(help.code).to.equal(0);
      expect(help.stdout).to.include(`$ pulp-bench ${command}`);
      expect(help.stdout).to.include('EXAMPLES');
      expect(help.stdout).to.include('GLOBAL FLAGS');
    });
  }
});
