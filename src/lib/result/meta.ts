/** `meta` of a result document: the tool, the command line without secrets, when, where, and which server. */
import os from 'node:os';

import type {StatusSummary} from '../status.js';
import {isoMicros, nowUs} from '../time.js';
import type {ResultMeta} from './document.js';
import {redactArgv, withoutUserinfo} from './redact.js';

export interface MetaSource {
  command: string;
  argv: readonly string[];
  version: string;
  /** When the command started, µs since the epoch. */
  startedUs: number;
  /** Secret values in use, redacted wherever they appear in argv. */
  secrets?: Iterable<string | undefined>;
  server?: {apiRoot: string; status?: StatusSummary | null};
}

export function buildMeta(source: MetaSource, endedUs = nowUs()): ResultMeta {
  return {
    tool: {name: 'pulp-bench', version: source.version, node: process.version},
    command: source.command,
    argv: redactArgv(source.argv, {secrets: source.secrets}),
    startedAt: isoMicros(source.startedUs),
    endedAt: isoMicros(Math.max(endedUs, source.startedUs)),
    host: os.hostname(),
    server: source.server ? {apiRoot: withoutUserinfo(source.server.apiRoot), status: source.server.status ?? null} : null,
  };
}
