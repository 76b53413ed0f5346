// Paired A/B statistics for the overhead benchmarks (bench/checkpoint-overhead.ts,
// bench/instrument-overhead.ts): the sides are run interleaved in rounds, each
// round gives one ratio per side (side time / base time of the same round, so
// load that drifts over seconds cancels), and the result is the median of the
// per-round ratios with a distribution-free 95% confidence interval from order
// statistics (the interval between the k-th smallest and k-th largest ratio,
// k from the binomial(n, 1/2) distribution), which outliers (a run preempted by
// another process) cannot drag.

/** A median ratio and its confidence interval. */
export interface Interval {
  /** Median of the per-round ratios. */
  ratio: number;
  /** 95% confidence interval of the median (order statistics). */
  lo: number;
  hi: number;
  /** Number of rounds (pairs). */
  n: number;
}

/** Verdict on a target "ratio at most T": met (whole interval below), missed (whole interval above), or not shown either way. */
export type Verdict = "met" | "missed" | "unclear";

/** log of n choose k. */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** P(X <= k) for X ~ binomial(n, 1/2). */
export function binomialCdfHalf(n: number, k: number): number {
  let p = 0;
  for (let i = 0; i <= k; i++) p += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, p);
}

/**
 * 1-based rank k such that [x_(k), x_(n+1-k)] of n sorted samples covers the
 * median with probability >= `confidence` (the largest such k); 0 when n is
 * too small for any interval (then the interval is the whole range).
 */
export function medianRank(n: number, confidence = 0.95): number {
  const alpha = 1 - confidence;
  let k = 0;
  // P(median < x_(k)) = P(Bin(n, 1/2) <= k - 1); both tails must stay within alpha / 2.
  while (k + 1 <= n / 2 && binomialCdfHalf(n, k) <= alpha / 2) k++;
  return k;
}

function sortedCopy(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** Median of `xs` with its order-statistics confidence interval. */
export function medianInterval(xs: readonly number[], confidence = 0.95): Interval {
  const s = sortedCopy(xs.filter((x) => Number.isFinite(x)));
  const n = s.length;
  if (n === 0) return { ratio: NaN, lo: NaN, hi: NaN, n: 0 };
  const mid = n >> 1;
  const med = n % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  const k = medianRank(n, confidence);
  return k === 0 ? { ratio: med, lo: s[0]!, hi: s[n - 1]!, n } : { ratio: med, lo: s[k - 1]!, hi: s[n - k]!, n };
}

/** Per-round ratios side[i] / base[i]. */
export function pairedRatios(side: readonly number[], base: readonly number[]): number[] {
  if (side.length !== base.length) throw new Error(`paired samples differ in length (${side.length} vs ${base.length})`);
  return side.map((x, i) => x / base[i]!);
}

/** The median paired ratio of `side` over `base` with its 95% interval. */
export function pairedInterval(side: readonly number[], base: readonly number[]): Interval {
  return medianInterval(pairedRatios(side, base));
}

/** Whether the interval shows a ratio at most `target`. */
export function verdict(iv: Interval, target: number): Verdict {
  if (iv.hi <= target) return "met";
  if (iv.lo > target) return "missed";
  return "unclear";
}

/** Rounds an interval for JSON (3 decimals for ratios, or `digits`). */
export function roundInterval(iv: Interval, digits = 3): Interval {
  const r = (x: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  return { ratio: r(iv.ratio), lo: r(iv.lo), hi: r(iv.hi), n: iv.n };
}

/** "1.021 (95% CI 0.990-1.043, 41 pairs)". */
export function formatInterval(iv: Interval, digits = 3): string {
  return `${iv.ratio.toFixed(digits)} (95% CI ${iv.lo.toFixed(digits)}-${iv.hi.toFixed(digits)}, ${iv.n} pairs)`;
}

/**
 * The order of the sides in round `round`: a shuffle seeded by the round
 * number (the same every time), so that over many rounds each side runs
 * first, last and right after each other side about equally often (a fixed
 * rotation would put a side always after the same neighbours, and a run
 * pays for what the one before left in the caches).
 */
export function roundOrder<T>(sides: readonly T[], round: number): T[] {
  let state = (round + 1) * 0x9e3779b9;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...sides];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
