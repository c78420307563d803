import {expect} from 'chai';

import {httpError} from '../../src/lib/http-errors.js';
import {renderStatus} from '../../src/lib/render/status.js';
import {plainView} from '../../src/lib/render/view.js';
import {escapeServerText} from '../../src/lib/server-text.js';
import {statusLine, summariseStatus} from '../../src/lib/status.js';
import {statusFixture} from '../helpers/status-fixture.js';

const ESC = '\u001b';
const answer = (status: number, body: string, contentType = 'application/json') => ({url: 'https://pulp.example.com/x/', status, headers: {'content-type': contentType}, body, seconds: 0});

describe('server text shown to the user', () => {
  it('escapes C0/C1 controls, DEL, separators and bidi overrides visibly; leaves the rest', () => {
    expect(escapeServerText(`a${ESC}[2Jb`)).to.equal('a\\x1b[2Jb');
    expect(escapeServerText('tab\there\nnew\rline\u0000\u007f\u009b31m')).to.equal('tab\\x09here\\x0anew\\x0dline\\x00\\x7f\\x9b31m');
    expect(escapeServerText('evil\u202Etxt.exe\u2028x')).to.equal('evil\\u202etxt.exe\\u2028x');
    expect(escapeServerText('41@pulp-worker-7c9d · 3.116.0 — ünïcödé ✓')).to.equal('41@pulp-worker-7c9d · 3.116.0 — ünïcödé ✓');
    expect(escapeServerText(escapeServerText(`${ESC}]0;title\u0007`))).to.equal('\\x1b]0;title\\x07'); // idempotent
  });

  it('error details, HTML titles and plain bodies in messages are escaped', () => {
    expect(httpError(answer(403, JSON.stringify({detail: `no${ESC}[31m red`}))).message).to.equal('permission denied by https://pulp.example.com/x/ (403: no\\x1b[31m red)');
    expect(httpError(answer(500, `<html><title>Oops${ESC}[2J</title></html>`, 'text/html')).message).to.equal("server error 500 from https://pulp.example.com/x/: an HTML page ('Oops\\x1b[2J')");
    expect(httpError(answer(502, `bad\u009bgateway`, 'text/plain')).message).to.equal('server error 502 from https://pulp.example.com/x/: bad\\x9bgateway');
  });

  it('status: versions and names are escaped in the line and the tables (the JSON keeps them as sent)', async () => {
    const status = statusFixture({
      versions: [{component: 'core', version: `3.116.0${ESC}[2J`}, {component: `file${ESC}[31m`, version: '1.0'}],
      online_workers: [{name: `41@host${ESC}]0;pwned\u0007`, last_heartbeat: '2026-01-05T09:00:01Z'}],
    }) as unknown as Parameters<typeof summariseStatus>[0];
    const summary = summariseStatus(status);
    expect(summary.coreVersion).to.equal(`3.116.0${ESC}[2J`);
    expect(statusLine(summary)).to.match(/^Pulp core 3\.116\.0\\x1b\[2J · 1 worker/);
    const text = await renderStatus('https://pulp.example.com', summary, plainView(80));
    expect(text).not.to.include(ESC);
    expect(text).not.to.include('\u0007');
    expect(text).to.include('41@host\\x1b]0;pwned\\x07');
    expect(text).to.include('file\\x1b[31m');
  });
});
