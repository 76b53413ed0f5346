// Snapshots across the JS host and the WASI build of the VM: a workload
// checkpointed by `ferry run --checkpoint-after N --snapshot FILE` on one
// runtime and continued by `ferry resume --runtime R FILE` on another (node:
// the JS host; wasi: build/ferry-wasi.wasm under node:wasi; ferry: the WASI
// build interpreted by Ferry) prints exactly what an uninterrupted run prints,
// exits with the same code and leaves the same output files. Both writers
// produce the same bytes for everything but the host section, and the WASI
// build refuses a damaged snapshot with one line and exit 2, leaving it as it was.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { projectRoot } from "../../host/vm.js";

const CLI = join(projectRoot(), "bin", "ferry.js");
const WORKLOADS = join(projectRoot(), "..", "shared", "workloads");
const FIB = join(WORKLOADS, "bench", "fib.wasm");
const HASH = join(WORKLOADS, "bench", "hash.wasm");
const STREAM = join(WORKLOADS, "wasi", "stream.wasm");
const CLOCKRAND = join(WORKLOADS, "wasi", "clockrand.wasm");

interface Result { stdout: string; stderr: string; status: number | null }

/** `ferry ...args` in directory `cwd`. */
function ferry(cwd: string, ...args: string[]): Result {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** A workload: module, arguments, output files to compare, instructions between checkpoints. */
interface Workload { name: string; module: string; args: string[]; outputs: string[]; every: number; input?: string }

const WORKLOAD_LIST: Workload[] = [
  { name: "fib 25", module: FIB, args: ["25"], outputs: [], every: 500_000 },
  { name: "hash 1", module: HASH, args: ["1"], outputs: [], every: 20_000_000 },
  { name: "stream (two files open)", module: STREAM, args: ["stream-small.in", "stream.out", "50"], outputs: ["stream.out"], every: 2_500_000, input: "stream-small.in" },
];

/** The chains of runtimes: the first runs and checkpoints, each next one resumes (and checkpoints unless last). */
const CHAINS: string[][] = [["node", "wasi"], ["wasi", "node"], ["wasi", "wasi"], ["node", "wasi", "node", "wasi"]];

describe("snapshots between the JS host and the WASI build", () => {
  let root = "";
  before(() => { root = mkdtempSync(join(tmpdir(), "ferry-wasisnap-")); });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** A fresh directory for one run, with the workload's input copied in. */
  function workdir(w: Workload, tag: string): string {
    const dir = mkdtempSync(join(root, `${tag}-`));
    if (w.input !== undefined) copyFileSync(join(WORKLOADS, "wasi", w.input), join(dir, w.input));
    return dir;
  }

  for (const w of WORKLOAD_LIST) {
    describe(w.name, () => {
      let reference: Result;
      const refFiles = new Map<string, string>();
      before(() => {
        const dir = workdir(w, "ref");
        reference = ferry(dir, "run", "--dir", ".", w.module, "--", ...w.args);
        assert.equal(reference.status, 0, reference.stderr);
        for (const f of w.outputs) refFiles.set(f, sha256(join(dir, f)));
      });

      for (const chain of CHAINS) {
        it(chain.join(" -> "), () => {
          const dir = workdir(w, chain.join("-"));
          let stdout = "";
          let last: Result | undefined;
          for (let i = 0; i < chain.length; i++) {
            const checkpoint = i < chain.length - 1 ? ["--checkpoint-after", String(w.every), "--snapshot", `s${i}.snap`] : [];
            const r = i === 0
              ? ferry(dir, "run", "--runtime", chain[0]!, "--dir", ".", ...checkpoint, w.module, "--", ...w.args)
              : ferry(dir, "resume", "--runtime", chain[i]!, ...checkpoint, `s${i - 1}.snap`);
            if (checkpoint.length > 0) {
              assert.equal(r.status, 0, r.stderr);
              assert.match(r.stderr, new RegExp(`checkpoint after \\d+ instructions: wrote s${i}\\.snap`), `step ${i} on ${chain[i]}: ${r.stderr}`);
            }
            stdout += r.stdout;
            last = r;
          }
          assert.equal(last!.status, reference.status, last!.stderr);
          assert.equal(stdout, reference.stdout);
          for (const f of w.outputs) assert.equal(sha256(join(dir, f)), refFiles.get(f), `${f} differs`);
        });
      }
    });
  }

  it("fib: node -> ferry (the WASI build interpreted by Ferry) -> node", () => {
    const dir = workdir(WORKLOAD_LIST[0]!, "ferry");
    const ref = ferry(dir, "run", FIB, "--", "20");
    const a = ferry(dir, "run", "--checkpoint-after", "60000", "--snapshot", "a.snap", FIB, "--", "20");
    const b = ferry(dir, "resume", "--runtime", "ferry", "--checkpoint-after", "60000", "--snapshot", "b.snap", "a.snap");
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stderr, /wrote b\.snap/);
    const c = ferry(dir, "resume", "b.snap");
    assert.equal(c.status, 0, c.stderr);
    assert.equal(a.stdout + b.stdout + c.stdout, ref.stdout);
  });

  it("fib: ferry -> wasi", () => {
    const dir = workdir(WORKLOAD_LIST[0]!, "ferry-run");
    const ref = ferry(dir, "run", FIB, "--", "18");
    const a = ferry(dir, "run", "--runtime", "ferry", "--checkpoint-after", "50000", "--snapshot", "a.snap", FIB, "--", "18");
    assert.equal(a.status, 0, a.stderr);
    assert.match(a.stderr, /wrote a\.snap/);
    const b = ferry(dir, "resume", "--runtime", "wasi", "a.snap");
    assert.equal(b.status, 0, b.stderr);
    assert.equal(a.stdout + b.stdout, ref.stdout);
  });

  it("the monotonic clock does not go backwards across node -> wasi -> node", () => {
    const dir = workdir(WORKLOAD_LIST[0]!, "clock");
    const ref = ferry(dir, "run", CLOCKRAND, "--", "200000");
    assert.match(ref.stdout, /monotonic_backwards=0/);
    const a = ferry(dir, "run", "--checkpoint-after", "400000", "--snapshot", "a.snap", CLOCKRAND, "--", "200000");
    const b = ferry(dir, "resume", "--runtime", "wasi", "--checkpoint-after", "400000", "--snapshot", "b.snap", "a.snap");
    assert.match(b.stderr, /wrote b\.snap/);
    const c = ferry(dir, "resume", "b.snap");
    assert.equal(c.status, 0, c.stderr);
    assert.equal(a.stdout + b.stdout + c.stdout, ref.stdout);
  });

  it("writes the same bytes as the JS host, but for the host section", () => {
    const dir = workdir(WORKLOAD_LIST[0]!, "bytes");
    ferry(dir, "run", "--checkpoint-after", "777777", "--snapshot", "node.snap", FIB, "--", "25");
    ferry(dir, "run", "--runtime", "wasi", "--checkpoint-after", "777777", "--snapshot", "wasi.snap", FIB, "--", "25");
    const a = sections(readFileSync(join(dir, "node.snap")));
    const b = sections(readFileSync(join(dir, "wasi.snap")));
    assert.deepEqual([...a.keys()], [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual([...b.keys()], [1, 2, 3, 4, 5, 6, 7, 8]);
    for (const id of [1, 2, 3, 4, 5, 6, 8]) assert.ok(a.get(id)!.equals(b.get(id)!), `section ${id} differs`);
    const host = JSON.parse(b.get(7)!.toString("utf8")) as { args: string[]; fds: { entries: Array<{ fd: number; kind: string }> } };
    assert.deepEqual(host.args, [FIB, "25"]);
    assert.deepEqual(host.fds.entries.slice(0, 3).map((e) => e.kind), ["stdio", "stdio", "stdio"]);
  });

  describe("a damaged snapshot is refused by the WASI build, exit 2, the file untouched", () => {
    let good: Buffer;
    let dir = "";
    before(() => {
      dir = workdir(WORKLOAD_LIST[0]!, "bad");
      const r = ferry(dir, "run", "--checkpoint-after", "300000", "--snapshot", "good.snap", FIB, "--", "25");
      assert.equal(r.status, 0, r.stderr);
      good = readFileSync(join(dir, "good.snap"));
    });

    const cases: Array<[string, (b: Buffer) => Buffer, RegExp]> = [
      ["a flipped byte in the memory section", (b) => { const c = Buffer.from(b); c[c.length - 40_000]! ^= 0x10; return c; }, /memory section is corrupt \(CRC-32 mismatch\)/],
      ["a flipped byte in the module bytes", (b) => { const c = Buffer.from(b); c[200]! ^= 1; return c; }, /module section is corrupt \(CRC-32 mismatch\)/],
      ["a truncated file", (b) => b.subarray(0, b.length - 1000), /is truncated/],
      ["trailing bytes", (b) => Buffer.concat([b, Buffer.from([0])]), /unexpected trailing bytes/],
      ["a bad magic", (b) => { const c = Buffer.from(b); c[0] = 0x58; return c; }, /not a Ferry snapshot \(bad magic\)/],
      ["an unknown version", (b) => { const c = Buffer.from(b); c.writeUInt32LE(2, 8); return c; }, /unsupported snapshot version 2/],
      ["an unknown section (an encoding it does not support)", (b) => { const c = Buffer.from(b); c.writeUInt32LE(0x80000001, 16); return c; }, /unknown section id 2147483649/],
    ];
    for (const [title, damage, message] of cases) {
      it(title, () => {
        const file = join(dir, `${title.replace(/\W+/g, "-")}.snap`);
        writeFileSync(file, damage(good));
        const before = sha256(file);
        const r = ferry(dir, "resume", "--runtime", "wasi", file);
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stdout, "");
        assert.match(r.stderr, message);
        assert.match(r.stderr, /^ferry: [^\n]+\n$/, "one line");
        assert.ok(r.stderr.includes(file), "names the file as given");
        assert.equal(sha256(file), before);
      });
    }

    it("a frame that does not fit the module (valid CRC)", () => {
      const file = join(dir, "badpc.snap");
      writeFileSync(file, withFramePc(good, 1));
      const r = ferry(dir, "resume", "--runtime", "wasi", file);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^ferry: .*snapshot does not fit the module: frame 0 .*is not a resume point[^\n]*\n$/);
    });

    it("a checkpoint that cannot be written leaves no file and exits 2", () => {
      const r = ferry(dir, "run", "--runtime", "wasi", "--checkpoint-after", "1000", "--snapshot", join(dir, "missing", "x.snap"), FIB, "--", "25");
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^ferry: cannot write snapshot/);
      assert.ok(!existsSync(join(dir, "missing")));
    });
  });
});

/** Section payloads of a snapshot by id. */
function sections(b: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let pos = 16;
  for (let i = 0, n = b.readUInt32LE(12); i < n; i++) {
    const id = b.readUInt32LE(pos);
    const len = b.readUInt32LE(pos + 4);
    out.set(id, b.subarray(pos + 12, pos + 12 + len));
    pos += 12 + len;
  }
  return out;
}

/** A copy of snapshot `b` with the pc of frame 0 set to `pc` and the frames section's CRC fixed. */
function withFramePc(b: Buffer, pc: number): Buffer {
  const c = Buffer.from(b);
  let pos = 16;
  for (let i = 0, n = c.readUInt32LE(12); i < n; i++) {
    const id = c.readUInt32LE(pos);
    const len = c.readUInt32LE(pos + 4);
    if (id === 2) {
      c.writeUInt32LE(pc, pos + 12 + 8);
      c.writeUInt32LE(crc32(c.subarray(pos + 12, pos + 12 + len)), pos + 8);
    }
    pos += 12 + len;
  }
  return c;
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
