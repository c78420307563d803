import {expect} from 'chai';

import {resolveConnection} from '../../src/lib/connection.js';
import {UsageError} from '../../src/lib/errors.js';
import {netrcEntry, netrcPath, parseNetrc} from '../../src/lib/netrc.js';
import {failure} from '../helpers/failure.js';
import {tempDir} from '../helpers/tmp.js';

const NETRC = `# credentials for the benchmarks
machine other.example.com login someone password other-pass

machine pulp.example.com
  login bench
  password "pw with spaces"
macdef init
machine fake.example.com login macro password in-a-macro

machine 127.0.0.1 login admin password loopback-pass
default login anon password default-pass
`;

describe('.netrc for HTTP Basic credentials', () => {
  let tmp: ReturnType<typeof tempDir>;
  let file: string;
  beforeEach(() => {
    tmp = tempDir();
    file = tmp.file('netrc', NETRC);
  });
  afterEach(() => tmp.cleanup());

  it('parses machine and default entries, quoted tokens, comments, and skips macdef bodies', () => {
    const {machines, fallback} = parseNetrc(NETRC, file);
    expect(machines.get('pulp.example.com')).to.deep.equal({file, login: 'bench', password: 'pw with spaces'});
    expect(machines.get('other.example.com')).to.deep.equal({file, login: 'someone', password: 'other-pass'});
    expect(machines.has('fake.example.com')).to.equal(false);
    expect(fallback).to.deep.equal({file, login: 'anon', password: 'default-pass'});
    expect(netrcEntry('PULP.example.com', file)?.password).to.equal('pw with spaces');
    expect(netrcEntry('elsewhere.example.com', file)?.login).to.equal('anon');
    expect(netrcEntry('h', `${tmp.dir}/missing`)).to.equal(undefined);
  });

  it('~/.netrc by default, NETRC when set', () => {
    expect(netrcPath({HOME: '/home/me'})).to.equal('/home/me/.netrc');
    expect(netrcPath({HOME: '/home/me', NETRC: '/etc/bench.netrc'})).to.equal('/etc/bench.netrc');
  });

  it('a broken file is a usage error naming the file and line, never its contents', () => {
    const broken = tmp.file('broken', 'machine h login me password s3cr3t-value\nlogin\n');
    expect(() => netrcEntry('h', broken)).to.throw(UsageError, `${broken}: line 2: 'login' has no value`);
    const odd = tmp.file('odd', 'machine h\nlogn me password s3cr3t-value\n');
    const error = (() => {
      try {
        netrcEntry('h', odd);
      } catch (error_) {
        return error_ as Error;
      }
      throw new Error('accepted');
    })();
    expect(error.message).to.equal(`${odd}: line 2: unexpected token (expected machine, default, login, password, account or macdef)`);
    expect(error.message).not.to.include('s3cr3t');
  });

  it("gives the api-root host's password and login when none is given otherwise", async () => {
    const env = {HOME: tmp.dir, NETRC: file};
    const connection = await resolveConnection({'api-root': 'https://pulp.example.com:8443/api'}, {profilePath: tmp.file('none.toml', ''), env, requiresCredentials: true});
    expect(connection.username).to.equal('bench');
    expect(connection.password).to.equal('pw with spaces');
    // Another host gets the default entry.
    const other = await resolveConnection({'api-root': 'https://unknown.example.com'}, {profilePath: tmp.file('none.toml', ''), env});
    expect([other.username, other.password]).to.deep.equal(['anon', 'default-pass']);
  });

  it('is not used when a password is given, nor when its login is not the user asked for', async () => {
    const env = {HOME: tmp.dir, NETRC: file};
    const none = tmp.file('none.toml', '');
    const given = await resolveConnection({'api-root': 'https://pulp.example.com', password: 'flag-pass'}, {profilePath: none, env});
    expect([given.username, given.password]).to.deep.equal(['admin', 'flag-pass']);
    const fromProfile = await resolveConnection({}, {profilePath: tmp.file('p.toml', '[cli]\nbase_url = "https://pulp.example.com"\npassword = "profile-pass"\n'), env});
    expect(fromProfile.password).to.equal('profile-pass');
    const otherUser = await resolveConnection({'api-root': 'https://pulp.example.com', user: 'alice'}, {profilePath: none, env});
    expect([otherUser.username, otherUser.password]).to.deep.equal(['alice', undefined]);
    const sameUser = await resolveConnection({'api-root': 'https://pulp.example.com', user: 'bench'}, {profilePath: none, env});
    expect(sameUser.password).to.equal('pw with spaces');
    const refused = await failure(resolveConnection({'api-root': 'https://pulp.example.com', user: 'alice'}, {profilePath: none, env, requiresCredentials: true}));
    expect(refused.message).to.include('this command needs credentials');
  });
});
