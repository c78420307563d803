import {expect} from 'chai';
import {chmodSync} from 'node:fs';

import {resolveConnection} from '../../src/lib/connection.js';
import {UsageError} from '../../src/lib/errors.js';
import {apiRootFromPulpCli, loadPulpCliProfile} from '../../src/lib/profile.js';
import {failure} from '../helpers/failure.js';
import {tempDir} from '../helpers/tmp.js';

const PROFILE = `
[cli]
base_url = "https://default.example.com"
api_root = "/pulp/"
username = "profile-user"
password = "profile-pass"
verify_ssl = false

[cli-stage]
base_url = "https://stage.example.com/"
api_root = "/api/pulp/"
username = "stage-user"
domain = "acme"
`;


describe('connection resolution', () => {
  let tmp: ReturnType<typeof tempDir>;
  let profilePath: string;
  beforeEach(() => {
    tmp = tempDir();
    profilePath = tmp.file('cli.toml', PROFILE);
  });
  afterEach(() => tmp.cleanup());

  it('maps pulp-cli base_url + api_root onto --api-root', () => {
    expect(apiRootFromPulpCli('https://h', '/pulp/')).to.equal('https://h');
    expect(apiRootFromPulpCli('https://h/', '/api/pulp/')).to.equal('https://h/api');
    expect(() => apiRootFromPulpCli('https://h', '/custom/')).to.throw(UsageError, "does not end in 'pulp/'");
  });

  it('uses the [cli] profile when nothing else is given, with the profile defaults', async () => {
    const connection = await resolveConnection({}, {profilePath});
    expect(connection.urls.apiRoot).to.equal('https://default.example.com');
    expect(connection.username).to.equal('profile-user');
    expect(connection.password).to.equal('profile-pass');
    expect(connection.verifySsl).to.equal(false);
  });

  it('flag (or environment, which oclif folds into the flag) beats the profile', async () => {
    const connection = await resolveConnection({'api-root': 'https://flag.example.com', user: 'flag-user', 'verify-ssl': true}, {profilePath});
    expect(connection.urls.apiRoot).to.equal('https://flag.example.com');
    expect(connection.username).to.equal('flag-user');
    expect(connection.password).to.equal('profile-pass');
    expect(connection.verifySsl).to.equal(true);
  });

  it('a named profile reads [cli-NAME]; the default user is admin', async () => {
    const connection = await resolveConnection({profile: 'stage'}, {profilePath});
    expect(connection.urls.apiRoot).to.equal('https://stage.example.com/api');
    expect(connection.username).to.equal('stage-user');
    expect(connection.domain).to.equal('acme');
    const bare = await resolveConnection({'api-root': 'https://h'}, {profilePath: tmp.file('empty.toml', '')});
    expect(bare.username).to.equal('admin');
    expect(bare.verifySsl).to.equal(true);
  });

  it('an unknown profile names the known ones', async () => {
    const error = await failure(resolveConnection({profile: 'prod'}, {profilePath}));
    expect(error).to.be.instanceOf(UsageError);
    expect(error.message).to.equal(`profile 'prod' not found in ${profilePath} (known: stage)`);
  });

  it('invalid TOML is a usage error', () => {
    const broken = tmp.file('broken.toml', '[cli\nbase_url = ');
    expect(() => loadPulpCliProfile('x', broken)).to.throw(UsageError, 'is not valid TOML');
  });

  it('prompts for a missing password when it can, refuses when it cannot', async () => {
    const empty = tmp.file('none.toml', '');
    let asked = '';
    const prompted = await resolveConnection({'api-root': 'https://h', user: 'bob'}, {
      profilePath: empty,
      requiresCredentials: true,
      promptPassword: async (user, root) => {
        asked = `${user}@${root}`;
        return 'typed';
      },
    });
    expect(asked).to.equal('bob@https://h');
    expect(prompted.password).to.equal('typed');
    const error = await failure(resolveConnection({'api-root': 'https://h'}, {profilePath: empty, requiresCredentials: true}));
    expect(error).to.be.instanceOf(UsageError);
    expect(error.message).to.include('this command needs credentials: pass --password');
  });

  it('cert/key: missing or unreadable files are usage errors; a combined PEM needs no --key', async () => {
    const missing = await failure(resolveConnection({'api-root': 'https://h', cert: `${tmp.dir}/nope.pem`, key: `${tmp.dir}/nope.key`}));
    expect(missing.message).to.equal(`--cert ${tmp.dir}/nope.pem does not exist`);
    const cert = tmp.file('c.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const noKey = await failure(resolveConnection({'api-root': 'https://h', cert}));
    expect(noKey.message).to.include('holds no private key; pass --key too');
    const keyMissing = await failure(resolveConnection({'api-root': 'https://h', cert, key: `${tmp.dir}/k.pem`}));
    expect(keyMissing.message).to.equal(`--key ${tmp.dir}/k.pem does not exist`);
    const combined = tmp.file('both.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');
    const ok = await resolveConnection({'api-root': 'https://h', cert: combined}, {requiresCredentials: true});
    expect(ok.key).to.include('PRIVATE KEY');
    if (process.getuid?.() !== 0) {
      chmodSync(cert, 0o000);
      const unreadable = await failure(resolveConnection({'api-root': 'https://h', cert, key: combined}));
      expect(unreadable.message).to.equal(`--cert ${cert} is not readable`);
    }
  });

  it('rejects api roots that are not http(s) URLs', async () => {
    for (const [value, message] of [
      ['notaurl', "--api-root 'notaurl' is not a URL"],
      ['ftp://h/x', "--api-root must be an http:// or https:// URL, got 'ftp:'"],
      ['https://u:p@h', '--api-root must not contain credentials'],
      ['https://h/?x=1', 'must not have a query string'],
    ]) {
      const error = await failure(resolveConnection({'api-root': value}));
      expect(error, value).to.be.instanceOf(UsageError);
      expect(error.message, value).to.include(message);
    }
  });
});
