// Float -> integer conversion checks and saturating conversions. The native
// conversion of an out-of-range value would trap in the outer runtime (or be
// implementation-defined), so the interpreter always range-checks first.
// Every helper takes an f64: promoting an f32 is exact, so one set of bounds
// serves both widths. NaN fails every range check; callers test it first only
// on the (rare) failure path to pick the message.

/** True if trunc(x) fits in i32 (false for NaN). */
// @ts-ignore: decorator
@inline export function fitsI32(x: f64): bool {
  return x > -2147483649.0 && x < 2147483648.0;
}

/** True if trunc(x) fits in u32 (false for NaN). */
// @ts-ignore: decorator
@inline export function fitsU32(x: f64): bool {
  return x > -1.0 && x < 4294967296.0;
}

/** True if trunc(x) fits in i64 (false for NaN); -2^63 is the smallest f64 that does. */
// @ts-ignore: decorator
@inline export function fitsI64(x: f64): bool {
  return x >= -9223372036854775808.0 && x < 9223372036854775808.0;
}

/** True if trunc(x) fits in u64 (false for NaN). */
// @ts-ignore: decorator
@inline export function fitsU64(x: f64): bool {
  return x > -1.0 && x < 18446744073709551616.0;
}

/** i32.trunc_sat_*_s: NaN -> 0, out of range -> the nearest bound. */
// @ts-ignore: decorator
@inline export function satI32(x: f64): i32 {
  if (fitsI32(x)) return <i32>x;
  if (x != x) return 0;
  return x < 0 ? i32.MIN_VALUE : i32.MAX_VALUE;
}

/** i32.trunc_sat_*_u. */
// @ts-ignore: decorator
@inline export function satU32(x: f64): u32 {
  if (fitsU32(x)) return <u32>x;
  if (x != x) return 0;
  return x < 0 ? 0 : u32.MAX_VALUE;
}

/** i64.trunc_sat_*_s. */
// @ts-ignore: decorator
@inline export function satI64(x: f64): i64 {
  if (fitsI64(x)) return <i64>x;
  if (x != x) return 0;
  return x < 0 ? i64.MIN_VALUE : i64.MAX_VALUE;
}

/** i64.trunc_sat_*_u. */
// @ts-ignore: decorator
@inline export function satU64(x: f64): u64 {
  if (fitsU64(x)) return <u64>x;
  if (x != x) return 0;
  return x < 0 ? 0 : u64.MAX_VALUE;
}
