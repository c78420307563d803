/**
 * `-` as a result file: the document piped into standard input (`pulp-bench task-analysis --json | pulp-bench report
 * show -`), bounded as files are. Refused on a terminal (nobody types a result document; waiting would look like a
 * hang) and the second time (a stream is read once: `report compare - -` cannot work).
 */
import {UsageError} from '../errors.js';

let consumed = false;

export async function readStdinBounded(maxBytes: number, stream: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (stream.isTTY) throw new UsageError('- reads a result document from standard input, which is a terminal: pipe one in (… --json | pulp-bench report show -) or give a file');
  if (consumed) throw new UsageError('- (standard input) can be given once: give the other results as files');
  consumed = true;
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      length += (chunk as Buffer).length;
      if (length > maxBytes) throw new UsageError(`standard input holds more than ${Math.round(maxBytes / 2 ** 20)} MiB: result documents over 256 MiB are refused`);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read standard input: ${(error as Error).message}`);
  } finally {
    // Stop reading what is left beyond the limit.
    stream.pause();
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
