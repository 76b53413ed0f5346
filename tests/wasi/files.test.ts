// WASI files through a real engine: path_open with every oflag, fdflag and
// rights case, then reads, writes, seeks, positional I/O, stat, sizes, times,
// sync, advise, allocate, fdstat flags and rights, close and renumber.

import assert from "node:assert/strict";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { E, ENGINES, benchTest, RIGHTS_RO } from "./harness.js";
import type { Bench, Sandbox } from "./harness.js";

const CREAT = 1, DIRECTORY = 2, EXCL = 4, TRUNC = 8;
const APPEND = 1, DSYNC = 2, NONBLOCK = 4, RSYNC = 8, SYNC = 16;

for (const [name, makeEngine, skip] of ENGINES) {
  describe(`WASI files (${name} engine)`, { skip }, () => {
    const withBench = (f: (b: Bench, box: Sandbox) => void) => benchTest(makeEngine, f);

    it("path_open creates, writes and reads back a file", withBench((b, box) => {
      const [err, fd] = b.open("new.txt", { oflags: CREAT });
      assert.equal(err, E.SUCCESS);
      assert.ok(fd >= 4);
      assert.deepEqual(b.write(fd, "hello world"), [E.SUCCESS, 11]);
      assert.equal(readFileSync(join(box.dir, "new.txt"), "utf8"), "hello world");
      const off = b.alloc(8);
      assert.equal(b.call("fd_seek", fd, 0n, 0, off), E.SUCCESS);
      assert.deepEqual(b.read(fd, 5), [E.SUCCESS, "hello"]);
      assert.equal(b.call("fd_tell", fd, off), E.SUCCESS);
      assert.equal(b.u64(off), 5n);
      assert.equal(b.call("fd_close", fd), E.SUCCESS);
      assert.equal(b.call("fd_close", fd), E.BADF);
    }));

    it("path_open follows the oflags: excl, trunc, directory and missing files", withBench((b, box) => {
      writeFileSync(join(box.dir, "f.txt"), "0123456789");
      assert.equal(b.open("f.txt", { oflags: CREAT | EXCL })[0], E.EXIST);
      assert.equal(b.open("missing.txt")[0], E.NOENT);
      assert.equal(b.open("f.txt", { oflags: DIRECTORY })[0], E.NOTDIR);
      assert.equal(b.open("f.txt/x")[0], E.NOTDIR);
      assert.equal(b.open("nodir/x.txt", { oflags: CREAT })[0], E.NOENT);
      assert.equal(b.open("newdir/", { oflags: CREAT })[0], E.ISDIR);
      const [err, fd] = b.open("f.txt", { oflags: TRUNC });
      assert.equal(err, E.SUCCESS);
      assert.equal(statSync(join(box.dir, "f.txt")).size, 0);
      b.call("fd_close", fd);
      assert.equal(b.open("f.txt", { fd: 42 })[0], E.BADF);
      assert.equal(b.open("f.txt", { oflags: 16 })[0], E.INVAL);
    }));

    it("path_open on a directory gives a directory fd, refusing write access", withBench((b, box) => {
      b.pathCall("path_create_directory", "sub");
      writeFileSync(join(box.dir, "sub", "inner.txt"), "inner");
      assert.equal(b.open("sub")[0], E.ISDIR, "asking for write rights on a directory");
      const [err, dfd] = b.open("sub", { oflags: DIRECTORY, base: RIGHTS_RO });
      assert.equal(err, E.SUCCESS);
      const st = b.alloc(24);
      assert.equal(b.call("fd_fdstat_get", dfd, st), E.SUCCESS);
      assert.equal(b.u8(st), 3);
      const [err2, ffd] = b.open("inner.txt", { fd: dfd, base: RIGHTS_RO });
      assert.equal(err2, E.SUCCESS);
      assert.deepEqual(b.read(ffd, 10), [E.SUCCESS, "inner"]);
      assert.equal(b.read(dfd, 10)[0], E.ISDIR);
      assert.equal(b.write(dfd, "x")[0], E.ISDIR);
      assert.equal(b.open("x", { fd: ffd })[0], E.NOTDIR, "a file is no directory to open under");
    }));

    it("rights follow the open: a read-only fd cannot write, and rights only shrink", withBench((b, box) => {
      writeFileSync(join(box.dir, "ro.txt"), "data");
      const [, fd] = b.open("ro.txt", { base: RIGHTS_RO });
      assert.equal(b.write(fd, "x")[0], E.NOTCAPABLE);
      assert.deepEqual(b.read(fd, 4), [E.SUCCESS, "data"]);
      const st = b.alloc(24);
      b.call("fd_fdstat_get", fd, st);
      const base = b.u64(st + 8);
      assert.equal(base & (1n << 6n), 0n, "no FD_WRITE");
      assert.equal(b.call("fd_fdstat_set_rights", fd, base | (1n << 6n), 0n), E.NOTCAPABLE);
      assert.equal(b.call("fd_fdstat_set_rights", fd, base & ~(1n << 1n), 0n), E.SUCCESS);
      assert.equal(b.read(fd, 4)[0], E.NOTCAPABLE, "FD_READ was dropped");
      assert.equal(b.call("fd_fdstat_set_rights", 99, 0n, 0n), E.BADF);
    }));

    it("fdflags: append writes at the end; sync flags are kept; set_flags switches append", withBench((b, box) => {
      writeFileSync(join(box.dir, "log.txt"), "one\n");
      const [err, fd] = b.open("log.txt", { fdflags: APPEND | DSYNC | RSYNC | SYNC | NONBLOCK });
      assert.equal(err, E.SUCCESS);
      const st = b.alloc(24);
      assert.equal(b.call("fd_fdstat_get", fd, st), E.SUCCESS);
      // node:wasi reports host open flags here, not the WASI fdflags (see wasi-build-bench.ts).
      if (b.target === "js") assert.equal(b.u16(st + 2), APPEND | DSYNC | RSYNC | SYNC | NONBLOCK);
      const off = b.alloc(8);
      b.call("fd_seek", fd, 0n, 0, off);
      b.write(fd, "two\n");
      assert.equal(readFileSync(join(box.dir, "log.txt"), "utf8"), "one\ntwo\n");
      assert.equal(b.call("fd_tell", fd, off), E.SUCCESS);
      assert.equal(b.u64(off), 8n);
      assert.equal(b.call("fd_fdstat_set_flags", fd, 0), E.SUCCESS);
      b.call("fd_seek", fd, 0n, 0, off);
      b.write(fd, "ONE\n");
      assert.equal(readFileSync(join(box.dir, "log.txt"), "utf8"), "ONE\ntwo\n");
      assert.equal(b.call("fd_fdstat_set_flags", fd, APPEND), E.SUCCESS);
      b.call("fd_seek", fd, 0n, 0, off);
      b.write(fd, "three\n");
      assert.equal(readFileSync(join(box.dir, "log.txt"), "utf8"), "ONE\ntwo\nthree\n");
      assert.equal(b.call("fd_fdstat_set_flags", fd, 64), E.INVAL);
      assert.equal(b.call("fd_fdstat_set_flags", 99, 0), E.BADF);
    }));

    it("fd_seek handles set, cur and end, and refuses negative results and bad whence", withBench((b, box) => {
      writeFileSync(join(box.dir, "s.txt"), "abcdefghij");
      const [, fd] = b.open("s.txt");
      const off = b.alloc(8);
      assert.equal(b.call("fd_seek", fd, -3n, 2, off), E.SUCCESS);
      assert.equal(b.u64(off), 7n);
      assert.deepEqual(b.read(fd, 10), [E.SUCCESS, "hij"]);
      assert.equal(b.call("fd_seek", fd, -2n, 1, off), E.SUCCESS);
      assert.equal(b.u64(off), 8n);
      assert.equal(b.call("fd_seek", fd, -100n, 1, off), E.INVAL);
      assert.equal(b.call("fd_seek", fd, 0n, 3, off), E.INVAL);
      assert.equal(b.call("fd_seek", fd, 20n, 0, off), E.SUCCESS, "beyond the end is allowed");
      assert.deepEqual(b.read(fd, 4), [E.SUCCESS, ""]);
      assert.equal(b.call("fd_seek", 3, 0n, 0, off), E.NOTCAPABLE, "a directory cannot seek");
      assert.equal(b.call("fd_seek", 99, 0n, 0, off), E.BADF);
    }));

    it("fd_pread and fd_pwrite use their own offset and leave the fd's alone", withBench((b, box) => {
      writeFileSync(join(box.dir, "p.bin"), "0123456789");
      const [, fd] = b.open("p.bin");
      const buf1 = b.alloc(3), buf2 = b.alloc(2);
      const [iov, n] = b.iovs([buf1, 3], [buf2, 2]);
      const out = b.alloc(4);
      assert.equal(b.call("fd_pread", fd, iov, n, 4n, out), E.SUCCESS);
      assert.equal(b.u32(out), 5);
      assert.equal(b.text(buf1, 3) + b.text(buf2, 2), "45678");
      const [wiov, wn] = b.iovs(b.data("AB"), b.data("C"));
      assert.equal(b.call("fd_pwrite", fd, wiov, wn, 1n, out), E.SUCCESS);
      assert.equal(b.u32(out), 3);
      assert.equal(readFileSync(join(box.dir, "p.bin"), "utf8"), "0ABC456789");
      assert.deepEqual(b.read(fd, 2), [E.SUCCESS, "0A"], "the fd offset is still 0");
      assert.equal(b.call("fd_pread", 0, iov, n, 0n, out), E.SPIPE);
      assert.equal(b.call("fd_pwrite", 3, wiov, wn, 0n, out), E.ISDIR);
      assert.equal(b.call("fd_pread", fd, 0x7ffffff0, 1, 0n, out), E.FAULT);
    }));

    it("scatter reads and gather writes cover every iovec", withBench((b) => {
      const [, fd] = b.open("v.txt", { oflags: CREAT });
      const [iov, n] = b.iovs(b.data("ab"), b.data(""), b.data("cde"));
      const out = b.alloc(4);
      assert.equal(b.call("fd_write", fd, iov, n, out), E.SUCCESS);
      assert.equal(b.u32(out), 5);
      const off = b.alloc(8);
      b.call("fd_seek", fd, 0n, 0, off);
      const r1 = b.alloc(1), r2 = b.alloc(10);
      const [riov, rn] = b.iovs([r1, 1], [r2, 10]);
      assert.equal(b.call("fd_read", fd, riov, rn, out), E.SUCCESS);
      assert.equal(b.u32(out), 5);
      assert.equal(b.text(r1, 1) + b.text(r2, 4), "abcde");
    }));

    it("fd_filestat_get, fd_filestat_set_size, fd_allocate and fd_filestat_set_times", withBench((b, box) => {
      const path = join(box.dir, "st.txt");
      writeFileSync(path, "12345");
      const [, fd] = b.open("st.txt");
      const st = b.alloc(64);
      assert.equal(b.call("fd_filestat_get", fd, st), E.SUCCESS);
      assert.equal(b.u8(st + 16), 4);
      assert.equal(b.u64(st + 32), 5n);
      assert.equal(b.u64(st + 24), 1n);
      assert.equal(b.u64(st + 8), statSync(path, { bigint: true }).ino);
      assert.equal(b.call("fd_filestat_set_size", fd, 100n), E.SUCCESS);
      assert.equal(statSync(path).size, 100);
      assert.equal(b.call("fd_filestat_set_size", fd, 3n), E.SUCCESS);
      assert.equal(readFileSync(path, "utf8"), "123");
      assert.equal(b.call("fd_allocate", fd, 10n, 10n), E.SUCCESS);
      assert.equal(statSync(path).size, 20);
      assert.equal(b.call("fd_allocate", fd, 0n, 5n), E.SUCCESS);
      assert.equal(statSync(path).size, 20, "allocate never shrinks");
      const mtim = 1_600_000_000_123_000_000n;
      assert.equal(b.call("fd_filestat_set_times", fd, 0n, mtim, 4), E.SUCCESS);
      // node:wasi keeps whole seconds of the time (see wasi-build-bench.ts).
      if (b.target === "js") assert.ok(Math.abs(statSync(path).mtimeMs - 1_600_000_000_123) < 0.01);
      else assert.equal(statSync(path).mtimeMs, 1_600_000_000_000);
      assert.equal(b.call("fd_filestat_set_times", fd, 0n, 0n, 1 | 2), E.INVAL, "ATIM with ATIM_NOW");
      assert.equal(b.call("fd_filestat_set_times", fd, 0n, 0n, 8), E.SUCCESS);
      assert.ok(Math.abs(statSync(path).mtimeMs - Date.now()) < 10_000);
      assert.equal(b.call("fd_filestat_get", 3, st), E.SUCCESS);
      assert.equal(b.u8(st + 16), 3, "the preopen is a directory");
      assert.equal(b.call("fd_filestat_set_size", 3, 0n), E.ISDIR);
      assert.equal(b.call("fd_filestat_get", 99, st), E.BADF);
    }));

    it("fd_advise, fd_datasync and fd_sync", withBench((b) => {
      const [, fd] = b.open("sync.txt", { oflags: CREAT });
      b.write(fd, "x");
      assert.equal(b.call("fd_advise", fd, 0n, 0n, 2), E.SUCCESS);
      assert.equal(b.call("fd_advise", fd, 0n, 0n, 6), E.INVAL);
      assert.equal(b.call("fd_datasync", fd), E.SUCCESS);
      assert.equal(b.call("fd_sync", fd), E.SUCCESS);
      assert.equal(b.call("fd_sync", 3), E.SUCCESS);
      assert.equal(b.call("fd_datasync", 99), E.BADF);
      assert.equal(b.call("fd_advise", 99, 0n, 0n, 0), E.BADF);
    }));

    it("fd_renumber moves an fd over another and closes the target", withBench((b, box) => {
      writeFileSync(join(box.dir, "a.txt"), "A");
      writeFileSync(join(box.dir, "b.txt"), "B");
      const [, fa] = b.open("a.txt");
      const [, fb] = b.open("b.txt");
      assert.equal(b.call("fd_renumber", fa, fb), E.SUCCESS);
      assert.deepEqual(b.read(fb, 1), [E.SUCCESS, "A"]);
      assert.equal(b.read(fa, 1)[0], E.BADF);
      assert.equal(b.call("fd_renumber", fb, 77), E.BADF);
      assert.equal(b.call("fd_renumber", 77, fb), E.BADF);
      const [, fc] = b.open("b.txt");
      assert.equal(fc, fa, "the lowest free fd is reused");
    }));

    it("an out-of-bounds pointer gives EFAULT and changes nothing", withBench((b, box) => {
      const [p, l] = b.str("f.txt");
      assert.equal(b.call("path_open", 3, 0, p, l, CREAT, 0n, 0n, 0, 4 * 65536), E.FAULT);
      assert.throws(() => statSync(join(box.dir, "f.txt")), /ENOENT/);
      assert.equal(b.call("path_open", 3, 0, 4 * 65536 - 2, 5, CREAT, 0n, 0n, 0, b.alloc(4)), E.FAULT);
    }));
  });
}
