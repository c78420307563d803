/**
 * Standard output that cannot be written — a reader that closed the pipe (`| head`), a full disk (`> /dev/full`) —
 * ends the run with one line on stderr and exit 2, never a stack trace or a hang.
 */
import {ExitCode} from './errors.js';

const REASONS: Record<string, string> = {EPIPE: 'the reader closed the pipe', ENOSPC: 'no space left on the device', EBADF: 'it is closed'};

export function watchStandardOutput(): void {
  // Before @oclif/core's own listener, which swallows EPIPE (the run would go on writing) and rethrows the rest.
  process.stdout.prependListener('error', (error: NodeJS.ErrnoException) => {
    const code = error.code ?? 'error';
    try {
      process.stderr.write(`Error: cannot write to standard output (${code}: ${REASONS[code] ?? error.message})\n`);
    } catch {
      // stderr is gone too: the exit code has to speak
    }
    process.exit(ExitCode.usage);
  });
}
