/**
 * Files pulp-bench writes are written under a temporary name beside the target and renamed when complete, so an
 * interrupted or failed run never leaves a truncated file that looks valid.
 */
import {once} from 'node:events';
import {createWriteStream} from 'node:fs';
import {rename, rm} from 'node:fs/promises';
import path from 'node:path';

import {UsageError} from './errors.js';

/** Writes through `produce(write)` into `target` atomically; resolves once the file is in place. */
export async function writeFileAtomically(target: string, produce: (write: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  const stream = createWriteStream(temporary);
  const failed = once(stream, 'error').then(([error]) => {
    throw new UsageError(`cannot write ${target}: ${(error as Error).message}`);
  });
  failed.catch(() => {}); // observed below; never an unhandled rejection
  const write = async (text: string) => {
    if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
  };
  try {
    await produce(write);
    stream.end();
    await Promise.race([once(stream, 'finish'), failed]);
    await rename(temporary, target).catch((error: Error) => {
      throw new UsageError(`cannot write ${target}: ${error.message}`);
    });
  } catch (error) {
    stream.destroy();
    await rm(temporary, {force: true});
    throw error;
  }
}
