// --checkpoint-on while the workload waits inside a host call: a read of a
// stdin pipe with no input yet, or a poll_oneoff sleep. The trigger still
// stops it at once: the call, which has consumed nothing, is rewound to its
// `call` instruction, and the resumed run issues it again. Nothing is read
// twice or lost: the output of checkpoint + resume (with the rest of the
// input) is that of an uninterrupted run; a sleep resumes with the time it
// had not slept yet (the host section's "pending" call); the monitors count
// the rewound call once. Both builds: the JS host (node) and
// the WASI build (wasi), each resumed on the other.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { readSnapshotFile, writeSnapshotFile } from "../../migrate/snapshot/file.js";
import { ECHO_WAT, ferry, ferryFiring, napWat, REWOUND_LINE, writeWat } from "./trigger-helpers.js";

describe("--checkpoint-on while blocked in a host call", () => {
  let dir = "";
  let echo = "";
  let nap = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ferry-trigger-blocked-"));
    echo = writeWat(dir, "echo.wasm", ECHO_WAT);
    nap = writeWat(dir, "nap.wasm", napWat(1000));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const builds = [
    { runtime: "node", other: "wasi", trigger: "SIGUSR1", fire: (pid: number) => process.kill(pid, "SIGUSR1") },
    { runtime: "wasi", other: "node", trigger: "file", fire: undefined },
  ];

  for (const b of builds) {
    it(`on ${b.runtime}: a read of stdin with no input yet is rewound; resumed on ${b.other} with the rest of the input, nothing is lost or read twice`, async () => {
      const whole = ferry(["run", echo], "hello\nworld\n");
      assert.equal(whole.stdout, "hello\nworld\ntotal=12\n");
      const snap = join(dir, `stdin-${b.runtime}.snap`);
      const go = join(dir, `go-stdin-${b.runtime}`);
      const trigger = b.fire === undefined ? `file:${go}` : b.trigger;
      const fire = b.fire ?? (() => writeFileSync(go, ""));
      // "hello\n" is read and echoed; the next read waits for input that never comes.
      const first = await ferryFiring(["run", "--runtime", b.runtime, "--checkpoint-on", trigger, "--snapshot", snap, echo], fire, { stdin: "hello\n", stdoutHas: "hello\n", delayMs: 300 });
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stderr, REWOUND_LINE);
      assert.equal(first.stdout, "hello\n");
      const rest = ferry(["resume", "--runtime", b.other, snap], "world\n");
      assert.equal(rest.status, 0, rest.stderr);
      assert.equal(first.stdout + rest.stdout, whole.stdout);
    });

    it(`on ${b.runtime}: a poll_oneoff sleep is rewound; resumed on ${b.other}, the sleep ends with its event`, async () => {
      const snap = join(dir, `nap-${b.runtime}.snap`);
      const go = join(dir, `go-nap-${b.runtime}`);
      const trigger = b.fire === undefined ? `file:${go}` : b.trigger;
      const fire = b.fire ?? (() => writeFileSync(go, ""));
      const first = await ferryFiring(["run", "--runtime", b.runtime, "--checkpoint-on", trigger, "--snapshot", snap, nap], fire, { stdoutHas: "sleeping\n", delayMs: 200 });
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stderr, REWOUND_LINE);
      assert.equal(first.stdout, "sleeping\n");
      // The time already slept is recorded; the resumed call sleeps only the rest.
      const pending = readSnapshotFile(snap).wasi.pending;
      assert.equal(pending?.call, "poll_oneoff");
      assert.ok(BigInt(pending.waitedNs) > 0n && BigInt(pending.waitedNs) < 1_000_000_000n, pending.waitedNs);
      const rest = ferry(["resume", "--runtime", b.other, snap]);
      assert.equal(rest.status, 0, rest.stderr);
      assert.equal(rest.stdout, "woke: event 7\n");
    });
  }

  it("monitors: a rewound call is not counted twice (JS host and WASI build, each resumed on the other)", async () => {
    // The poll call opens its segment (its arguments are pushed before a call of $nop): both
    // its call event and its segment's count were recorded when it was issued.
    const plain = napWat(1000);
    const text = plain.replace('(func (export "_start")', '(func $nop) (func (export "_start")')
      .replace("(call $poll (i32.const 256) (i32.const 512) (i32.const 1) (i32.const 600))",
        "(i32.const 256) (i32.const 512) (i32.const 1) (i32.const 600) (call $nop) (call $poll)");
    assert.notEqual(text.indexOf("(call $nop) (call $poll)"), -1);
    const napm = writeWat(dir, "nap-monitors.wasm", text);
    const wholeOut = join(dir, "nap-whole.json");
    assert.equal(ferry(["run", "--monitor", "all", "--monitor-out", wholeOut, napm]).status, 0);
    const whole = readFileSync(wholeOut, "utf8");
    for (const b of builds) {
      const snap = join(dir, `nap-monitors-${b.runtime}.snap`);
      const go = join(dir, `go-nap-monitors-${b.runtime}`);
      const fire = b.fire ?? (() => writeFileSync(go, ""));
      const args = ["run", "--runtime", b.runtime, "--monitor", "all", "--checkpoint-on", b.fire === undefined ? `file:${go}` : b.trigger, "--snapshot", snap, napm];
      const first = await ferryFiring(args, fire, { stdoutHas: "sleeping\n", delayMs: 200 });
      assert.match(first.stderr, REWOUND_LINE);
      const out = join(dir, `nap-monitors-${b.runtime}-${b.other}.json`);
      const rest = ferry(["resume", "--runtime", b.other, "--monitor-out", out, snap]);
      assert.equal(rest.status, 0, rest.stderr);
      assert.equal(readFileSync(out, "utf8"), whole, `${b.runtime} -> ${b.other}`);
    }
  });

  it("both readers refuse a malformed pending call in the host section (one line, exit 2)", () => {
    const good = join(dir, "early.snap");
    const r = ferry(["run", "--checkpoint-after", "5", "--snapshot", good, nap]);
    assert.equal(r.status, 0, r.stderr);
    const snap = readSnapshotFile(good);
    const bad = [{ call: "fd_read", waitedNs: "1" }, { call: "poll_oneoff", waitedNs: "-1" }, { call: "poll_oneoff", waitedNs: 5 },
      { call: "poll_oneoff" }, { call: "poll_oneoff", waitedNs: "99999999999999999999" }, "soon"];
    bad.forEach((pending, i) => {
      const path = join(dir, `bad-pending-${i}.snap`);
      writeSnapshotFile(path, { ...snap, wasi: { ...snap.wasi, pending: pending as never } });
      // The JS host's reader (in this process) for each; the WASI build's (ferry resume --runtime wasi) for two.
      assert.throws(() => readSnapshotFile(path), /host section: bad pending call/);
      if (i >= 2) return;
      const out = ferry(["resume", "--runtime", "wasi", path]);
      assert.equal(out.status, 2, `${JSON.stringify(pending)}: ${out.stderr}`);
      assert.match(out.stderr, /host section: bad pending call/);
      assert.equal(out.stderr.trim().split("\n").length, 1, out.stderr);
      assert.equal(out.stdout, "");
    });
  });
});
