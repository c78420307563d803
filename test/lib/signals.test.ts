import {expect} from 'chai';

import {EARLY_SIGNALS, signalExitCode, StopSignals} from '../../src/lib/signals.js';

describe('stop signals', () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[EARLY_SIGNALS];
  });

  it('exit codes are 128 + the signal number', () => {
    expect([signalExitCode('SIGHUP'), signalExitCode('SIGINT'), signalExitCode('SIGTERM')]).to.deep.equal([129, 130, 143]);
  });

  it('a signal held while the CLI loaded is the command\'s first: it aborts at once and listeners hear it', () => {
    let released = 0;
    (globalThis as Record<symbol, unknown>)[EARLY_SIGNALS] = {
      release: () => {
        released++;
        return 'SIGTERM';
      },
    };
    const second: string[] = [];
    const stop = new StopSignals((name) => second.push(name)).install();
    try {
      expect(released).to.equal(1);
      expect(stop.received).to.equal('SIGTERM');
      expect(stop.signal.aborted).to.equal(true);
      const heard: string[] = [];
      stop.onStop((name) => heard.push(name));
      expect(heard).to.deep.equal(['SIGTERM']);
      stop.handle('SIGINT'); // a further signal goes to the exit-at-once path
      expect(second).to.deep.equal(['SIGINT']);
    } finally {
      stop.dispose();
    }
  });

  it('without a held signal nothing happens until one comes', () => {
    const stop = new StopSignals(() => {}).install();
    try {
      expect(stop.received).to.equal(undefined);
      expect(stop.signal.aborted).to.equal(false);
      stop.handle('SIGHUP');
      expect(stop.received).to.equal('SIGHUP');
      expect(stop.signal.aborted).to.equal(true);
    } finally {
      stop.dispose();
    }
  });
});
