/**
 * One size limit per response body, counted in decoded bytes (after gzip/deflate/brotli) as they stream in, so a
 * compressed bomb or an endless body is cut off at the limit and memory stays bounded.
 */
import {StringDecoder} from 'node:string_decoder';

import {BadServerResponseError} from './errors.js';

/** Default limit of one decoded response body: far above a 1,000-task page (~0.3 MB with the analysis's fields). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** `64 MiB`, `512 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** The answer was larger than the limit (exit 5; `bad-body` in load-test failure counts). */
export function bodyTooLargeError(url: string, limitBytes: number, status: number): BadServerResponseError {
  return new BadServerResponseError(`unusable answer from ${url.replace(/[?#].*$/s, '')}: the body is larger than the ${formatBytes(limitBytes)} limit of one response (decoded); cut off`, status, 'bad-body');
}

/** Decodes a UTF-8 body chunk by chunk while counting its bytes against a limit. */
export class LimitedBodyText {
  private readonly decoder = new StringDecoder('utf8');
  private text = '';
  bytes = 0;

  constructor(readonly limitBytes: number) {}

  /** Adds a chunk; false (and nothing added) once the body would pass the limit. */
  add(chunk: Buffer): boolean {
    this.bytes += chunk.length;
    if (this.bytes > this.limitBytes) return false;
    this.text += this.decoder.write(chunk);
    return true;
  }

  /** Whether a declared Content-Length already exceeds the limit (only meaningful for an uncompressed body). */
  declaredTooLarge(contentLength: string | undefined, contentEncoding: string | undefined): boolean {
    if (contentLength === undefined || (contentEncoding !== undefined && contentEncoding !== 'identity')) return false;
    return Number(contentLength) > this.limitBytes;
  }

  finish(): string {
    return this.text + this.decoder.end();
  }
}
