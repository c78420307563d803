import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

/** A temporary folder removed by the returned cleanup function. */
export function tempDir(prefix = 'pulp-bench-test-'): {dir: string; file: (name: string, text: string) => string; cleanup: () => void} {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dir,
    file(name, text) {
      const target = path.join(dir, name);
      writeFileSync(target, text);
      return target;
    },
    cleanup: () => rmSync(dir, {force: true, recursive: true}),
  };
}
