import {expect} from 'chai';
import {PassThrough} from 'node:stream';

import {passwordPrompter} from '../../src/lib/base-command.js';
import {InterruptedError} from '../../src/lib/errors.js';
import {promptHidden} from '../../src/lib/prompt.js';

function fakeTerminal(isTTY: boolean) {
  const input = Object.assign(new PassThrough(), {isTTY, setRawMode: () => input});
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk) => (written += chunk.toString()));
  return {input, output, written: () => written};
}

describe('password prompt', () => {
  it('reads a line without echoing it', async () => {
    const terminal = fakeTerminal(true);
    const answer = promptHidden('Password: ', terminal);
    terminal.input.write('s3cret-value\n');
    expect(await answer).to.equal('s3cret-value');
    expect(terminal.written()).to.equal('Password: \n');
    expect(terminal.written()).not.to.include('s3cret');
  });

  it('is offered on a terminal and not otherwise', async () => {
    const terminal = fakeTerminal(true);
    const prompter = passwordPrompter(terminal);
    expect(prompter).to.be.a('function');
    const answer = prompter!('admin', 'https://h');
    terminal.input.write('pw\n');
    expect(await answer).to.equal('pw');
    expect(terminal.written()).to.include('Password for admin at https://h: ');
    expect(passwordPrompter(fakeTerminal(false))).to.equal(undefined);
  });

  it('Ctrl-C at the prompt is a quiet interruption (exit 130); a stop signal ends it with its own code', async () => {
    const terminal = fakeTerminal(true);
    const answer = promptHidden('Password: ', terminal);
    terminal.input.write('\u0003');
    const error = await answer.catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(InterruptedError);
    expect(error).to.deep.include({exitCode: 130, signal: 'SIGINT', quiet: true});

    const other = fakeTerminal(true);
    const controller = new AbortController();
    const stop = {signal: controller.signal, received: 'SIGTERM'};
    const pending = promptHidden('Password: ', other, stop);
    controller.abort();
    const stopped = await pending.catch((caught: unknown) => caught);
    expect(stopped).to.be.instanceOf(InterruptedError);
    expect(stopped).to.deep.include({exitCode: 143, signal: 'SIGTERM', quiet: true});
  });

  it('fails cleanly when input closes first', async () => {
    const terminal = fakeTerminal(true);
    const answer = promptHidden('Password: ', terminal);
    terminal.input.end();
    let message = '';
    await answer.catch((error: Error) => (message = error.message));
    expect(message).to.equal('input closed before a password was entered');
  });
});
