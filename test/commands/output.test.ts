import {expect} from 'chai';
import {spawn} from 'node:child_process';
import {closeSync, existsSync, openSync} from 'node:fs';

import {BIN, runCli} from '../helpers/cli.js';
import {startFakeServer} from '../helpers/fake-server.js';

/** Runs the CLI with its stdout as given; resolves with the exit code and stderr. */
function runWithStdout(args: string[], stdout: 'pipe-closed' | number): Promise<{code: number | null; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {stdio: ['ignore', stdout === 'pipe-closed' ? 'pipe' : stdout, 'pipe']});
    if (stdout === 'pipe-closed') child.stdout!.destroy(); // the reader went away, as `| head -c 0` does
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({code, stderr}));
  });
}

describe('output that cannot be written, and --json on every path', function () {
  this.timeout(60_000);

  it('a closed stdout (EPIPE) ends with one line on stderr and exit 2, no stack trace', async () => {
    const {code, stderr} = await runWithStdout(['help', 'task-analysis'], 'pipe-closed');
    expect(code).to.equal(2);
    expect(stderr.trim()).to.equal('Error: cannot write to standard output (EPIPE: the reader closed the pipe)');
  });

  it('a full device (ENOSPC) ends with one line on stderr and exit 2, no stack trace', async function () {
    if (!existsSync('/dev/full')) this.skip(); // Linux only; CI runs on Linux, where this always runs
    const full = openSync('/dev/full', 'w');
    try {
      const {code, stderr} = await runWithStdout(['--help'], full);
      expect(code).to.equal(2);
      expect(stderr.trim()).to.equal('Error: cannot write to standard output (ENOSPC: no space left on the device)');
    } finally {
      closeSync(full);
    }
  });

  it('an unknown command with --json prints one JSON error document (exit 2)', async () => {
    const result = await runCli(['statsu', '--json']);
    expect(result.code).to.equal(2);
    expect(result.stdout.trim().split('\n')).to.have.length(1);
    expect(JSON.parse(result.stdout)).to.deep.equal({
      error: {kind: 'usage', message: "unknown command 'statsu'. Did you mean 'status'? Run 'pulp-bench help' for the list of commands.", exitCode: 2},
    });
  });

  it('status --timeout N bounds the whole command, retries included', async () => {
    // Every answer is a slow 503: without a bound, 4 attempts of up to N s each plus back-off.
    const server = await startFakeServer({
      '/pulp/api/v3/status/': (_request, response) => {
        setTimeout(() => {
          response.writeHead(503, {'content-type': 'text/html'});
          response.end('<html><title>Service Unavailable</title></html>');
        }, 700);
      },
    });
    try {
      const began = performance.now();
      const result = await runCli(['status', '--api-root', server.url, '--timeout', '2']);
      const seconds = (performance.now() - began) / 1000;
      expect(result.code).to.equal(5);
      expect(result.stderr.trim().split('\n')).to.have.length(1);
      expect(result.stderr).to.include('server error 503');
      expect(seconds).to.be.lessThan(2 + 1.5); // the bound plus the CLI's own start-up
      expect(server.requests.length).to.be.within(2, 3);
    } finally {
      await server.close();
    }
  });
});
