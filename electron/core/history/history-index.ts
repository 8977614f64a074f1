// Where each kept record's line is in the history file: three numbers per record in typed
// arrays (12 bytes), so 100,000 records cost 1.2 MB and no per-record objects. The records
// themselves stay on disk and are read back a page at a time (history-reader.ts).
//
// Positions count kept records, oldest first, from 0. A record keeps its position when a newer
// version of it is appended (update()): only its byte range changes. Dropping the oldest past
// the cap shifts positions down; `sequence()` numbers do not shift, which is what page cursors
// hold (a cursor taken before new calls arrived still points at the same call).

/** One record's line: where it starts in the file and how many bytes it has (no newline). */
export interface LineRange {
  offset: number;
  length: number;
}

const INITIAL_CAPACITY = 256;

export class RecordIndex {
  // Uint32 while the file is under 4 GiB (always, in practice: the cap keeps it to megabytes);
  // a larger offset switches to Float64, exact up to 2^53.
  private offsets: Uint32Array | Float64Array = new Uint32Array(INITIAL_CAPACITY);
  private lengths = new Uint32Array(INITIAL_CAPACITY);
  /** idHash(id) of each record: finds a record by id without keeping the ids. */
  private hashes = new Uint32Array(INITIAL_CAPACITY);
  private first = 0;
  private end = 0;
  /** Records dropped from the front since this index began: sequence = dropped + position. */
  private dropped = 0;

  get count(): number {
    return this.end - this.first;
  }

  /** The sequence number of the record at `position` (stable while newer records arrive). */
  sequence(position: number): number {
    return this.dropped + position;
  }

  /** The position of sequence number `sequence`, clamped to 0…count. */
  positionOf(sequence: number): number {
    return Math.max(0, Math.min(this.count, sequence - this.dropped));
  }

  range(position: number): LineRange {
    const at = this.first + position;
    return { offset: this.offsets[at]!, length: this.lengths[at]! };
  }

  push(offset: number, length: number, hash: number): void {
    if (this.end === this.offsets.length) this.grow();
    this.fit(offset);
    this.offsets[this.end] = offset;
    this.lengths[this.end] = length;
    this.hashes[this.end] = hash;
    this.end += 1;
  }

  /** A newer version of the record at `position` is at this range now. */
  replace(position: number, offset: number, length: number): void {
    this.fit(offset);
    const at = this.first + position;
    this.offsets[at] = offset;
    this.lengths[at] = length;
  }

  private fit(offset: number): void {
    if (offset <= 0xffffffff || this.offsets instanceof Float64Array) return;
    this.offsets = Float64Array.from(this.offsets);
  }

  /** Forgets the oldest records beyond `cap`. */
  keepNewest(cap: number): void {
    const excess = this.count - cap;
    if (excess <= 0) return;
    this.first += excess;
    this.dropped += excess;
  }

  /** Positions whose id hash is `hash`, newest first (a hash may be shared: check the id). */
  *positionsWithHash(hash: number): Generator<number> {
    for (let at = this.end - 1; at >= this.first; at -= 1) {
      if (this.hashes[at] === hash) yield at - this.first;
    }
  }

  hashAt(position: number): number {
    return this.hashes[this.first + position]!;
  }

  /** An empty index whose first record will have the sequence number this one's has. */
  emptyLike(): RecordIndex {
    const next = new RecordIndex();
    next.dropped = this.dropped;
    next.reserve(this.count, true);
    return next;
  }

  /** Gives back the unused tail of the arrays (after a load, which grew them by doubling). */
  trim(): void {
    this.reserve(this.count, true);
  }

  private grow(): void {
    // Dropped records at the front (the cap at work) make room in place once they are a
    // quarter of the arrays; otherwise grow by a quarter, not double: at 100,000 records
    // doubling would hold 1.2 MB of slack.
    if (this.first >= this.offsets.length / 4) {
      this.offsets.copyWithin(0, this.first, this.end);
      this.lengths.copyWithin(0, this.first, this.end);
      this.hashes.copyWithin(0, this.first, this.end);
      this.end -= this.first;
      this.first = 0;
      return;
    }
    this.reserve(this.count + Math.max(INITIAL_CAPACITY, Math.ceil(this.count / 4)));
  }

  private reserve(capacity: number, exact = false): void {
    if (!exact && capacity <= this.offsets.length - this.first) return;
    const size = Math.max(capacity, this.count, 1);
    const offsets =
      this.offsets instanceof Float64Array ? new Float64Array(size) : new Uint32Array(size);
    const lengths = new Uint32Array(size);
    const hashes = new Uint32Array(size);
    offsets.set(this.offsets.subarray(this.first, this.end));
    lengths.set(this.lengths.subarray(this.first, this.end));
    hashes.set(this.hashes.subarray(this.first, this.end));
    this.offsets = offsets;
    this.lengths = lengths;
    this.hashes = hashes;
    this.end -= this.first;
    this.first = 0;
  }
}

/** FNV-1a over the id's UTF-16 units: cheap, and collisions only cost an extra read. */
export function idHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
