// Monitors everywhere and across checkpoints (issue 6): the JSON report of
// `ferry run --monitor all` on ../shared/workloads programs is byte-identical
// on node and the WASI build (node, bun and deno: monitors-runtimes.test.ts;
// a runtime that is not installed is skipped), and identical when the run was checkpointed after N instructions
// (mostly in the middle of a segment: exact stops in step copies) and resumed,
// on the same or another runtime; a corrupted monitors section (11) is
// refused with one line, exit 2, by the JS host and by the WASI build.

import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findExecutable } from "../../host/runtimes/launch.js";
import { wasiVmPath } from "../../host/runtimes/wasi.js";
import { projectRoot } from "../../host/vm.js";
import { crc32 } from "../../migrate/snapshot/crc32.js";
import { ferrySkip } from "../helpers/wat.js";

const root = projectRoot();
const workloads = join(root, "..", "shared", "workloads");
const hasWasi = existsSync(wasiVmPath());
/** node, bun and deno agree already (monitors-runtimes.test.ts): here node and the WASI build. */
const RUNTIMES = ["node", ...(hasWasi ? ["wasi"] : [])];
const JS_OTHERS = ["bun", "deno"].filter((r) => findExecutable(r) !== undefined);
let dir = "";

/**
 * Runs the ferry CLI; returns exit code and stderr. stdout is a pipe, or with
 * `devNull` /dev/null: a character device that is no terminal, which libc's
 * isatty (fd_fdstat_get) must take for the same thing on every runtime.
 */
function ferry(args: string[], devNull = false): { status: number; stderr: string } {
  const stdout = devNull ? openSync("/dev/null", "w") : "pipe";
  try {
    const r = spawnSync(process.execPath, [join(root, "bin", "ferry.js"), ...args], { encoding: "utf8", stdio: ["pipe", stdout, "pipe"] });
    return { status: r.status ?? -1, stderr: r.stderr };
  } finally {
    if (typeof stdout === "number") closeSync(stdout);
  }
}

/** The report of an uninterrupted run. */
function runReport(runtime: string, module: string, args: string[], code: number, devNull = false): string {
  const out = join(dir, `run-${runtime}.json`);
  const r = ferry(["run", "--runtime", runtime, "--monitor", "all", "--monitor-out", out, join(workloads, module), "--", ...args], devNull);
  assert.equal(r.status, code, `${runtime}: ${r.stderr}`);
  return readFileSync(out, "utf8");
}

/** The report of a run checkpointed after n instructions on `from`, resumed on `to`. */
function resumedReport(from: string, to: string, module: string, args: string[], n: number, code: number, devNull = false): string {
  const snap = join(dir, `cp-${from}-${n}.snap`);
  const out = join(dir, `resumed-${from}-${to}-${n}.json`);
  const c = ferry(["run", "--runtime", from, "--monitor", "all", "--checkpoint-after", String(n), "--snapshot", snap, join(workloads, module), "--", ...args]);
  assert.equal(c.status, 0, `checkpoint on ${from}: ${c.stderr}`);
  const r = ferry(["resume", "--runtime", to, "--monitor-out", out, snap], devNull);
  assert.equal(r.status, code, `resume on ${to}: ${r.stderr}`);
  return readFileSync(out, "utf8");
}

