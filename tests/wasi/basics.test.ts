// WASI basics through a real engine: args and environment, clocks, random,
// stdio passthrough, preopen queries, proc_exit / proc_raise / sched_yield and
// the socket stubs, each with its error paths.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WasiExit } from "../../host/wasi/index.js";
import { E, ENGINES, makeBench } from "./harness.js";

for (const [name, makeEngine, skip] of ENGINES) {
  describe(`WASI basics (${name} engine)`, { skip }, () => {
    it("args_sizes_get and args_get give argv as NUL-terminated strings", () => {
      const { bench: b, box } = makeBench(makeEngine(), { args: ["prog", "héllo", ""] });
      try {
        const counts = b.alloc(8);
        assert.equal(b.call("args_sizes_get", counts, counts + 4), E.SUCCESS);
        assert.equal(b.u32(counts), 3);
        assert.equal(b.u32(counts + 4), 5 + 7 + 1);
        const ptrs = b.alloc(12);
        const buf = b.alloc(13);
        assert.equal(b.call("args_get", ptrs, buf), E.SUCCESS);
        assert.equal(b.u32(ptrs), buf);
        assert.equal(b.text(b.u32(ptrs + 4), 6), "héllo");
        assert.equal(b.u8(b.u32(ptrs + 8)), 0);
        assert.equal(b.call("args_get", 0xfffffff0, buf), E.FAULT);
      } finally {
        box.cleanup();
      }
    });

    it("environ_sizes_get and environ_get give KEY=VALUE entries", () => {
      const { bench: b, box } = makeBench(makeEngine(), { env: { FERRY_A: "1", B: "two" } });
      try {
        const counts = b.alloc(8);
        assert.equal(b.call("environ_sizes_get", counts, counts + 4), E.SUCCESS);
        assert.equal(b.u32(counts), 2);
        assert.equal(b.u32(counts + 4), "FERRY_A=1\0B=two\0".length);
        const ptrs = b.alloc(8);
        const buf = b.alloc(16);
        assert.equal(b.call("environ_get", ptrs, buf), E.SUCCESS);
        assert.equal(b.text(b.u32(ptrs), 9), "FERRY_A=1");
        assert.equal(b.text(b.u32(ptrs + 4), 5), "B=two");
        assert.equal(b.call("environ_sizes_get", 0x7fffffff, 0), E.FAULT);
      } finally {
        box.cleanup();
      }
    });

    it("clock_res_get and clock_time_get work for all four clocks and refuse others", () => {
      const { bench: b, box } = makeBench(makeEngine());
      try {
        const out = b.alloc(8);
        for (const id of [0, 1, 2, 3]) {
          assert.equal(b.call("clock_res_get", id, out), E.SUCCESS);
          assert.ok(b.u64(out) > 0n);
          assert.equal(b.call("clock_time_get", id, 1n, out), E.SUCCESS);
        }
        assert.equal(b.call("clock_res_get", 4, out), E.INVAL);
        assert.equal(b.call("clock_time_get", 9, 0n, out), E.INVAL);
        assert.equal(b.call("clock_time_get", 0, 0n, out), E.SUCCESS);
        assert.ok(b.u64(out) > 1_577_836_800n * 1_000_000_000n, "realtime is after 2020");
        assert.equal(b.call("clock_time_get", 1, 0n, out), E.SUCCESS);
        const t1 = b.u64(out);
        assert.equal(b.call("clock_time_get", 1, 0n, out), E.SUCCESS);
        assert.ok(b.u64(out) >= t1, "monotonic never goes backwards");
        assert.equal(b.call("clock_time_get", 1, 0n, 4 * 65536 - 4), E.FAULT);
      } finally {
        box.cleanup();
      }
    });

    it("random_get fills the buffer and checks its bounds", () => {
      const { bench: b, box } = makeBench(makeEngine());
      try {
        const buf = b.alloc(100_000);
        assert.equal(b.call("random_get", buf, 100_000), E.SUCCESS);
        const bytes = b.bytes().slice(buf, buf + 100_000);
        assert.ok(bytes.filter((x) => x === 0).length < 1000, "mostly non-zero");
        assert.equal(b.call("random_get", 4 * 65536 - 10, 11), E.FAULT);
        assert.equal(b.call("random_get", buf, 0), E.SUCCESS);
      } finally {
        box.cleanup();
      }
    });

    it("fd_write to stdout and stderr and fd_read from stdin pass through", () => {
      const { bench: b, box } = makeBench(makeEngine(), {}, "input line\n");
      try {
        assert.deepEqual(b.write(1, "to stdout\n"), [E.SUCCESS, 10]);
        assert.deepEqual(b.write(2, "to stderr\n"), [E.SUCCESS, 10]);
        assert.deepEqual(b.read(0, 5), [E.SUCCESS, "input"]);
        assert.deepEqual(b.read(0, 100), [E.SUCCESS, " line\n"]);
        assert.deepEqual(b.read(0, 100), [E.SUCCESS, ""]);
        assert.equal(box.stdout(), "to stdout\n");
        assert.equal(box.stderr(), "to stderr\n");
        assert.equal(b.write(77, "x")[0], E.BADF);
      } finally {
        box.cleanup();
      }
    });

    it("fd_fdstat_get reports what stdio really is and stdio does not seek", () => {
      const { bench: b, box } = makeBench(makeEngine());
      try {
        const st = b.alloc(24);
        assert.equal(b.call("fd_fdstat_get", 1, st), E.SUCCESS);
        assert.equal(b.u8(st), 4, "stdout redirected to a file is a regular file");
        assert.equal(b.u64(st + 8) & (1n << 6n), 1n << 6n, "FD_WRITE");
        const off = b.alloc(8);
        assert.equal(b.call("fd_seek", 1, 0n, 0, off), E.SPIPE);
        assert.equal(b.call("fd_tell", 1, off), E.SPIPE);
        assert.equal(b.call("fd_fdstat_get", 99, st), E.BADF);
      } finally {
        box.cleanup();
      }
    });

    it("fd_prestat_get and fd_prestat_dir_name describe preopens only", () => {
      const { bench: b, box } = makeBench(makeEngine());
      try {
        const pre = b.alloc(8);
        assert.equal(b.call("fd_prestat_get", 3, pre), E.SUCCESS);
        assert.equal(b.u8(pre), 0);
        assert.equal(b.u32(pre + 4), 1);
        const name = b.alloc(4);
        assert.equal(b.call("fd_prestat_dir_name", 3, name, 1), E.SUCCESS);
        assert.equal(b.text(name, 1), ".");
        assert.equal(b.call("fd_prestat_dir_name", 3, name, 0), E.NAMETOOLONG);
        assert.equal(b.call("fd_prestat_get", 4, pre), E.BADF, "end of the preopens");
        assert.equal(b.call("fd_prestat_get", 1, pre), E.BADF, "stdout is not a preopen");
      } finally {
        box.cleanup();
      }
    });

    it("proc_exit throws WasiExit with the code; proc_raise is ENOSYS; sched_yield succeeds", () => {
      const { bench: b, box } = makeBench(makeEngine());
      try {
        assert.equal(b.call("sched_yield"), E.SUCCESS);
        assert.equal(b.call("proc_raise", 9), E.NOSYS);
        assert.throws(() => b.call("proc_exit", 42), (e: unknown) => e instanceof WasiExit && e.code === 42);
      } finally {
        box.cleanup();
      }
    });

    it("the socket functions are not supported", () => {
      const { bench: b, box } = makeBench(makeEngine());
      try {
        const out = b.alloc(8);
        assert.equal(b.call("sock_accept", 3, 0, out), E.NOTSUP);
        assert.equal(b.call("sock_recv", 0, out, 0, 0, out, out), E.NOTSUP);
        assert.equal(b.call("sock_send", 1, out, 0, 0, out), E.NOTSUP);
        assert.equal(b.call("sock_shutdown", 1, 3), E.NOTSUP);
        assert.equal(b.call("sock_shutdown", 50, 3), E.BADF);
      } finally {
        box.cleanup();
      }
    });
  });
}
