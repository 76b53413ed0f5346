// Cross-runtime handover, a sample small enough for npm test (the whole
// matrix is tests/migrate/handover-matrix.ts, `npm run test:handover`): a
// workload checkpointed at 10 pseudo-random points, each resumed on another
// runtime; a chain of 5 hops; a stream with an input and an output file open
// at the checkpoint; stdin shared across hops; a trap after the move. The
// outcome (stdout of all hops, exit code, trap line, output files) must be
// that of the uninterrupted run.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, copyFileSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { availableRuntimes, chain, chainSteps, checkpointPoints, comparable, ferryIn, handover, program, reference, seedOf } from "./handover-helpers.js";

const runtimes = availableRuntimes();
const next = (i: number) => runtimes[i % runtimes.length]!;

describe("handover across runtimes (sample)", () => {
  it("fib 22: 10 checkpoints spread over the run, each resumed on the next runtime", () => {
    const p = program("fib 22");
    const ref = reference(p);
    const points = checkpointPoints(ref.total, 10, seedOf(p.name));
    assert.equal(new Set(points).size, 10);
    points.forEach((n, i) => {
      const r = handover(p, n, next(i), next(i + 1));
      assert.match(r.stderrs[0]!, /checkpoint after \d+ instructions/, `${n} on ${next(i)}`);
      assert.deepEqual(comparable(r), comparable(ref), `checkpoint after ${n} on ${next(i)}, resumed on ${next(i + 1)}`);
    });
  });

  it("pi 200000: a chain of 5 hops across runtimes", () => {
    const p = program("pi 200000");
    const ref = reference(p);
    const steps = chainSteps(ref.total, 5, seedOf(p.name));
    const r = chain(p, steps, [0, 1, 2, 3, 4, 5].map(next));
    for (let i = 0; i < 5; i++) assert.match(r.stderrs[i]!, /checkpoint after \d+ instructions/, `hop ${i}`);
    assert.deepEqual(comparable(r), comparable(ref));
  });

  it("stream: an input and an output file open at the checkpoint both continue on another runtime", () => {
    const p = program("stream stream-small.in stream-small.out 50");
    const ref = reference(p);
    const dir = mkdtempSync(join(tmpdir(), "ferry-stream-"));
    try {
      copyFileSync(p.module.replace(/stream\.wasm$/, "stream-small.in"), join(dir, "stream-small.in"));
      const snap = join(dir, "s.snap");
      const first = ferryIn(next(0), ["run", "--checkpoint-after", String(Math.floor(ref.total / 2)), "--snapshot", snap, "--dir", ".", p.module, "--", ...p.args], dir, "ignore");
      assert.equal(first.status, 0, first.stderr);
      const info = JSON.parse(ferryIn("node", ["inspect", "--json", snap], dir, "ignore").stdout) as { wasi: { fds: Array<{ guestPath: string; offset: number }> } };
      const open = info.wasi.fds.filter((f) => f.guestPath.startsWith("stream-small."));
      assert.deepEqual(open.map((f) => f.guestPath).sort(), ["stream-small.in", "stream-small.out"]);
      assert.ok(open.every((f) => f.offset > 0), "both files are part-way through");
      const rest = ferryIn(next(1), ["resume", snap], dir, "ignore");
      assert.equal(rest.status, 0, rest.stderr);
      assert.equal(first.stdout + rest.stdout, ref.stdout);
      const hash = createHash("sha256").update(readFileSync(join(dir, "stream-small.out"))).digest("hex");
      assert.equal(hash, ref.outputs["stream-small.out"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("wc: stdin shared by the hops like a shell redirect is read on from where the first hop stopped", () => {
    const p = program("wc");
    const ref = reference(p);
    assert.match(ref.stdout, /^lines=\d+ words=\d+ bytes=\d+ crc32=[0-9a-f]+\n$/);
    const r = handover(p, Math.floor(ref.total * 0.6), next(1), next(2));
    assert.match(r.stderrs[0]!, /checkpoint after \d+ instructions/);
    assert.deepEqual(comparable(r), comparable(ref));
  });

  it("traps div0: the trap comes after the move, with the same message and exit code 3", () => {
    const p = program("traps div0");
    const ref = reference(p);
    assert.equal(ref.status, 3);
    const r = handover(p, ref.total - 1, next(2), next(0));
    assert.match(r.stderrs[0]!, /checkpoint after \d+ instructions/);
    assert.equal(r.stdout, "before div0\n", "printed before the checkpoint, not again after it");
    assert.deepEqual(comparable(r), comparable(ref));
  });
});
