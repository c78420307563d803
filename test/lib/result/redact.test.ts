import {expect} from 'chai';

import {REDACTED, redactArgv, redactHeader, withoutUserinfo} from '../../../src/lib/result/redact.js';

describe('redactArgv: the command line of a result document, without secrets', () => {
  it('secret flags, in both --flag value and --flag=value forms', () => {
    const argv = ['--api-root', 'https://pulp.example.com/api', '--password', 's3cret', '--client-secret=oauth-s3cret', '--key-password', 'pem-pass', '--token=abc123', '--api-key', 'k-1', '-c', '5'];
    expect(redactArgv(argv)).to.deep.equal([
      '--api-root',
      'https://pulp.example.com/api',
      '--password',
      REDACTED,
      `--client-secret=${REDACTED}`,
      '--key-password',
      REDACTED,
      `--token=${REDACTED}`,
      '--api-key',
      REDACTED,
      '-c',
      '5',
    ]);
  });

  it('keeps what is not a secret: --token-url (a URL), --key and --cert (file names), --client-id, --user', () => {
    const argv = ['--token-url', 'https://sso.example.com/token', '--key', 'k.pem', '--cert=c.pem', '--client-id', 'svc', '--user', 'admin'];
    expect(redactArgv(argv)).to.deep.equal(argv);
  });

  it('--header values, whatever the header (the name stays): Authorization, cookies, identities, tokens', () => {
    const argv = ['--header', 'Authorization: Bearer eyJhbGciOi', '--header=Cookie: session=abc', '--header', 'X-RH-IDENTITY:eyJpZGVudGl0eSI6', '--header', 'X-Api-Token: t0k', '--header', 'no colon here'];
    expect(redactArgv(argv)).to.deep.equal([
      '--header',
      `Authorization: ${REDACTED}`,
      `--header=Cookie: ${REDACTED}`,
      '--header',
      `X-RH-IDENTITY: ${REDACTED}`,
      '--header',
      `X-Api-Token: ${REDACTED}`,
      '--header',
      REDACTED,
    ]);
  });

  it('user information in any URL, wherever it is', () => {
    expect(redactArgv(['--api-root', 'https://admin:pw@pulp.example.com:8443/api', '--endpoint=http://u@h/x', '--body', '{"url": "https://a:b@c.example/d"}'])).to.deep.equal([
      '--api-root',
      'https://pulp.example.com:8443/api',
      '--endpoint=http://h/x',
      '--body',
      '{"url": "https://c.example/d"}',
    ]);
    expect(withoutUserinfo('https://user:p%40ss@host/path?q=a@b')).to.equal('https://host/path?q=a@b');
    expect(withoutUserinfo('no url here: a@b')).to.equal('no url here: a@b');
  });

  it('secret query parameters of any URL (--token-url with ?client_secret=, an endpoint with &access_token=)', () => {
    expect(redactArgv(['--token-url', 'https://sso.example.com/token?client_secret=qsecretXYZ&scope=api', '--endpoint=/pulp/api/v3/x/?access_token=t0k&page=2'])).to.deep.equal([
      '--token-url',
      `https://sso.example.com/token?client_secret=${REDACTED}&scope=api`,
      `--endpoint=/pulp/api/v3/x/?access_token=${REDACTED}&page=2`,
    ]);
    expect(withoutUserinfo('https://h/x?a=1&Password=p&api_key=k#frag')).to.equal(`https://h/x?a=1&Password=${REDACTED}&api_key=${REDACTED}#frag`);
    expect(withoutUserinfo('https://h/x?q=token')).to.equal('https://h/x?q=token');
  });

  it('a secret value in use never shows, whichever flag carried it (values from the environment or a profile are not in argv at all)', () => {
    const argv = ['--body', '{"password": "hunter22"}', '--endpoint', '/x?key=hunter22', 'hunter22', '--', '--password', 'hunter22'];
    const redacted = redactArgv(argv, {secrets: ['hunter22', undefined, '']});
    expect(redacted.join(' ')).not.to.include('hunter22');
    expect(redacted).to.deep.equal(['--body', `{"password": "${REDACTED}"}`, '--endpoint', `/x?key=${REDACTED}`, REDACTED, '--', '--password', REDACTED]);
  });

  it('short known secrets are redacted only where they are a whole token (not inside every word)', () => {
    expect(redactArgv(['--target', 'purge', 'pw'], {secrets: ['pw']})).to.deep.equal(['--target', 'purge', REDACTED]);
    expect(redactArgv(['--body', '{"pwd": 1}'], {secrets: ['pw']})).to.deep.equal(['--body', '{"pwd": 1}']);
  });

  it('after --, tokens are values: no flag handling, but URLs and known secrets are still scrubbed; a secret flag at the end has no value to hide', () => {
    expect(redactArgv(['--', '--header', 'https://u:p@h/'])).to.deep.equal(['--', '--header', 'https://h/']);
    expect(redactArgv(['--json', '--password'])).to.deep.equal(['--json', '--password']);
    expect(redactArgv(['-'])).to.deep.equal(['-']);
  });

  it('does not modify its input', () => {
    const argv = ['--password', 'x'];
    redactArgv(argv);
    expect(argv).to.deep.equal(['--password', 'x']);
  });

  it('redactHeader keeps the name only', () => {
    expect(redactHeader('Authorization:Basic YWRtaW46cGFzc3dvcmQ=')).to.equal(`Authorization: ${REDACTED}`);
    expect(redactHeader(':nothing')).to.equal(REDACTED);
  });
});
