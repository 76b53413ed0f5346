// poll_oneoff: clock subscriptions sleep (relative and absolute), fd
// subscriptions are ready at once (with the bytes left for a file), bad fds
// and clocks are reported per event, and no subscriptions is EINVAL.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { E, ENGINES, makeBench } from "./harness.js";
import type { Bench } from "./harness.js";

type Sub = { userdata: bigint } & ({ clock: number; timeout: bigint; abs?: boolean } | { fd: number; write?: boolean });

/** Writes subscriptions; returns [in, out, nevents] pointers. */
function subscriptions(b: Bench, subs: Sub[]): [number, number, number] {
  const inp = b.alloc(48 * subs.length);
  const v = b.view();
  subs.forEach((s, i) => {
    const at = inp + 48 * i;
    v.setBigUint64(at, s.userdata, true);
    if ("clock" in s) {
      v.setUint8(at + 8, 0);
      v.setUint32(at + 16, s.clock, true);
      v.setBigUint64(at + 24, s.timeout, true);
      v.setUint16(at + 40, s.abs ? 1 : 0, true);
    } else {
      v.setUint8(at + 8, s.write ? 2 : 1);
      v.setUint32(at + 16, s.fd, true);
    }
  });
  return [inp, b.alloc(32 * subs.length), b.alloc(4)];
}

/** The events written: [userdata, error, type, nbytes]. */
function events(b: Bench, out: number, n: number): Array<[bigint, number, number, bigint]> {
  return Array.from({ length: n }, (_, i) => [b.u64(out + 32 * i), b.u16(out + 32 * i + 8), b.u8(out + 32 * i + 10), b.u64(out + 32 * i + 16)]);
}

for (const [name, makeEngine, skip] of ENGINES) {
  describe(`WASI poll_oneoff (${name} engine)`, { skip }, () => {
    it("a relative clock subscription sleeps for its timeout", () => {
      const { bench: b, box } = makeBench(makeEngine());
      try {
        const [inp, out, nev] = subscriptions(b, [{ userdata: 7n, clock: 1, timeout: 30_000_000n }, { userdata: 8n, clock: 1, timeout: 10_000_000_000n }]);
        const t0 = performance.now();
        assert.equal(b.call("poll_oneoff", inp, out, 2, nev), E.SUCCESS);
        const elapsed = performance.now() - t0;
        assert.ok(elapsed >= 29 && elapsed < 5000, `slept ${elapsed} ms`);
        assert.equal(b.u32(nev), 1);
        assert.deepEqual(events(b, out, 1), [[7n, 0, 0, 0n]]);
      } finally {
        box.cleanup();
      }
    });

    it("an absolute clock subscription in the past fires at once", () => {
      const { bench: b, box } = makeBench(makeEngine());
      try {
        const [inp, out, nev] = subscriptions(b, [{ userdata: 1n, clock: 0, timeout: 1n, abs: true }]);
        const t0 = performance.now();
        assert.equal(b.call("poll_oneoff", inp, out, 1, nev), E.SUCCESS);
        assert.ok(performance.now() - t0 < 1000);
        assert.deepEqual(events(b, out, b.u32(nev)), [[1n, 0, 0, 0n]]);
      } finally {
        box.cleanup();
      }
    });

    it("fd subscriptions are ready at once; bad fds and clocks are per-event errors", () => {
      const { bench: b, box } = makeBench(makeEngine());
      try {
        writeFileSync(join(box.dir, "f.txt"), "0123456789");
        const [, fd] = b.open("f.txt");
        b.read(fd, 4);
        const [inp, out, nev] = subscriptions(b, [
          { userdata: 1n, fd, write: false },
          { userdata: 2n, fd: 1, write: true },
          { userdata: 3n, fd: 99 },
          { userdata: 4n, clock: 1, timeout: 60_000_000_000n },
          { userdata: 5n, clock: 17, timeout: 0n },
        ]);
        const t0 = performance.now();
        if (b.target === "node:wasi") {
          // libuv cannot poll a regular file: node:wasi fails the whole call (see wasi-build-bench.ts).
          assert.equal(b.call("poll_oneoff", inp, out, 5, nev), E.PERM);
          return;
        }
        assert.equal(b.call("poll_oneoff", inp, out, 5, nev), E.SUCCESS);
        assert.ok(performance.now() - t0 < 1000, "did not wait for the clock");
        assert.deepEqual(events(b, out, b.u32(nev)), [[1n, 0, 1, 6n], [2n, 0, 2, 0n], [3n, E.BADF, 1, 0n], [5n, E.INVAL, 0, 0n]]);
      } finally {
        box.cleanup();
      }
    });

    it("no subscriptions is EINVAL; a bad pointer is EFAULT", () => {
      const { bench: b, box } = makeBench(makeEngine());
      try {
        const p = b.alloc(64);
        assert.equal(b.call("poll_oneoff", p, p, 0, p), E.INVAL);
        assert.equal(b.call("poll_oneoff", 4 * 65536 - 8, p, 1, p), E.FAULT);
      } finally {
        box.cleanup();
      }
    });
  });
}
