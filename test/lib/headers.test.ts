import {expect} from 'chai';

import {resolveConnection} from '../../src/lib/connection.js';
import {UsageError} from '../../src/lib/errors.js';
import {hasAuthorizationHeader, parseHeader, resolveHeaders} from '../../src/lib/headers.js';
import {failure} from '../helpers/failure.js';
import {tempDir} from '../helpers/tmp.js';

const IDENTITY = 'eyJpZGVudGl0eSI6eyJ4NTA5Ijp7InN1YmplY3RfZG4iOiJzZWNyZXQtc3ViamVjdCJ9fX0=';

describe('extra headers: --header "Name: value" and the profile\'s headers', () => {
  it('splits at the first colon and trims, as pulp-cli does', () => {
    expect(parseHeader(`X-RH-IDENTITY: ${IDENTITY}`, '--header')).to.deep.equal(['X-RH-IDENTITY', IDENTITY]);
    expect(parseHeader('X-Time:10:00:00', '--header')).to.deep.equal(['X-Time', '10:00:00']);
    expect(parseHeader('  Correlation-ID :  abc  ', '--header')).to.deep.equal(['Correlation-ID', 'abc']);
  });

  it('refuses bad syntax with a usage error that names the header or its position, never the value', () => {
    for (const [text, message] of [
      ['no-colon-secret-value', '--header is not "Name: value" (no colon); e.g. --header "X-RH-IDENTITY: eyJp…"'],
      [': secret-value', '--header is not "Name: value" (no name before the colon); e.g. --header "X-RH-IDENTITY: eyJp…"'],
      ['Bad Name: secret-value', `--header has an invalid header name (letters, digits and !#$%&'*+-.^_\`|~ only); e.g. --header "X-RH-IDENTITY: eyJp…"`],
      ['X-Empty:   ', '--header (X-Empty) has an empty value'],
      ['X-Line: secret\r\nvalue', '--header (X-Line) has a value with control characters (a line break, NUL, …)'],
      ['Host: secret-value', "--header sets Host, which pulp-bench's HTTP client sets itself"],
      ['Content-Length: 5', "--header sets Content-Length, which pulp-bench's HTTP client sets itself"],
    ]) {
      const error = (() => {
        try {
          parseHeader(text, '--header');
        } catch (error_) {
          return error_ as Error;
        }
        throw new Error(`accepted ${text}`);
      })();
      expect(error, text).to.be.instanceOf(UsageError);
      expect(error.message, text).to.equal(message);
      expect(error.message).not.to.include('secret');
    }
  });

  it('profile headers come first, --header values after; a later header replaces one of the same name (any case)', () => {
    const headers = resolveHeaders(['X-RH-IDENTITY: from-profile', 'X-Team: pulp'], 'cli.toml [cli]', ['x-rh-identity: from-flag', 'X-Run: 7']);
    expect(headers).to.deep.equal({'x-rh-identity': 'from-flag', 'X-Team': 'pulp', 'X-Run': '7'});
    expect(resolveHeaders(undefined, 'p', undefined)).to.equal(undefined);
    expect(() => resolveHeaders(['X-A: 1', 'oops'], '/etc/pulp/cli.toml [cli]', undefined)).to.throw(UsageError, '/etc/pulp/cli.toml [cli] headers[1] is not "Name: value"');
    expect(() => resolveHeaders(undefined, 'p', ['X-A: 1', 'oops'])).to.throw(UsageError, '--header #2 is not "Name: value"');
    expect(hasAuthorizationHeader({authorization: 'Bearer x'})).to.equal(true);
    expect(hasAuthorizationHeader({'X-A': '1'})).to.equal(false);
  });

  it('resolveConnection merges profile headers and --header, and refuses a bad one before any request', async () => {
    const tmp = tempDir();
    try {
      const profilePath = tmp.file('cli.toml', `[cli]\nbase_url = "https://h"\nheaders = ["X-RH-IDENTITY: ${IDENTITY}", "X-Team: pulp"]\n`);
      const connection = await resolveConnection({header: ['X-Team: bench']}, {profilePath, env: {HOME: tmp.dir}});
      expect(connection.headers).to.deep.equal({'X-RH-IDENTITY': IDENTITY, 'X-Team': 'bench'});
      const bad = await failure(resolveConnection({header: ['X-A 1']}, {profilePath, env: {HOME: tmp.dir}}));
      expect(bad).to.be.instanceOf(UsageError);
      expect(bad.message).to.equal('--header is not "Name: value" (no colon); e.g. --header "X-RH-IDENTITY: eyJp…"');
      const badProfile = tmp.file('bad.toml', '[cli]\nbase_url = "https://h"\nheaders = ["X-A: 1", "X-B"]\n');
      const error = await failure(resolveConnection({}, {profilePath: badProfile, env: {HOME: tmp.dir}}));
      expect(error.message).to.equal(`${badProfile} [cli] headers[1] is not "Name: value" (no colon); e.g. --header "X-RH-IDENTITY: eyJp…"`);
    } finally {
      tmp.cleanup();
    }
  });
});
