/** A live one-line progress display on stderr, shown only when stderr is a terminal. */

export function startProgress(line: () => string, everyMs = 500): () => void {
  if (!process.stderr.isTTY) return () => {};
  const timer = setInterval(() => process.stderr.write(`\r\u001B[2K${line()}`), everyMs);
  return () => {
    clearInterval(timer);
    process.stderr.write('\r\u001B[2K');
  };
}
