// The WASI state is plain JSON: args, env, the fd table (paths, offsets,
// flags, rights) and the monotonic clock. A new WASI created from it - in a
// new engine instance - reopens its files lazily and carries on where the old
// one stopped.

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createWasi } from "../../host/wasi/index.js";
import type { WasiState } from "../../host/wasi/index.js";
import { E, JS_ENGINES as ENGINES, makeBench, WasiBench } from "./harness.js";

for (const [name, makeEngine, skip] of ENGINES) {
  describe(`WASI state (${name} engine)`, { skip }, () => {
    it("survives JSON and a new instance: offsets, append mode, preopens, clock", () => {
      const { bench: b, box } = makeBench(makeEngine(), { args: ["prog", "x"], env: ["K=V"] });
      try {
        writeFileSync(join(box.dir, "in.txt"), "0123456789");
        const [, rfd] = b.open("in.txt");
        assert.deepEqual(b.read(rfd, 4), [E.SUCCESS, "0123"]);
        const [, afd] = b.open("log.txt", { oflags: 1, fdflags: 1 });
        b.write(afd, "first\n");
        const t = b.alloc(8);
        b.call("clock_time_get", 1, 0n, t);
        const before = b.u64(t);

        const json = JSON.stringify(b.wasi.state());
        b.wasi.close();
        const state = JSON.parse(json) as WasiState;
        assert.equal(state.version, 1);
        assert.deepEqual(state.args, ["prog", "x"]);
        assert.deepEqual(state.env, ["K=V"]);
        const entry = state.fds.entries.find((e) => e.fd === rfd)!;
        assert.equal(entry.offset, 4);
        assert.equal(entry.guestPath, "in.txt");
        assert.equal(state.fds.entries.find((e) => e.fd === 3)?.preopen, true);

        const wasi2 = createWasi({ state, stdio: box.fds });
        const b2 = new WasiBench(makeEngine(), wasi2, box.dir);
        assert.deepEqual(b2.read(rfd, 3), [E.SUCCESS, "456"]);
        b2.write(afd, "second\n");
        assert.equal(readFileSync(join(box.dir, "log.txt"), "utf8"), "first\nsecond\n");
        const t2 = b2.alloc(8);
        b2.call("clock_time_get", 1, 0n, t2);
        assert.ok(b2.u64(t2) >= before, "monotonic time continues");
        const counts = b2.alloc(8);
        b2.call("args_sizes_get", counts, counts + 4);
        assert.equal(b2.u32(counts), 2);
        assert.equal(b2.open("in.txt")[0], E.SUCCESS, "the preopen still works");
        wasi2.close();
      } finally {
        box.cleanup();
      }
    });
  });
}