describe("monitors on every runtime and across checkpoints", { skip: ferrySkip }, () => {
  before(() => { dir = mkdtempSync(join(tmpdir(), "ferry-monsnap-")); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const CASES: Array<[string, string[], number]> = [
    ["bench/fib.wasm", ["18"], 0],
    ["wasi/traps.wasm", ["exit7"], 7],
    ["wasi/traps.wasm", ["div0"], 3],
  ];
  for (const [module, args, code] of CASES) {
    it(`${module} ${args.join(" ")}: the same report on ${RUNTIMES.join(", ")}`, () => {
      const reports = RUNTIMES.map((r) => runReport(r, module, args, code));
      assert.ok((JSON.parse(reports[0]!) as { monitors: { count: { instructions: number } } }).monitors.count.instructions > 0);
      for (const [i, text] of reports.entries()) assert.equal(text, reports[0], `${RUNTIMES[i]} differs from ${RUNTIMES[0]}`);
    });
  }

  it("fib 18 checkpointed at several N and resumed (same and other runtime) reports as the uninterrupted run", () => {
    const whole = runReport("node", "bench/fib.wasm", ["18"], 0);
    for (const n of [1, 777, 23457]) assert.equal(resumedReport("node", "node", "bench/fib.wasm", ["18"], n, 0), whole, `N = ${n}`);
    if (hasWasi) {
      assert.equal(resumedReport("node", "wasi", "bench/fib.wasm", ["18"], 4321, 0), whole, "node -> wasi");
      assert.equal(resumedReport("wasi", "node", "bench/fib.wasm", ["18"], 54321, 0), whole, "wasi -> node");
    }
    if (JS_OTHERS.length > 0) assert.equal(resumedReport(JS_OTHERS[0]!, JS_OTHERS.at(-1)!, "bench/fib.wasm", ["18"], 9999, 0), whole, JS_OTHERS.join(" -> "));
  });

  it("stdout on /dev/null: resumed on the WASI build, fib reports as on node (libc sees the same isatty)", { skip: hasWasi ? false : "no WASI build" }, () => {
    const whole = runReport("node", "bench/fib.wasm", ["18"], 0, true);
    assert.equal(resumedReport("node", "wasi", "bench/fib.wasm", ["18"], 4321, 0, true), whole);
  });

  it("the JS host and the WASI build write the same monitors section", { skip: hasWasi ? false : "no WASI build" }, () => {
    const section11 = (runtime: string): Buffer => {
      const snap = join(dir, `s11-${runtime}.snap`);
      const c = ferry(["run", "--runtime", runtime, "--monitor", "all", "--checkpoint-after", "31337", "--snapshot", snap, join(workloads, "bench/fib.wasm"), "--", "18"]);
      assert.equal(c.status, 0, c.stderr);
      const b = readFileSync(snap);
      let pos = 16;
      for (let i = 0; i < b.readUInt32LE(12); i++, pos += 12 + b.readUInt32LE(pos + 4)) {
        if (b.readUInt32LE(pos) === 11) return b.subarray(pos, pos + 12 + b.readUInt32LE(pos + 4));
      }
      throw new Error(`${runtime}: no monitors section`);
    };
    assert.ok(section11("node").equals(section11("wasi")));
  });

  it("a trap just after the resume point: the unrun rest of the trapping segment is not counted", () => {
    const whole = runReport("node", "wasi/traps.wasm", ["div0"], 3);
    const total = (JSON.parse(whole) as { monitors: { count: { instructions: number } } }).monitors.count.instructions;
    for (const n of [total - 1, total - 3]) assert.equal(resumedReport("node", "node", "wasi/traps.wasm", ["div0"], n, 3), whole, `N = ${n}`);
  });

  it("a run stopped by --fuel inside a segment counts exactly the instructions that ran", () => {
    const out = join(dir, "fuel.json");
    const r = ferry(["run", "--monitor", "count,opcodes,profile", "--fuel", "777", "--monitor-out", out, join(workloads, "bench/fib.wasm"), "--", "18"]);
    assert.equal(r.status, 3, r.stderr);
    const m = (JSON.parse(readFileSync(out, "utf8")) as { monitors: { count: { instructions: number }; opcodes: Array<{ count: number }>; profile: Array<{ self: number }> } }).monitors;
    assert.equal(m.count.instructions, 777);
    assert.equal(m.opcodes.reduce((s, o) => s + o.count, 0), 777);
    assert.equal(m.profile.reduce((s, p) => s + p.self, 0), 777);
  });

  it("a checkpoint of a checkpointed run carries the monitors on", () => {
    const whole = runReport("node", "bench/fib.wasm", ["18"], 0);
    const a = join(dir, "chain-a.snap"), b = join(dir, "chain-b.snap"), out = join(dir, "chain.json");
    assert.equal(ferry(["run", "--monitor", "all", "--checkpoint-after", "5000", "--snapshot", a, join(workloads, "bench/fib.wasm"), "--", "18"]).status, 0);
    assert.equal(ferry(["resume", "--checkpoint-after", "30001", "--snapshot", b, a]).status, 0);
    assert.equal(ferry(["resume", "--monitor-out", out, b]).status, 0);
    assert.equal(readFileSync(out, "utf8"), whole);
  });

  describe("a corrupted monitors section is refused", () => {
    let good: Uint8Array;
    before(() => {
      const snap = join(dir, "good.snap");
      assert.equal(ferry(["run", "--monitor", "count,opcodes,branches", "--checkpoint-after", "20000", "--snapshot", snap, join(workloads, "bench/fib.wasm"), "--", "18"]).status, 0);
      good = new Uint8Array(readFileSync(snap));
    });

    /** The file with section 11's payload replaced by `edit(payload)` (length and CRC fixed). */
    function withPayload(edit: (p: Uint8Array) => Uint8Array): Uint8Array {
      const v = new DataView(good.buffer, good.byteOffset, good.byteLength);
      let pos = 16;
      for (let i = 0; i < v.getUint32(12, true); i++) {
        const len = v.getUint32(pos + 4, true);
        if (v.getUint32(pos, true) === 11) {
          const p = edit(good.slice(pos + 12, pos + 12 + len));
          const out = new Uint8Array(good.length - len + p.length);
          out.set(good.subarray(0, pos + 12));
          out.set(p, pos + 12);
          out.set(good.subarray(pos + 12 + len), pos + 12 + p.length);
          const ov = new DataView(out.buffer);
          ov.setUint32(pos + 4, p.length, true);
          ov.setUint32(pos + 8, crc32(p), true);
          return out;
        }
        pos += 12 + len;
      }
      throw new Error("no monitors section");
    }
    /** Offset in the payload of the first segment entry (after version, names and the function count). */
    function firstSegment(p: Uint8Array): number {
      const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
      let pos = 8;
      for (let i = 0; i < v.getUint32(4, true); i++) pos += 4 + v.getUint32(pos, true);
      assert.ok(v.getUint32(pos + 4, true) > 0, "the snapshot has segment counts");
      return pos + 8;
    }
    const BAD: Array<[string, (p: Uint8Array) => Uint8Array, RegExp]> = [
      ["an unknown monitor", (p) => { p[12] = 0x78; return p; }, /monitors section: unknown monitor "xount"/],
      ["counts for a segment that does not exist", (p) => { new DataView(p.buffer).setUint32(firstSegment(p) + 4, 0xfffff, true); return p; }, /monitors section: no counted segment at function \d+ offset 1048575/],
      ["a truncated payload", (p) => p.slice(0, p.length - 3), /monitors section: truncated/],
      ["trailing bytes", (p) => { const q = new Uint8Array(p.length + 4); q.set(p); return q; }, /monitors section: 4 unexpected trailing bytes/],
    ];
    for (const [what, edit, message] of BAD) {
      it(`${what}: one line, exit 2 (${hasWasi ? "node and the WASI build" : "node"})`, () => {
        const file = join(dir, "bad.snap");
        writeFileSync(file, withPayload(edit));
        for (const runtime of hasWasi ? ["node", "wasi"] : ["node"]) {
          const r = ferry(["resume", "--runtime", runtime, file]);
          assert.equal(r.status, 2, `${runtime}: ${r.stderr}`);
          assert.match(r.stderr, message, runtime);
          assert.equal(r.stderr.trim().split("\n").length, 1, `${runtime}: ${r.stderr}`);
        }
      });
    }
  });
});
