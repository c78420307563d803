/** Reads one line from a terminal without echoing it (for passwords). */
import {createInterface} from 'node:readline';
import {Writable} from 'node:stream';

export interface PromptStreams {
  input: NodeJS.ReadableStream & {isTTY?: boolean};
  output: NodeJS.WritableStream;
}

export async function promptHidden(question: string, streams: PromptStreams): Promise<string> {
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
      rl.once('SIGINT', () => reject(new Error('password prompt interrupted')));
    });
  } finally {
    rl.close();
    streams.output.write('\n');
  }
}
