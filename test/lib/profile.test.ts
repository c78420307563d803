import {expect} from 'chai';
import {mkdirSync} from 'node:fs';
import path from 'node:path';

import {resolveConnection} from '../../src/lib/connection.js';
import {UsageError} from '../../src/lib/errors.js';
import {loadPulpCliProfile, pulpCliConfigLocations, readPulpCliConfig, SYSTEM_CONFIG} from '../../src/lib/profile.js';
import {failure} from '../helpers/failure.js';
import {tempDir} from '../helpers/tmp.js';

describe("pulp-cli's configuration files, read as pulp-cli reads them", () => {
  let tmp: ReturnType<typeof tempDir>;
  let system: string;
  let settings: string;
  let user: string;
  let notes: string[];
  const note = (line: string) => notes.push(line);

  beforeEach(() => {
    tmp = tempDir();
    notes = [];
    mkdirSync(path.join(tmp.dir, 'pulp'));
    system = path.join(tmp.dir, 'etc-cli.toml');
    settings = path.join(tmp.dir, 'pulp', 'settings.toml');
    user = path.join(tmp.dir, 'pulp', 'cli.toml');
  });
  afterEach(() => tmp.cleanup());

  const write = (file: string, text: string) => tmp.file(path.relative(tmp.dir, file), text);
  const locations = () => [system, settings, user];

  it('looks in /etc/pulp/cli.toml, then settings.toml and cli.toml of $XDG_CONFIG_HOME/pulp (else ~/.config/pulp)', () => {
    expect(pulpCliConfigLocations({HOME: '/home/me'}, 'linux')).to.deep.equal([SYSTEM_CONFIG, '/home/me/.config/pulp/settings.toml', '/home/me/.config/pulp/cli.toml']);
    expect(SYSTEM_CONFIG).to.equal('/etc/pulp/cli.toml');
    expect(pulpCliConfigLocations({HOME: '/home/me', XDG_CONFIG_HOME: '/xdg'}, 'linux')).to.deep.equal([SYSTEM_CONFIG, '/xdg/pulp/settings.toml', '/xdg/pulp/cli.toml']);
    // An empty XDG_CONFIG_HOME is unset (XDG); PULP_BENCH_SYSTEM_CONFIG replaces /etc/pulp/cli.toml (tests, packaging).
    expect(pulpCliConfigLocations({HOME: '/home/me', XDG_CONFIG_HOME: '', PULP_BENCH_SYSTEM_CONFIG: '/opt/cli.toml'}, 'linux')).to.deep.equal(['/opt/cli.toml', '/home/me/.config/pulp/settings.toml', '/home/me/.config/pulp/cli.toml']);
    // click.get_app_dir('pulp') elsewhere
    expect(pulpCliConfigLocations({HOME: '/Users/me'}, 'darwin')[2]).to.equal('/Users/me/Library/Application Support/pulp/cli.toml');
  });

  it('later files override earlier ones key by key inside a section; sections come from any file', async () => {
    write(system, '[cli]\nbase_url = "https://system.example.com"\nusername = "system-user"\nverify_ssl = false\n\n[cli-stage]\nbase_url = "https://stage.example.com"\napi_root = "/api/pulp/"\n');
    write(user, '[cli]\nusername = "me"\npassword = "user-pass"\n');
    const merged = await resolveConnection({}, {configLocations: locations(), env: {HOME: tmp.dir}});
    expect(merged.urls.apiRoot).to.equal('https://system.example.com'); // from /etc
    expect(merged.username).to.equal('me'); // the user's file wins
    expect(merged.password).to.equal('user-pass');
    expect(merged.verifySsl).to.equal(false); // from /etc, not overridden
    const stage = await resolveConnection({profile: 'stage'}, {configLocations: locations(), env: {HOME: tmp.dir}});
    expect(stage.urls.apiRoot).to.equal('https://stage.example.com/api');
    expect(stage.username).to.equal('admin'); // [cli] values do not leak into [cli-stage]
    expect(stage.password).to.equal(undefined);
  });

  it('reads the deprecated settings.toml between them, with pulp-cli\'s warning', () => {
    write(system, '[cli]\nusername = "system"\ndomain = "sys"\n');
    write(settings, '[cli]\nusername = "settings"\npassword = "from-settings"\n');
    write(user, '[cli]\nusername = "user"\n');
    const profile = loadPulpCliProfile(undefined, {locations: locations(), note});
    expect(profile).to.include({username: 'user', password: 'from-settings', domain: 'sys'});
    expect(notes).to.deep.equal([`warning: using '${settings}' for the pulp-cli configuration is deprecated; please move it to '${user}'`]);
  });

  it('skips files that do not exist; with none at all there is no profile, and a named one is refused listing where it looked', async () => {
    expect(loadPulpCliProfile(undefined, {locations: locations()})).to.equal(undefined);
    const error = await failure(resolveConnection({profile: 'stage', 'api-root': 'https://h'}, {configLocations: locations(), env: {HOME: tmp.dir}}));
    expect(error).to.be.instanceOf(UsageError);
    expect(error.message).to.equal(`profile 'stage' ([cli-stage]) not found: no pulp-cli config at ${system}, ${settings} or ${user}`);
    // A path through a file (ENOTDIR) is skipped like a missing one.
    write(user, '[cli]\nusername = "u"\n');
    expect(loadPulpCliProfile(undefined, {locations: [path.join(user, 'cli.toml'), user]})?.username).to.equal('u');
  });

  it('the default profile [cli] exists even when no file has it, and is listed in errors', async () => {
    write(user, '[cli-stage]\nbase_url = "https://stage.example.com"\n');
    expect(loadPulpCliProfile(undefined, {locations: locations()})).to.deep.include({apiRoot: undefined, username: undefined});
    const error = await failure(resolveConnection({profile: 'prod'}, {configLocations: locations(), env: {HOME: tmp.dir}}));
    expect(error.message).to.equal(`profile 'prod' ([cli-prod]) not found in ${user} (known: the default [cli], stage)`);
  });

  it('--config reads only that file; it must exist and hold the profile, [cli] included', async () => {
    write(system, '[cli]\nbase_url = "https://system.example.com"\npassword = "system-pass"\n');
    const only = tmp.file('only.toml', '[cli]\nbase_url = "https://only.example.com"\n\n[cli-x]\nbase_url = "https://x.example.com"\n');
    const connection = await resolveConnection({config: only}, {configLocations: locations(), env: {HOME: tmp.dir}});
    expect(connection.urls.apiRoot).to.equal('https://only.example.com');
    expect(connection.password).to.equal(undefined); // /etc was not read
    expect((await resolveConnection({config: only, profile: 'x'}, {configLocations: locations(), env: {HOME: tmp.dir}})).urls.apiRoot).to.equal('https://x.example.com');

    const missing = await failure(resolveConnection({config: `${tmp.dir}/nope.toml`, 'api-root': 'https://h'}, {configLocations: locations()}));
    expect(missing).to.be.instanceOf(UsageError);
    expect(missing.message).to.equal(`--config ${tmp.dir}/nope.toml does not exist`);
    const noDefault = tmp.file('stage-only.toml', '[cli-stage]\nbase_url = "https://stage.example.com"\n');
    const refused = await failure(resolveConnection({config: noDefault, 'api-root': 'https://h'}, {configLocations: locations()}));
    expect(refused.message).to.equal(`the default profile [cli] not found in ${noDefault} (known: stage)`);
  });

  it('PULP_PROFILE still names a profile; --profile (or PULP_CLI_PROFILE, which oclif folds into it) wins', async () => {
    write(user, '[cli-a]\nbase_url = "https://a.example.com"\n\n[cli-b]\nbase_url = "https://b.example.com"\n');
    const byAlias = await resolveConnection({}, {configLocations: locations(), env: {HOME: tmp.dir, PULP_PROFILE: 'a'}});
    expect(byAlias.urls.apiRoot).to.equal('https://a.example.com');
    const byFlag = await resolveConnection({profile: 'b'}, {configLocations: locations(), env: {HOME: tmp.dir, PULP_PROFILE: 'a'}});
    expect(byFlag.urls.apiRoot).to.equal('https://b.example.com');
  });

  it('checks values as pulp-cli does, naming the file that set the key', async () => {
    write(system, '[cli]\nverify_ssl = "no"\n');
    write(user, '[cli]\nbase_url = "https://h"\n');
    const verify = await failure(resolveConnection({}, {configLocations: locations(), env: {HOME: tmp.dir}}));
    expect(verify.message).to.equal(`${system} [cli]: 'verify_ssl' must be true or false`);
    for (const [text, message] of [
      ['domain = "a b"', `${user} [cli]: 'domain' must be a slug (letters, digits, - and _)`],
      ['headers = "X-A: b"', `${user} [cli]: 'headers' must be a list of "Name: value" strings`],
      ['client_id = 7', `${user} [cli]: 'client_id' must be a string`],
    ]) {
      write(system, '');
      write(user, `[cli]\nbase_url = "https://h"\n${text}\n`);
      const error = await failure(resolveConnection({}, {configLocations: locations(), env: {HOME: tmp.dir}}));
      expect(error, text).to.be.instanceOf(UsageError);
      expect(error.message, text).to.equal(message);
    }
  });

  it('a broken default configuration is ignored, with a warning, when --api-root is given', async () => {
    write(user, '[cli\nbase_url = ');
    const connection = await resolveConnection({'api-root': 'https://h'}, {configLocations: locations(), env: {HOME: tmp.dir}, note});
    expect(connection.urls.apiRoot).to.equal('https://h');
    expect(notes).to.have.length(1);
    expect(notes[0]).to.match(new RegExp(`^warning: pulp-cli configuration ignored: pulp-cli config ${user} is not valid TOML`));
    expect(() => readPulpCliConfig({locations: locations()})).to.throw(UsageError, 'is not valid TOML');
  });
});
