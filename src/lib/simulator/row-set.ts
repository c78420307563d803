/**
 * A set of row numbers iterated in increasing order (= `pulp_created` order): a two-level bitset, so the
 * tasks a worker may claim are found oldest first without sorting, and a backlog of millions costs bits.
 */
export class RowSet {
  private words = new Uint32Array(64);
  /** Bit w of summary word s: words[s * 32 + w] is non-zero. */
  private summary = new Uint32Array(2);
  size = 0;
  /** No member is below this (keeps `next(0)` from scanning the long-emptied past). */
  private low = 0;

  private ensure(row: number): void {
    const word = row >>> 5;
    if (word < this.words.length) return;
    let length = this.words.length;
    while (length <= word) length *= 2;
    const words = new Uint32Array(length);
    words.set(this.words);
    this.words = words;
    const summary = new Uint32Array(Math.ceil(length / 32));
    summary.set(this.summary);
    this.summary = summary;
  }

  has(row: number): boolean {
    const word = row >>> 5;
    return word < this.words.length && (this.words[word] & (1 << (row & 31))) !== 0;
  }

  add(row: number): void {
    this.ensure(row);
    const word = row >>> 5;
    const bit = 1 << (row & 31);
    if (this.words[word] & bit) return;
    this.words[word] |= bit;
    if (row < this.low) this.low = row;
    this.summary[word >>> 5] |= 1 << (word & 31);
    this.size++;
  }

  delete(row: number): void {
    const word = row >>> 5;
    if (word >= this.words.length) return;
    const bit = 1 << (row & 31);
    if (!(this.words[word] & bit)) return;
    this.words[word] &= ~bit;
    if (this.words[word] === 0) this.summary[word >>> 5] &= ~(1 << (word & 31));
    this.size--;
  }

  /** The smallest member ≥ `from`, or -1. */
  next(from: number): number {
    if (from <= this.low) {
      const found = this.scan(this.low);
      this.low = found < 0 ? this.words.length * 32 : found;
      return found;
    }
    return this.scan(from);
  }

  private scan(from: number): number {
    let word = from >>> 5;
    if (word >= this.words.length) return -1;
    const first = this.words[word] & (~0 << (from & 31));
    if (first !== 0) return (word << 5) + lowestBit(first);
    word++;
    let summaryIndex = word >>> 5;
    if (summaryIndex >= this.summary.length) return -1;
    let bits = this.summary[summaryIndex] & (word & 31 ? ~0 << (word & 31) : ~0);
    for (;;) {
      if (bits !== 0) {
        const found = (summaryIndex << 5) + lowestBit(bits);
        return (found << 5) + lowestBit(this.words[found]);
      }
      summaryIndex++;
      if (summaryIndex >= this.summary.length) return -1;
      bits = this.summary[summaryIndex];
    }
  }
}

/** Index of the lowest set bit of a non-zero 32-bit value. */
function lowestBit(value: number): number {
  return 31 - Math.clz32(value & -value);
}
