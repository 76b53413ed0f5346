;; A small WASI command for the suspend/resume demo (migrate/demo.ts): prints
;; one progress line per step, "step I: fib(N) = F", computing fib(N) with
;; naive recursion (deep frames, many instructions between lines).
;; Build: npx wat2wasm --debug-names examples/progress.wat -o examples/progress.wasm
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "step ")
  (data (i32.const 110) ": fib(")
  (data (i32.const 120) ") = ")

  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; Writes len bytes at p to stdout (iovec at 0, nwritten at 8).
  (func $write (param $p i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; Writes the decimal digits of v at p; returns the address after them.
  (func $utoa (param $p i32) (param $v i32) (result i32)
    (local $t i32)
    (local.set $t (i32.const 200))
    (loop $digits
      (i32.store8 (local.get $t) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $digits (local.get $v)))
    (loop $copy
      (local.set $t (i32.sub (local.get $t) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.load8_u (local.get $t)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $copy (i32.gt_u (local.get $t) (i32.const 200))))
    (local.get $p))

  ;; Copies len bytes from src to p; returns p + len.
  (func $put (param $p i32) (param $src i32) (param $len i32) (result i32)
    (memory.copy (local.get $p) (local.get $src) (local.get $len))
    (i32.add (local.get $p) (local.get $len)))

  (func (export "_start")
    (local $i i32) (local $n i32) (local $p i32)
    (loop $steps
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $n (i32.add (i32.const 12) (local.get $i)))
      (local.set $p (call $put (i32.const 300) (i32.const 100) (i32.const 5)))
      (local.set $p (call $utoa (local.get $p) (local.get $i)))
      (local.set $p (call $put (local.get $p) (i32.const 110) (i32.const 6)))
      (local.set $p (call $utoa (local.get $p) (local.get $n)))
      (local.set $p (call $put (local.get $p) (i32.const 120) (i32.const 4)))
      (local.set $p (call $utoa (local.get $p) (call $fib (local.get $n))))
      (i32.store8 (local.get $p) (i32.const 10))
      (call $write (i32.const 300) (i32.sub (i32.add (local.get $p) (i32.const 1)) (i32.const 300)))
      (br_if $steps (i32.lt_u (local.get $i) (i32.const 12))))))
