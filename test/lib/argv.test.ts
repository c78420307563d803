import {expect} from 'chai';

import {moveLeadingGlobalFlags} from '../../src/lib/argv.js';
import {PulpCommand} from '../../src/lib/base-command.js';

const flags = PulpCommand.baseFlags;
const move = (line: string) => moveLeadingGlobalFlags(line.split(' ').filter(Boolean), flags);

describe('moveLeadingGlobalFlags (original tool syntax)', () => {
  it('moves global flags and their values after the command', () => {
    expect(move('--api-root https://h/api --user u test-task-insertion --timeout 5')).to.deep.equal([
      'test-task-insertion', '--timeout', '5', '--api-root', 'https://h/api', '--user', 'u',
    ]);
  });

  it('handles --flag=value, boolean and negated flags', () => {
    expect(move('--api-root=https://h --no-verify-ssl --debug-requests status --json')).to.deep.equal([
      'status', '--json', '--api-root=https://h', '--no-verify-ssl', '--debug-requests',
    ]);
  });

  it('moves --json like the other global flags (oclif adds it, it is not a base flag)', () => {
    expect(move('--json --api-root https://h status')).to.deep.equal(['status', '--json', '--api-root', 'https://h']);
    expect(move('--api-root https://h --json status --timeout 5')).to.deep.equal(['status', '--timeout', '5', '--api-root', 'https://h', '--json']);
    expect(move('--json test-task-insertion --max-workers 2')).to.deep.equal(['test-task-insertion', '--max-workers', '2', '--json']);
    expect(move('--json')).to.deep.equal(['--json']);
    expect(move('--json --version')).to.deep.equal(['--json', '--version']);
  });

  it('keeps the oclif order unchanged', () => {
    expect(move('status --api-root https://h')).to.deep.equal(['status', '--api-root', 'https://h']);
  });

  it('inserts before a -- separator', () => {
    expect(move('--password p status -- --x')).to.deep.equal(['status', '--password', 'p', '--', '--x']);
  });

  it('leaves --help, --version, unknown flags and flag-only lines alone', () => {
    expect(move('--help')).to.deep.equal(['--help']);
    expect(move('--version')).to.deep.equal(['--version']);
    expect(move('--api-root https://h')).to.deep.equal(['--api-root', 'https://h']);
    expect(move('--bogus status')).to.deep.equal(['--bogus', 'status']);
    expect(move('--api-root https://h --help')).to.deep.equal(['--api-root', 'https://h', '--help']);
  });
});
