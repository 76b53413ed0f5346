// The memory section (id 5) of a snapshot file, left on disk by
// openSnapshotFile (file-reader.ts) and streamed straight into the restored
// VM's memory: the pages are read in blocks of whole chunks into one small
// reusable buffer, checksummed while they are in cache and copied once to
// their place. No buffer the size of the memory is ever allocated (the first
// touch of fresh memory costs about as much as the copy itself). The CRC-32
// of the whole payload and every page index are checked as in format.ts; a
// mismatch is a SnapshotError with the same message as decode's.

import { closeSync, readSync } from "node:fs";
import { crc32 } from "./crc32.js";
import { SnapshotError } from "./errors.js";
import { PAGE } from "./model.js";

/** Bytes of one stored page in the memory section: u32 page index + the page. */
export const CHUNK = 4 + PAGE;

/** Chunks read per block (4 MiB). */
const BLOCK_CHUNKS = 64;

/** Where one memory's chunks are in the file. */
export interface MemoryLayout {
  pages: number;
  chunks: number;
  /** File offset of the first chunk. */
  offset: number;
}

/** Where one memory goes: its bytes in VM memory, valid for the whole stream (no VM call may run meanwhile). */
export interface MemoryTarget {
  u8: Uint8Array;
  base: number;
  /** Pages below this may hold old contents: those not stored are cleared; pages from here up are already zero. */
  dirtyPages: number;
}

/** Fills `buf` from `fd` at `pos` (pread, continuing after short reads); SnapshotError if the file ends first. */
export function readFully(fd: number, buf: Uint8Array, pos: number, what: string): void {
  let done = 0;
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, pos + done);
    if (n <= 0) throw new SnapshotError(`${what} is truncated`);
    done += n;
  }
}

/** An open snapshot file's memory section, not yet read. */
export class MemorySource {
  private closed = false;

  /**
   * `fd` is owned (closed by `close`, or after `streamInto`); `heads` are the
   * payload bytes that are not chunks, in payload order: the memory count,
   * then each memory's pages and chunk count (checksummed with the chunks).
   */
  constructor(
    private readonly fd: number,
    readonly layouts: MemoryLayout[],
    private readonly heads: Uint8Array[],
    private readonly crc: number,
  ) {}

  /** Stored (non-zero) pages of memory `i`. */
  storedPages(i: number): number {
    return this.layouts[i]!.chunks;
  }

  /**
   * Reads every memory's pages into `targets` (one per memory, in order) and
   * clears the pages below each target's `dirtyPages` that are not stored.
   * SnapshotError on a CRC-32 mismatch or a bad page index; the targets are
   * then partly written. Closes the file.
   */
  streamInto(targets: MemoryTarget[]): void {
    if (targets.length !== this.layouts.length) throw new SnapshotError(`${this.layouts.length} memories, ${targets.length} targets`);
    const block = new Uint8Array(Math.min(BLOCK_CHUNKS, Math.max(1, ...this.layouts.map((l) => l.chunks))) * CHUNK);
    let crc = crc32(this.heads[0]!);
    let bad: string | undefined;
    try {
      this.layouts.forEach((l, i) => {
        const t = targets[i]!;
        crc = crc32(this.heads[i + 1]!, crc);
        let next = 0;
        for (let k = 0; k < l.chunks; k += BLOCK_CHUNKS) {
          const n = Math.min(BLOCK_CHUNKS, l.chunks - k);
          const buf = block.subarray(0, n * CHUNK);
          readFully(this.fd, buf, l.offset + k * CHUNK, "memory section");
          crc = crc32(buf, crc);
          if (bad !== undefined) continue;
          const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
          for (let c = 0; c < n; c++) {
            const page = v.getUint32(c * CHUNK, true);
            if (page >= l.pages || page < next) {
              bad = `memory section: page ${page} of memory ${i} is out of order or out of range`;
              break;
            }
            if (page > next && next < t.dirtyPages) t.u8.fill(0, t.base + next * PAGE, t.base + Math.min(page, t.dirtyPages) * PAGE);
            t.u8.set(buf.subarray(c * CHUNK + 4, (c + 1) * CHUNK), t.base + page * PAGE);
            next = page + 1;
          }
        }
        if (bad === undefined && next < t.dirtyPages) t.u8.fill(0, t.base + next * PAGE, t.base + Math.min(l.pages, t.dirtyPages) * PAGE);
      });
    } finally {
      this.close();
    }
    if (crc !== this.crc) throw new SnapshotError("memory section is corrupt (CRC-32 mismatch)");
    if (bad !== undefined) throw new SnapshotError(bad);
  }

  /** Closes the file (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
