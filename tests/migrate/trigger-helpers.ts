// Test helpers for --checkpoint-on: running `ferry` and firing its trigger once
// it is armed (or once the workload has printed what the test waits for), and
// two small WAT workloads that wait inside a host call: `echo` copies stdin to
// stdout and ends with "total=N", `nap` sleeps in poll_oneoff.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { projectRoot } from "../../host/vm.js";
import { wat } from "../helpers/wat.js";

export const CLI = join(projectRoot(), "bin", "ferry.js");
export const FIB = join(projectRoot(), "..", "shared", "workloads", "bench", "fib.wasm");
/** The checkpoint line of a trigger: its name, the instruction count and the stop's distance from the trigger. */
export const TRIGGER_LINE = /checkpoint on (\S+) after (\d+) instructions \(at most (\d+) after the trigger\): wrote/;
/** The checkpoint line of a trigger that fired while the workload waited in a host call. */
export const REWOUND_LINE = /checkpoint on (\S+) after (\d+) instructions \(waiting in a host call, rewound to its call\): wrote/;

export interface Output { stdout: string; stderr: string; status: number | null }

/** Runs `ferry args` to the end (stdin: `input`, or none). */
export function ferry(args: string[], input = ""): Output {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", input });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** When to fire: once armed (after `delayMs`), or once stdout contains `stdoutHas`. */
export interface FireWhen { delayMs?: number; stdoutHas?: string; stdin?: string }

/**
 * Starts `ferry args` with a pipe as stdin (written `when.stdin`, never
 * closed), calls `fire(pid)` when `when` says; resolves to its output. Checks
 * that exactly one "armed" line names the pid started.
 */
export function ferryFiring(args: string[], fire: (pid: number) => void, when: FireWhen = {}): Promise<Output> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    if (when.stdin !== undefined) child.stdin.write(when.stdin);
    let stdout = "";
    let stderr = "";
    let armed = false;
    let fired = false;
    const maybeFire = () => {
      if (fired || !armed || (when.stdoutHas !== undefined && !stdout.includes(when.stdoutHas))) return;
      fired = true;
      setTimeout(() => fire(child.pid!), when.delayMs ?? 200);
    };
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      maybeFire();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      const m = /^ferry: armed: checkpoint on .* \(pid (\d+)\)$/m.exec(stderr);
      if (!armed && m !== null) {
        armed = true;
        assert.equal(Number(m[1]), child.pid, "the pid to signal is the one started");
      }
      maybeFire();
    });
    child.on("close", (status) => {
      child.stdin.destroy();
      assert.equal(stderr.match(/^ferry: armed:/gm)?.length, 1, `one "armed" line, from the process started: ${stderr}`);
      resolve({ stdout, stderr, status });
    });
  });
}

const WASI = `
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; out iovec at 32, nwritten at 40, number text at 64..80
  (func $print (param $p i32) (param $n i32)
    (i32.store (i32.const 32) (local.get $p))
    (i32.store (i32.const 36) (local.get $n))
    (drop (call $write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40))))
  (func $printNum (param $v i32) (local $p i32)
    (local.set $p (i32.const 80))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $digits (local.get $v)))
    (call $print (local.get $p) (i32.sub (i32.const 80) (local.get $p))))`;

/** Copies stdin to stdout in reads of up to 256 bytes, then prints "total=N" (N bytes read). */
export const ECHO_WAT = `(module ${WASI}
  (data (i32.const 96) "total=")
  (data (i32.const 104) "\\n")
  (func (export "_start") (local $n i32) (local $total i32)
    (block $eof
      (loop $more
        (i32.store (i32.const 0) (i32.const 1024))
        (i32.store (i32.const 4) (i32.const 256))
        (br_if $eof (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
        (local.set $n (i32.load (i32.const 16)))
        (br_if $eof (i32.eqz (local.get $n)))
        (local.set $total (i32.add (local.get $total) (local.get $n)))
        (call $print (i32.const 1024) (local.get $n))
        (br $more)))
    (call $print (i32.const 96) (i32.const 6))
    (call $printNum (local.get $total))
    (call $print (i32.const 104) (i32.const 1))))`;

/** Prints "sleeping", sleeps MS milliseconds (poll_oneoff, one relative monotonic clock), prints "woke: event 7" if the event is right. */
export function napWat(ms: number): string {
  return `(module ${WASI}
  (data (i32.const 96) "sleeping\\n")
  (data (i32.const 112) "woke: event 7\\n")
  (data (i32.const 128) "bad event\\n")
  (func (export "_start")
    (call $print (i32.const 96) (i32.const 9))
    ;; subscription at 256: userdata 7, clock, monotonic, relative timeout
    (i64.store (i32.const 256) (i64.const 7))
    (i32.store8 (i32.const 264) (i32.const 0))
    (i32.store (i32.const 272) (i32.const 1))
    (i64.store (i32.const 280) (i64.const ${ms * 1_000_000}))
    (i64.store (i32.const 288) (i64.const 0))
    (i32.store16 (i32.const 296) (i32.const 0))
    (if (i32.and
          (i32.and (i32.eqz (call $poll (i32.const 256) (i32.const 512) (i32.const 1) (i32.const 600)))
                   (i32.eq (i32.load (i32.const 600)) (i32.const 1)))
          (i32.and (i64.eq (i64.load (i32.const 512)) (i64.const 7))
                   (i32.eqz (i32.load16_u (i32.const 520)))))
      (then (call $print (i32.const 112) (i32.const 14)))
      (else (call $print (i32.const 128) (i32.const 10))))))`;
}

/** Writes the module of `text` to `dir/name` and returns its path. */
export function writeWat(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, wat(text));
  return path;
}
