// The whole handover matrix (`npm run test:handover`; not part of npm test,
// which runs the sample in handover.test.ts): for every program of
// ../shared/workloads, 10 checkpoints at pseudo-random instruction counts
// spread over the run, each taken on one runtime and resumed on the next of
// ROTATION (node, bun, deno and the WASI build under node:wasi), then a chain of 5 hops across runtimes. Stdout of all
// hops, exit code, trap line and output files must equal the uninterrupted
// run's. FERRY_HANDOVER_ONLY=name,... restricts the programs.

import assert from "node:assert/strict";
import process from "node:process";
import { describe, it } from "node:test";
import { availableRuntimes, chain, chainSteps, checkpointPoints, comparable, handover, PROGRAMS, reference, seedOf } from "./handover-helpers.js";

const POINTS = 10;
const HOPS = 5;
const runtimes = availableRuntimes();
const at = (i: number) => runtimes[i % runtimes.length]!;
const only = process.env.FERRY_HANDOVER_ONLY?.split(",").map((s) => s.trim()).filter((s) => s !== "");
const programs = only === undefined ? PROGRAMS : PROGRAMS.filter((p) => only.some((o) => p.name.startsWith(o)));

describe(`handover matrix on ${runtimes.join(", ")}`, { concurrency: 2 }, () => {
  for (const p of programs) {
    it(`${p.name}: ${POINTS} checkpoints each resumed on the next runtime, and a chain of ${HOPS} hops`, () => {
      const ref = reference(p);
      const points = checkpointPoints(ref.total, POINTS, seedOf(p.name));
      assert.equal(new Set(points).size, POINTS, `distinct points over ${ref.total} instructions`);
      points.forEach((n, i) => {
        const r = handover(p, n, at(i), at(i + 1));
        assert.match(r.stderrs[0]!, /checkpoint after \d+ instructions/, `${p.name}: no checkpoint after ${n} on ${at(i)}: ${r.stderrs[0]}`);
        assert.deepEqual(comparable(r), comparable(ref), `${p.name}: checkpoint after ${n} of ${ref.total} on ${at(i)}, resumed on ${at(i + 1)}`);
      });
      const steps = chainSteps(ref.total, HOPS, seedOf(`${p.name} chain`));
      const hops = Array.from({ length: HOPS + 1 }, (_, k) => at(k + 1));
      const c = chain(p, steps, hops);
      for (let k = 0; k < HOPS; k++) assert.match(c.stderrs[k]!, /checkpoint after \d+ instructions/, `${p.name}: chain hop ${k} on ${hops[k]}`);
      assert.deepEqual(comparable(c), comparable(ref), `${p.name}: chain ${steps.join(", ")} over ${hops.join(" -> ")}`);
    });
  }
});
