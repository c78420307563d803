/**
 * checkHistogramPayload: the checks an encoded HdrHistogram from a result file must pass before hdr-histogram-js
 * decodes it. The library trusts the payload: it inflates without a size limit (a few MB of base64 can inflate to
 * gigabytes), reads past the end of a payload whose declared length lies, and sizes its last loop by the zero runs
 * the payload declares (one run of 2^50 empty buckets keeps it busy for ever, and Ctrl-C cannot stop a loop).
 * So the payload is inflated here with a limit, its header is checked, and its counts are walked once — each zero
 * run and count must stay inside the bucket array the header's own parameters give, and the counts must add up to
 * the document's `count` — before the library sees it.
 *
 * The V2 compressed form (HdrHistogram's, shared by its Java, Go and JS ports): an 8-byte envelope (cookie, length of
 * the zlib stream), then the zlib stream of a 40-byte header (cookie, payload length, normalizing offset, significant
 * digits, lowest discernible value, highest trackable value, conversion ratio) and the payload: ZigZag LEB128 words,
 * a count each, or minus the length of a run of empty buckets.
 */
import {inflateSync} from 'node:zlib';

/** The largest honest payload: 5 significant digits over 1 µs – 2^53 µs is ~43 MB; 3 digits (ours) is ~0.4 MB. */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
const HEADER_BYTES = 40;
const ENVELOPE_COOKIE_BASE = 0x1c_84_93_04;
const PAYLOAD_COOKIE_BASE = 0x1c_84_93_03;
/** Each bucket of the decoded histogram is 32 bits wide. */
const MAX_BUCKET_COUNT = 2 ** 32 - 1;

/** Why the payload cannot be decoded, or undefined when it can. */
export function histogramPayloadProblem(encoded: string, significantDigits: number, declaredCount: number): string | undefined {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < 8 || (bytes.readUInt32BE(0) & ~0xf0) !== ENVELOPE_COOKIE_BASE) return 'not the V2 compressed encoding';
  const compressedLength = bytes.readUInt32BE(4);
  if (compressedLength > bytes.length - 8) return `the envelope declares ${compressedLength} compressed bytes but holds ${bytes.length - 8}`;
  let data: Buffer;
  try {
    data = inflateSync(bytes.subarray(8, 8 + compressedLength), {maxOutputLength: MAX_INFLATED_BYTES});
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return `it inflates to more than ${MAX_INFLATED_BYTES / 2 ** 20} MiB`;
    return `the compressed data is damaged (${(error as Error).message})`;
  }
  if (data.length < HEADER_BYTES || (data.readUInt32BE(0) & ~0xf0) !== PAYLOAD_COOKIE_BASE) return 'the inflated data is not a V2 encoding';
  const payloadLength = data.readUInt32BE(4);
  if (payloadLength > data.length - HEADER_BYTES) return `the header declares a payload of ${payloadLength} bytes but it holds ${data.length - HEADER_BYTES}`;
  const digits = data.readUInt32BE(12);
  if (digits !== significantDigits) return `it has ${digits} significant digits, but significantDigits is ${significantDigits}`;
  const lowest = data.readUInt32BE(16) * 2 ** 32 + data.readUInt32BE(20);
  const highest = data.readUInt32BE(24) * 2 ** 32 + data.readUInt32BE(28);
  if (lowest < 1 || lowest > Number.MAX_SAFE_INTEGER || highest < 2 * lowest || highest > 2 ** 64) return `an impossible value range (${lowest} to ${highest})`;
  return walkCounts(data.subarray(HEADER_BYTES, HEADER_BYTES + payloadLength), bucketsFor(digits, lowest, highest), declaredCount);
}

/** How many buckets a histogram of these parameters has (HdrHistogram's layout: sub-buckets of powers of two). */
function bucketsFor(digits: number, lowest: number, highest: number): number {
  const subBucketCount = 2 ** Math.max(1, Math.ceil(Math.log2(2 * 10 ** digits)));
  let covered = subBucketCount * 2 ** Math.floor(Math.log2(lowest));
  let magnitudes = 1;
  while (covered <= highest && covered <= Number.MAX_SAFE_INTEGER / 2) {
    covered *= 2;
    magnitudes++;
  }
  if (covered <= highest) magnitudes++;
  return (magnitudes + 1) * (subBucketCount / 2);
}

/** Walks the ZigZag LEB128 words: every bucket written lies inside `buckets`, and the counts add up to `declared`. */
function walkCounts(payload: Buffer, buckets: number, declared: number): string | undefined {
  let position = 0;
  let index = 0;
  let total = 0;
  while (position < payload.length) {
    let raw = 0;
    let shift = 1;
    let byte: number;
    let size = 0;
    do {
      if (position >= payload.length) return 'the payload ends inside a number';
      byte = payload[position++];
      size++;
      // LEB128-64b9B: the ninth byte carries 8 bits.
      raw += (size === 9 ? byte : byte & 0x7f) * shift;
      shift *= 128;
    } while (size < 9 && (byte & 0x80) !== 0);
    // ZigZag: even = a count, odd = minus a run of empty buckets.
    const value = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    if (value < 0) index += -value;
    else {
      if (value > MAX_BUCKET_COUNT) return `a bucket count of ${value} is more than a bucket holds (${MAX_BUCKET_COUNT})`;
      total += value;
      index++;
    }
    if (index > buckets) return `the payload runs past the ${buckets} buckets its header declares`;
  }
  if (total !== declared) return `it holds ${total} values but count is ${declared}`;
  return undefined;
}
