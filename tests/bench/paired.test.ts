// The statistics of the overhead benchmarks (bench/paired.ts): median of
// per-round ratios with an order-statistics 95% interval, verdicts against a
// target, and the rotating order of the sides.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { binomialCdfHalf, formatInterval, medianInterval, medianRank, pairedInterval, roundOrder, verdict } from "../../bench/paired.js";

describe("paired ratios", () => {
  it("ranks of the 95% interval of a median follow the binomial(n, 1/2) tails", () => {
    assert.equal(binomialCdfHalf(5, 0), 1 / 32);
    assert.equal(medianRank(5), 0); // 2 * 1/32 > 5%: no interval narrower than the range
    assert.equal(medianRank(6), 1); // P(Bin(6,1/2) <= 0) = 1/64 <= 2.5%
    assert.equal(medianRank(20), 6); // the textbook value: x_(6)..x_(15)
    assert.equal(medianRank(45), 16);
  });

  it("takes the median of the per-round ratios, not the ratio of medians", () => {
    // The load doubles in round 3; pairing keeps the ratio at 1.1 for every round.
    const base = [100, 100, 200, 200, 200, 100];
    const side = base.map((x) => x * 1.1);
    const iv = pairedInterval(side, base);
    assert.ok(Math.abs(iv.ratio - 1.1) < 1e-12 && Math.abs(iv.lo - 1.1) < 1e-12 && Math.abs(iv.hi - 1.1) < 1e-12);
    assert.equal(iv.n, 6);
  });

  it("an outlier round moves neither the median nor the interval much", () => {
    const xs = [1.01, 1.0, 1.02, 0.99, 1.01, 1.0, 1.03, 1.01, 1.0, 1.02, 1.01, 0.99, 1.0, 1.02, 1.01, 1.0, 1.01, 1.02, 1.0, 3.5];
    const iv = medianInterval(xs);
    assert.equal(iv.ratio, 1.01);
    assert.equal(iv.lo, 1.0);
    assert.equal(iv.hi, 1.02); // x_(6) and x_(15) of the 20 sorted ratios
    assert.equal(formatInterval(iv), "1.010 (95% CI 1.000-1.020, 20 pairs)");
  });

  it("verdict: met when the whole interval is within the target, missed when all of it is above", () => {
    assert.equal(verdict({ ratio: 1.02, lo: 1.0, hi: 1.04, n: 40 }, 1.05), "met");
    assert.equal(verdict({ ratio: 1.04, lo: 1.02, hi: 1.06, n: 40 }, 1.05), "unclear");
    assert.equal(verdict({ ratio: 1.08, lo: 1.06, hi: 1.1, n: 40 }, 1.05), "missed");
  });

  it("shuffles the sides each round, the same way every time, each side after each other about equally often", () => {
    const sides = ["a", "b", "c", "d"];
    assert.deepEqual(roundOrder(sides, 7), roundOrder(sides, 7));
    const after = new Map<string, number>();
    for (let r = 0; r < 1200; r++) {
      const o = roundOrder(sides, r);
      assert.deepEqual([...o].sort(), sides);
      for (let i = 1; i < o.length; i++) after.set(o[i - 1]! + o[i]!, (after.get(o[i - 1]! + o[i]!) ?? 0) + 1);
    }
    // 12 ordered neighbour pairs, 3 per round: 300 each on average.
    assert.equal(after.size, 12);
    for (const [pair, n] of after) assert.ok(n > 240 && n < 360, `${pair}: ${n}`);
  });
});
