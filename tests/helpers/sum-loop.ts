// The loop the slice and budget tests count on (exact-stop, inexact-slice,
// armed-loop, fuel): sum(n) adds 3n, 3(n-1), ... 3; its body is one fast
// segment of 12 instructions (loop header to br_if), so slice and budget ends
// fall inside it at known places.

import { wat } from "./wat.js";

export const SUM_LOOP = wat(`
  (module (func (export "sum") (param i32) (result i32) (local i32)
    (loop
      (local.set 1 (i32.add (local.get 1) (i32.mul (local.get 0) (i32.const 3))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if 0 (local.get 0)))
    (local.get 1)))
`);
