import {expect} from 'chai';

import {runCli} from '../helpers/cli.js';

/** The section headers of a help text, in order ("TARGET FLAGS", "EXAMPLES", …). */
const headers = (help: string) => help.split('\n').filter((line) => /^[A-Z][A-Z ]+$/.test(line));

/** The lines of one section of a help text. */
function section(help: string, header: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf(header);
  if (start === -1) return [];
  const end = lines.findIndex((line, index) => index > start && /^[A-Z][A-Z ]+$/.test(line));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

const FLAG_SECTIONS: Record<string, string[]> = {
  status: ['FLAGS', 'OUTPUT FLAGS', 'CONNECTION FLAGS', 'GLOBAL FLAGS'],
  'test-task-insertion': ['TARGET FLAGS', 'RATE FLAGS', 'STOP FLAGS', 'TRACKING FLAGS', 'OUTPUT FLAGS', 'CONNECTION FLAGS', 'GLOBAL FLAGS'],
  'task-analysis': ['WINDOW FLAGS', 'FETCH FLAGS', 'OUTPUT FLAGS', 'CONNECTION FLAGS', 'GLOBAL FLAGS'],
  demo: ['FLAGS', 'OUTPUT FLAGS', 'GLOBAL FLAGS'],
  simulate: ['SERVER FLAGS', 'TASK FLAGS', 'HISTORY FLAGS', 'TEST ENDPOINT FLAGS', 'API CAPACITY FLAGS', 'FAULT INJECTION FLAGS', 'OUTPUT FLAGS', 'GLOBAL FLAGS'],
};

describe('help', function () {
  this.timeout(60_000);
  const commands = Object.keys(FLAG_SECTIONS);
  const helps = new Map<string, string>();
  const help = async (command: string) => {
    if (!helps.has(command)) {
      const result = await runCli([command, '--help']);
      expect(result.code, result.stderr).to.equal(0);
      helps.set(command, result.stdout);
    }
    return helps.get(command)!;
  };

  it('the root help lists every command with a summary (underscore aliases stay hidden), -h too', async () => {
    const root = await runCli(['--help']);
    for (const command of [...commands, 'version']) expect(root.stdout, command).to.match(new RegExp(`\\n  ${command}\\s+\\S`));
    expect(root.stdout.replace(/\s+/g, ' ')).to.include(' version Show the version of pulp-bench; --verbose adds Node, the OS and the installed plugins.');
    expect(root.stdout).not.to.include('task_analysis');
    expect(root.stdout).not.to.include('test_task_insertion');
    expect((await runCli(['-h'])).stdout).to.equal(root.stdout);
  });

  for (const command of commands) {
    it(`${command} --help: short usage, the flag groups in order (the command's first), examples; -h is the same`, async () => {
      const text = await help(command);
      expect(text).to.include(`$ pulp-bench ${command} [FLAGS]\n`);
      const flagSections = headers(text).filter((header) => header.endsWith('FLAGS') && header !== 'FLAG DESCRIPTIONS');
      expect(flagSections).to.deep.equal(FLAG_SECTIONS[command]);
      expect(text).to.include('EXAMPLES');
      expect(section(text, 'GLOBAL FLAGS').join('\n').trim()).to.equal('-h, --help  Show this help.');
      expect(section(text, 'OUTPUT FLAGS').join('\n')).to.match(/--json\s+Print exactly one JSON document on stdout \(errors too\)\./);
      expect((await runCli([command, '-h'])).stdout).to.equal(text);
    });

    it(`${command} --help shows defaults the way oclif does, never by hand after the text`, async () => {
      const text = await help(command);
      for (const line of text.split('\n').filter((row) => row.includes('[default:'))) {
        expect(line, line).to.match(/^ {2}(-\w, )? *--[\w-]+(=<\w+>(\.\.\.)?)?\s+\[default: [^\]]+\]/);
      }
    });
  }

  it('connection flags are in CONNECTION, with -p for --profile and computed defaults shown', async () => {
    for (const command of ['status', 'test-task-insertion', 'task-analysis']) {
      const connection = section(await help(command), 'CONNECTION FLAGS').join('\n');
      expect(connection, command).to.match(/-p, --profile=<value>\s+\[env: PULP_CLI_PROFILE\]/);
      expect(connection, command).to.match(/--api-root=<value>\s+\[env: PULP_API_ROOT\]/);
      expect(connection, command).to.match(/--user=<value>\s+\[default: admin, env: PULP_USER\] Username/);
      expect(connection, command).to.match(/--max-retry-wait=<value>\s+\[default: 60s\]/);
      expect(connection, command).to.include('--[no-]verify-ssl');
      expect(connection, command).not.to.match(/--client[= ]/); // --client async|sync: accepted for compatibility, hidden
      expect(connection, command).to.match(/--client-id=<value>\s+\[env: PULP_CLIENT_ID\]/);
      expect(connection, command).to.include('--header=<value>...');
    }
  });

  it('test-task-insertion: -c/--concurrency with its alias --max-workers, -d/--duration, relations and defaults', async () => {
    const text = await help('test-task-insertion');
    const rate = section(text, 'RATE FLAGS').join('\n');
    expect(rate).to.match(/-c, --concurrency=<value>\s+\[default: 50\] Requests kept in flight at once/);
    expect(rate.replace(/\s+/g, ' ')).to.include('(alias: --max-workers)');
    const stop = section(text, 'STOP FLAGS').join('\n');
    expect(stop).to.match(/-d, --duration=<value>/);
    expect(stop).to.match(/--max-consecutive-failures=<value>\s+\[default: 10 × --concurrency\]/);
    const target = section(text, 'TARGET FLAGS').join('\n');
    expect(target).to.match(/--method=<value>\s+\[default: POST\] With --target endpoint/);
    expect(target).to.match(/--body=<value>\s+With --target endpoint/);
    expect(text).not.to.match(/--max-workers=/);
    // "workers" means Pulp's workers only: the load side is "concurrency"
    expect(text.replace(/--max-workers/g, '')).not.to.match(/\bworkers?\b/i);
  });

  it('task-analysis: -c/--concurrency in FETCH, the window end defaults to now', async () => {
    const text = await help('task-analysis');
    expect(section(text, 'FETCH FLAGS').join('\n')).to.match(/-c, --concurrency=<value>\s+\[default: 4\] Requests in flight at once\./);
    expect(section(text, 'WINDOW FLAGS').join('\n')).to.match(/--until=<value>\s+\[default: now\]/);
  });

  it('demo and simulate list no connection flags; demo has -c with its alias --workers; zero defaults are shown', async () => {
    for (const command of ['demo', 'simulate']) {
      const text = await help(command);
      for (const flag of ['--api-root', '--cert', '--profile', '--max-retry-wait', '--debug-requests', 'CONNECTION']) expect(text, `${command} ${flag}`).not.to.include(flag);
    }
    const demo = section(await help('demo'), 'FLAGS').join('\n');
    expect(demo).to.match(/-c, --concurrency=<value>\s+\[default: 4\] Insertion requests in flight at once/);
    expect(demo.replace(/\s+/g, ' ')).to.include('(alias: --workers)');
    expect(demo).to.match(/--port=<value>\s+\[default: 0\]/);
    const server = section(await help('simulate'), 'SERVER FLAGS').join('\n');
    expect(server).to.match(/--user=<value>\s+\[default: admin\] Username clients must send/);
    expect(server).to.match(/--password=<value>\s+\[default: password\]/);
    expect(section(await help('simulate'), 'FAULT INJECTION FLAGS').join('\n')).to.match(/--fail-rate=<value>\s+\[default: 0\]/);
  });

  it('global flags before the command still show that command\'s help', async () => {
    const text = await help('status');
    expect((await runCli(['--api-root', 'https://pulp.example.com', '--help', 'status'])).stdout).to.equal(text);
    expect((await runCli(['-p', 'stage', '-h', 'status'])).stdout).to.equal(text);
  });
});
