import {expect} from 'chai';
import nock from 'nock';

import {runCli} from '../helpers/cli.js';
import {validResult} from '../helpers/result-schema.js';

describe('demo command', function () {
  this.timeout(120_000);
  before(() => nock.enableNetConnect());

  it('runs the simulator, an insertion and an analysis of the window, offline (--workers: the alias of --concurrency)', async () => {
    const result = await runCli(['demo', '--seconds', '2', '--workers', '2', '--history', '3000', '--json'], {timeoutMs: 90_000});
    expect(result.code, result.stderr).to.equal(0);
    const report = validResult(result.stdout);
    expect(report.insertion.requests).to.deep.include({total: 2, ok: 2, failed: 0});
    expect(report.insertion.tasksCreated).to.be.greaterThan(100);
    // the analysis window holds the whole history plus every task the insertion created
    expect(report.analysis.total).to.equal(3000 + report.insertion.tasksCreated);
    expect(report.analysis.byName.find((row: {name: string}) => row.name === 'pulp_service.app.tasks.util.no_op_task').count).to.be.greaterThan(report.insertion.tasksCreated);
    expect(result.stderr).to.include('What to try next:');
  });

  it('prints both reports for people', async () => {
    const result = await runCli(['demo', '--seconds', '1', '-c', '1', '--history', '500'], {timeoutMs: 90_000});
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('Task insertion');
    expect(result.stdout).to.include('Task analysis');
    expect(result.stdout).to.include('Wait time distribution');
    expect(result.stdout).to.include('pulp-bench task-analysis --api-root');
    expect(result.stdout).to.include('export PULP_PASSWORD=password').and.not.include('--password password');
    // Suggested commands are flowed to the width with \ continuations: joined, they are the command to paste.
    expect(result.stdout.replaceAll(/ \\\n +/g, ' ')).to.match(/pulp-bench test-task-insertion --api-root \S+ --target random-lock --timeout 5 --concurrency 3 --output run\.json --output run\.html\n/);
    expect(result.stdout).to.include('Step 1 — test-task-insertion: 1 concurrent calls');
  });
});
