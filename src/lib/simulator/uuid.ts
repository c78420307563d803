/** UUIDv7 (time-ordered, as Pulp's task ids) and UUIDv4 strings from given random words. */

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

/**
 * UUIDv7 from a millisecond timestamp and three random 32-bit words:
 * 48 bits time · version 7 · 12 bits random · variant 10 · 62 bits random.
 */
export function uuid7(ms: number, a: number, b: number, c: number): string {
  const high = Math.floor(ms / 0x10000);
  const low = ms % 0x10000;
  return `${hex(high, 8)}-${hex(low, 4)}-7${hex(a & 0xfff, 3)}-${hex(0x8000 | ((a >>> 12) & 0x3fff), 4)}-${hex(b & 0xffff, 4)}${hex(c, 8)}`;
}

/** The millisecond timestamp inside a UUIDv7 string, or undefined when it is not one. */
export function uuid7Millis(id: string): number | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return undefined;
  return parseInt(id.slice(0, 8), 16) * 0x10000 + parseInt(id.slice(9, 13), 16);
}

export function uuid4(): string {
  return crypto.randomUUID();
}

export const UUID_PATTERN = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
