/** Ctrl-C handling for long runs: the first SIGINT asks the run to wind down, a second one exits at once (130). */
import {ExitCode} from './errors.js';

export function onInterrupt(first: () => void): () => void {
  let interrupted = false;
  const handler = () => {
    if (interrupted) {
      process.stderr.write('\ninterrupted again: exiting\n');
      process.exit(ExitCode.interrupted);
    }
    interrupted = true;
    first();
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

/** Resolves at the first SIGINT or SIGTERM: for commands that serve until stopped (simulate, demo --keep). */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
