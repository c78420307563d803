/** Reads one line from a terminal without echoing it (for passwords). */
import {createInterface} from 'node:readline';
import {Writable} from 'node:stream';

import {InterruptedError} from './errors.js';

export interface PromptStreams {
  input: NodeJS.ReadableStream & {isTTY?: boolean};
  output: NodeJS.WritableStream;
}

/**
 * Asks on `streams.output` and reads a line from the terminal without echo. Ctrl-C at the prompt, or `stop` firing
 * (SIGTERM, SIGHUP), ends it with a quiet InterruptedError: the user meant to leave, nothing more needs saying.
 */
export async function promptHidden(question: string, streams: PromptStreams, stop?: {signal: AbortSignal; received?: string}): Promise<string> {
  streams.output.write(question);
  // readline echoes typed characters to its output; give it one that swallows them.
  const muted = new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
  const rl = createInterface({input: streams.input, output: muted, terminal: true});
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.once('line', (line) => resolve(line));
      rl.once('close', () => reject(new Error('input closed before a password was entered')));
      rl.once('SIGINT', () => reject(new InterruptedError('interrupted at the password prompt', 'SIGINT', {quiet: true})));
      const onStop = () => reject(new InterruptedError('interrupted at the password prompt', stop?.received ?? 'SIGINT', {quiet: true}));
      if (stop?.signal.aborted) onStop();
      stop?.signal.addEventListener('abort', onStop, {once: true});
      rl.once('close', () => stop?.signal.removeEventListener('abort', onStop));
    });
  } finally {
    rl.close();
    streams.output.write('\n');
  }
}
