import {expect} from 'chai';
import {generateKeyPairSync, X509Certificate} from 'node:crypto';
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';

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

const CERT = readFileSync(new URL('../fixtures/self-signed.crt', import.meta.url), 'utf8');
const KEY = readFileSync(new URL('../fixtures/self-signed.key', import.meta.url), 'utf8');
const derFile = (tmp: ReturnType<typeof tempDir>) => {
  const file = `${tmp.dir}/c.der`;
  writeFileSync(file, new X509Certificate(CERT).raw);
  return file;
};

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

  it('an unknown profile names the known ones, the default [cli] among them', async () => {
    const error = await failure(resolveConnection({profile: 'prod'}, {profilePath}));
    expect(error).to.be.instanceOf(UsageError);
    expect(error.message).to.equal(`profile 'prod' ([cli-prod]) not found in ${profilePath} (known: the default [cli], stage)`);
  });

  it('invalid TOML is a usage error', () => {
    const broken = tmp.file('broken.toml', '[cli\nbase_url = ');
    expect(() => loadPulpCliProfile('x', {locations: [broken]})).to.throw(UsageError, `pulp-cli config ${broken} is not valid TOML`);
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
    const cert = tmp.file('c.pem', CERT);
    const noKey = await failure(resolveConnection({'api-root': 'https://h', cert}));
    expect(noKey.message).to.equal(`--cert ${cert} holds no private key; pass --key too`);
    const keyMissing = await failure(resolveConnection({'api-root': 'https://h', cert, key: `${tmp.dir}/k.pem`}));
    expect(keyMissing.message).to.equal(`--key ${tmp.dir}/k.pem does not exist`);
    const combined = tmp.file('both.pem', CERT + KEY);
    const ok = await resolveConnection({'api-root': 'https://h', cert: combined}, {requiresCredentials: true});
    expect(ok.key).to.include('PRIVATE KEY');
    expect(ok.cert).to.include('BEGIN CERTIFICATE');
    const keyFirst = await resolveConnection({'api-root': 'https://h', cert: tmp.file('key-first.pem', KEY + CERT)});
    expect(keyFirst.key).to.include('PRIVATE KEY');
    const separate = await resolveConnection({'api-root': 'http://h', cert, key: tmp.file('k.pem', KEY)});
    expect(separate.key).to.equal(KEY);
    if (process.getuid?.() !== 0) {
      chmodSync(cert, 0o000);
      const unreadable = await failure(resolveConnection({'api-root': 'https://h', cert, key: combined}));
      expect(unreadable.message).to.equal(`--cert ${cert} is not readable`);
    }
  });

  describe('cert/key contents are checked before any request, over http too', () => {
    const other = generateKeyPairSync('rsa', {modulusLength: 2048});
    const otherKey = other.privateKey.export({type: 'pkcs8', format: 'pem'}) as string;
    const cases: Array<{name: string; files: () => {cert: string; key?: string}; message: (files: {cert: string; key?: string}) => string | RegExp}> = [
      {name: 'a cert that is not PEM', files: () => ({cert: tmp.file('c.txt', 'hello, I am not a certificate\n'), key: tmp.file('k.pem', KEY)}), message: ({cert}) => `--cert ${cert} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line; convert DER with openssl x509 -inform der)`},
      {name: 'a DER cert', files: () => ({cert: derFile(tmp), key: tmp.file('k.pem', KEY)}), message: ({cert}) => `--cert ${cert} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line; convert DER with openssl x509 -inform der)`},
      {name: 'a key file given as --cert', files: () => ({cert: tmp.file('k-as-c.pem', KEY)}), message: ({cert}) => `--cert ${cert} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line; convert DER with openssl x509 -inform der)`},
      {name: 'a PEM certificate block that does not parse', files: () => ({cert: tmp.file('c.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'), key: tmp.file('k.pem', KEY)}), message: ({cert}) => new RegExp(`^--cert ${cert} holds no readable certificate \\(.+\\)$`)},
      {name: 'a key that is not PEM', files: () => ({cert: tmp.file('c.pem', CERT), key: tmp.file('k.txt', 'not a key')}), message: ({key}) => `--key ${key} is not a PEM private key (no "-----BEGIN … PRIVATE KEY-----" line)`},
      {name: 'a certificate given as --key', files: () => ({cert: tmp.file('c.pem', CERT), key: tmp.file('c2.pem', CERT)}), message: ({key}) => `--key ${key} is not a PEM private key (no "-----BEGIN … PRIVATE KEY-----" line)`},
      {name: 'a PEM key block that does not parse', files: () => ({cert: tmp.file('c.pem', CERT), key: tmp.file('k.pem', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n')}), message: ({key}) => new RegExp(`^--key ${key} holds no readable private key \\(.+\\)$`)},
      {name: 'a key of another certificate', files: () => ({cert: tmp.file('c.pem', CERT), key: tmp.file('other.pem', otherKey)}), message: ({cert, key}) => `--key ${key} does not belong to the certificate in --cert ${cert}`},
      {name: 'a combined PEM whose key is another', files: () => ({cert: tmp.file('both.pem', CERT + otherKey)}), message: ({cert}) => `the private key in --cert ${cert} does not belong to its certificate`},
      {name: 'an encrypted PKCS#8 key', files: () => ({cert: tmp.file('c.pem', CERT), key: tmp.file('enc.pem', other.privateKey.export({type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw'}) as string)}), message: ({key}) => `--key ${key} holds an encrypted private key and pulp-bench takes no passphrase; decrypt it first (openssl pkey -in FILE -out key.pem)`},
      {name: 'an encrypted traditional RSA key', files: () => ({cert: tmp.file('c.pem', CERT), key: tmp.file('enc-rsa.pem', other.privateKey.export({type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw'}) as string)}), message: ({key}) => `--key ${key} holds an encrypted private key and pulp-bench takes no passphrase; decrypt it first (openssl pkey -in FILE -out key.pem)`},
      {name: 'a folder as --cert', files: () => ({cert: tmp.dir}), message: ({cert}) => `--cert ${cert} is not a file`},
    ];
    for (const testCase of cases) {
      it(testCase.name, async () => {
        const files = testCase.files();
        const error = await failure(resolveConnection({'api-root': 'http://127.0.0.1:9', ...files}, {profilePath: tmp.file('none.toml', '')}));
        expect(error).to.be.instanceOf(UsageError);
        const message = testCase.message(files);
        if (typeof message === 'string') expect(error.message).to.equal(message);
        else expect(error.message).to.match(message);
      });
    }
  });

  it('empty or blank --api-root, --profile, --user, --cert, --key are usage errors naming the flag', async () => {
    for (const [flag, value] of [['api-root', ''], ['profile', ' '], ['user', ''], ['cert', '\t'], ['key', '']] as const) {
      const error = await failure(resolveConnection({'api-root': 'https://h', [flag]: value}, {profilePath}));
      expect(error, flag).to.be.instanceOf(UsageError);
      expect(error.message, flag).to.match(new RegExp(`^--${flag} is empty; give a value, e\\.g\\. --${flag} \\S+$`));
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
