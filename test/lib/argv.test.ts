import {expect} from 'chai';

import {readFileSync} from 'node:fs';

import {type FlagShape, flagSetsFromManifest, moveLeadingGlobalFlags} from '../../src/lib/argv.js';
import {PulpCommand} from '../../src/lib/base-command.js';
import TestTaskInsertion from '../../src/commands/test-task-insertion.js';
import TaskAnalysis from '../../src/commands/task-analysis.js';
import Demo from '../../src/commands/demo.js';

const flags = PulpCommand.baseFlags;
const move = (line: string) => moveLeadingGlobalFlags(line.split(' ').filter(Boolean), flags);
/** The flag sets bin/main.js builds from the manifest: base flags plus each command's own. */
const commandSets: Array<Record<string, FlagShape>> = [
  {...PulpCommand.baseFlags, ...TestTaskInsertion.flags},
  {...PulpCommand.baseFlags, ...TaskAnalysis.flags},
  {...Demo.flags},
];
const moveAll = (line: string) => moveLeadingGlobalFlags(line.split(' ').filter(Boolean), commandSets);

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

  it('leaves --version, unknown flags and flag-only lines alone', () => {
    expect(move('--help')).to.deep.equal(['--help']);
    expect(move('-h')).to.deep.equal(['-h']);
    expect(move('--version')).to.deep.equal(['--version']);
    expect(move('--api-root https://h')).to.deep.equal(['--api-root', 'https://h']);
    expect(move('--bogus status')).to.deep.equal(['--bogus', 'status']);
    expect(move('--api-root https://h --help')).to.deep.equal(['--api-root', 'https://h', '--help']);
    expect(move('--json --version status')).to.deep.equal(['--json', '--version', 'status']);
  });

  it('moves -h/--help with the other leading flags, so the help is the command\'s', () => {
    expect(move('--api-root https://h --help status')).to.deep.equal(['status', '--api-root', 'https://h', '--help']);
    expect(move('-h status')).to.deep.equal(['status', '-h']);
  });

  it('short forms: -p NAME, -pNAME, -p=NAME', () => {
    expect(move('-p stage status')).to.deep.equal(['status', '-p', 'stage']);
    expect(move('-pstage --json status')).to.deep.equal(['status', '-pstage', '--json']);
    expect(move('-p=stage status')).to.deep.equal(['status', '-p=stage']);
    expect(move('-x stage status')).to.deep.equal(['-x', 'stage', 'status']);
  });

  it("moves the commands' own flags and their aliases too: --max-workers 50 before the command (the original's habit)", () => {
    expect(moveAll('--max-workers 3 test-task-insertion')).to.deep.equal(['test-task-insertion', '--max-workers', '3']);
    expect(moveAll('--api-root https://h --max-workers=3 -c 2 -d 5s test-task-insertion --json')).to.deep.equal([
      'test-task-insertion', '--json', '--api-root', 'https://h', '--max-workers=3', '-c', '2', '-d', '5s',
    ]);
    expect(moveAll('-c3 --since 2h task-analysis')).to.deep.equal(['task-analysis', '-c3', '--since', '2h']);
    expect(moveAll('--workers 2 --keep demo')).to.deep.equal(['demo', '--workers', '2', '--keep']);
    expect(moveAll('--no-verify-ssl --track status')).to.deep.equal(['status', '--no-verify-ssl', '--track']); // oclif then refuses --track for status
    expect(moveAll('--no-track test-task-insertion')).to.deep.equal(['--no-track', 'test-task-insertion']); // --track has no --no- form
  });

  it('drops a name that is a boolean in one command and takes a value in another (it cannot tell where its value ends)', () => {
    const sets: Array<Record<string, FlagShape>> = [{x: {type: 'boolean'}, y: {type: 'option', char: 'y'}}, {x: {type: 'option'}, z: {type: 'option', char: 'y'}}];
    expect(moveLeadingGlobalFlags(['--x', '1', 'cmd'], sets)).to.deep.equal(['--x', '1', 'cmd']);
    expect(moveLeadingGlobalFlags(['-y', '1', 'cmd'], sets)).to.deep.equal(['cmd', '-y', '1']); // same shape: kept
  });

  it('reads the flag sets of an oclif manifest, and nothing from anything else', () => {
    const manifest = {commands: {a: {flags: {alpha: {type: 'option', char: 'a', aliases: ['old-alpha']}}}, b: {}, c: {flags: {beta: {type: 'boolean'}}}}};
    expect(flagSetsFromManifest(manifest)).to.deep.equal([{alpha: {type: 'option', char: 'a', aliases: ['old-alpha']}}, {beta: {type: 'boolean'}}]);
    expect(moveLeadingGlobalFlags(['--old-alpha', '1', '--beta', 'a'], flagSetsFromManifest(manifest))).to.deep.equal(['a', '--old-alpha', '1', '--beta']);
    for (const garbage of [undefined, null, 3, 'x', {commands: 'x'}, {}]) expect(flagSetsFromManifest(garbage)).to.deep.equal([]);
  });

  it('the built manifest (what bin/main.js reads) knows the aliases and short forms', () => {
    const manifest: unknown = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8'));
    const sets = flagSetsFromManifest(manifest);
    const line = (text: string) => moveLeadingGlobalFlags(text.split(' '), sets);
    expect(line('--max-workers 3 -p stage test-task-insertion')).to.deep.equal(['test-task-insertion', '--max-workers', '3', '-p', 'stage']);
    expect(line('-c 3 --api-root https://h task-analysis')).to.deep.equal(['task-analysis', '-c', '3', '--api-root', 'https://h']);
  });
});
