// WASI directories and names through a real engine: fd_readdir with cookies
// and short buffers, and every path_* function (create/remove directory,
// filestat and times, link, symlink, readlink, rename, unlink) with its
// error paths.

import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { E, ENGINES, benchTest } from "./harness.js";
import type { Bench, Sandbox } from "./harness.js";

/** Decodes the dirents in a readdir buffer: [cookie, name, type] per complete entry. */
function dirents(b: Bench, buf: number, used: number): Array<[bigint, string, number]> {
  const out: Array<[bigint, string, number]> = [];
  for (let at = 0; at + 24 <= used;) {
    const next = b.u64(buf + at);
    const len = b.u32(buf + at + 16);
    const type = b.u8(buf + at + 20);
    if (at + 24 + len > used) break;
    out.push([next, b.text(buf + at + 24, len), type]);
    at += 24 + len;
  }
  return out;
}

/** A path call with two paths under fd 3: name(3, p1, l1, 3, p2, l2). */
function twoPaths(b: Bench, name: string, from: string, to: string): number {
  const [p1, l1] = b.str(from);
  const [p2, l2] = b.str(to);
  return b.call(name, 3, p1, l1, 3, p2, l2);
}

for (const [name, makeEngine, skip] of ENGINES) {
  describe(`WASI directories and paths (${name} engine)`, { skip }, () => {
    const withBench = (f: (b: Bench, box: Sandbox) => void) => benchTest(makeEngine, f);
    /** Skip reason for a case where node:wasi differs from the JS host in a way the VM does not even out (see wasi-build-bench.ts). */
    const unlessNodeWasi = (reason: string) => ({ skip: name.startsWith("WASI build") ? `node:wasi ${reason}` : false });

    it("fd_readdir lists . and .. then sorted names, resuming at a cookie", unlessNodeWasi("lists entries unsorted"), withBench((b, box) => {
      writeFileSync(join(box.dir, "b.txt"), "");
      mkdirSync(join(box.dir, "a-dir"));
      symlinkSync("b.txt", join(box.dir, "c-link"));
      const buf = b.alloc(4096);
      const used = b.alloc(4);
      assert.equal(b.call("fd_readdir", 3, buf, 4096, 0n, used), E.SUCCESS);
      const all = dirents(b, buf, b.u32(used));
      assert.deepEqual(all.map(([, n]) => n), [".", "..", "a-dir", "b.txt", "c-link"]);
      assert.deepEqual(all.map(([, , t]) => t), [3, 3, 3, 4, 7]);
      assert.deepEqual(all.map(([c]) => c), [1n, 2n, 3n, 4n, 5n]);
      assert.equal(b.u64(buf + 8), statSync(box.dir, { bigint: true }).ino, "d_ino of .");
      assert.equal(b.call("fd_readdir", 3, buf, 4096, 3n, used), E.SUCCESS);
      assert.deepEqual(dirents(b, buf, b.u32(used)).map(([, n]) => n), ["b.txt", "c-link"]);
      assert.equal(b.call("fd_readdir", 3, buf, 4096, 5n, used), E.SUCCESS);
      assert.equal(b.u32(used), 0, "past the end");
    }));

    it("fd_readdir fills a short buffer completely, cutting the last entry", unlessNodeWasi("lists entries unsorted"), withBench((b, box) => {
      writeFileSync(join(box.dir, "long-file-name.txt"), "");
      const buf = b.alloc(64);
      const used = b.alloc(4);
      assert.equal(b.call("fd_readdir", 3, buf, 60, 0n, used), E.SUCCESS);
      assert.equal(b.u32(used), 60, "bufused == buf_len: more to come");
      assert.deepEqual(dirents(b, buf, 60).map(([, n]) => n), [".", ".."], "25 + 26 bytes fit, the next entry is cut");
      assert.equal(b.call("fd_readdir", 3, buf, 64, 2n, used), E.SUCCESS);
      assert.deepEqual(dirents(b, buf, b.u32(used)).map(([, n]) => n), ["long-file-name.txt"]);
      const [, fd] = b.open("long-file-name.txt");
      assert.equal(b.call("fd_readdir", fd, buf, 64, 0n, used), E.NOTDIR);
      assert.equal(b.call("fd_readdir", 99, buf, 64, 0n, used), E.BADF);
    }));

    it("path_create_directory and path_remove_directory", withBench((b, box) => {
      assert.equal(b.pathCall("path_create_directory", "d"), E.SUCCESS);
      assert.ok(statSync(join(box.dir, "d")).isDirectory());
      assert.equal(b.pathCall("path_create_directory", "d"), E.EXIST);
      assert.equal(b.pathCall("path_create_directory", "missing/d"), E.NOENT);
      assert.equal(b.pathCall("path_create_directory", "d/e/"), E.SUCCESS);
      assert.equal(b.pathCall("path_remove_directory", "d"), E.NOTEMPTY);
      writeFileSync(join(box.dir, "f"), "");
      assert.equal(b.pathCall("path_remove_directory", "f"), E.NOTDIR);
      assert.equal(b.pathCall("path_remove_directory", "nope"), E.NOENT);
      assert.equal(b.pathCall("path_remove_directory", "d/e"), E.SUCCESS);
      assert.equal(b.pathCall("path_remove_directory", "d"), E.SUCCESS);
      assert.equal(existsSync(join(box.dir, "d")), false);
      assert.equal(b.pathCall("path_remove_directory", "."), b.target === "node:wasi" ? E.INVAL : E.BUSY, "the preopen itself stays");
      assert.equal(b.pathCall("path_create_directory", "x", 0), E.NOTDIR, "stdin is no directory");
    }));

    it("path_filestat_get follows symlinks only when asked", withBench((b, box) => {
      writeFileSync(join(box.dir, "t.txt"), "12345");
      symlinkSync("t.txt", join(box.dir, "l"));
      const st = b.alloc(64);
      const [p, l] = b.str("l");
      assert.equal(b.call("path_filestat_get", 3, 0, p, l, st), E.SUCCESS);
      assert.equal(b.u8(st + 16), 7);
      assert.equal(b.call("path_filestat_get", 3, 1, p, l, st), E.SUCCESS);
      assert.equal(b.u8(st + 16), 4);
      assert.equal(b.u64(st + 32), 5n);
      const [q, ql] = b.str("none");
      assert.equal(b.call("path_filestat_get", 3, 1, q, ql, st), E.NOENT);
      const [r, rl] = b.str("t.txt/");
      assert.equal(b.call("path_filestat_get", 3, 1, r, rl, st), E.NOTDIR);
    }));

    it("path_filestat_set_times sets times on the file or the link", unlessNodeWasi("keeps whole seconds and aborts Node in this case"), withBench((b, box) => {
      writeFileSync(join(box.dir, "t.txt"), "");
      symlinkSync("t.txt", join(box.dir, "l"));
      const [p, l] = b.str("l");
      const t = 1_500_000_000_000_000_000n;
      assert.equal(b.call("path_filestat_set_times", 3, 1, p, l, t, t, 1 | 4), E.SUCCESS);
      assert.ok(Math.abs(statSync(join(box.dir, "t.txt")).mtimeMs - 1_500_000_000_000) < 0.01);
      assert.equal(b.call("path_filestat_set_times", 3, 0, p, l, t + 2_000_000_000n, t + 2_000_000_000n, 1 | 4), E.SUCCESS);
      assert.ok(Math.abs(lstatSync(join(box.dir, "l")).mtimeMs - 1_500_000_002_000) < 0.01);
      assert.ok(Math.abs(statSync(join(box.dir, "t.txt")).mtimeMs - 1_500_000_000_000) < 0.01, "the target is unchanged");
      const [q, ql] = b.str("none");
      assert.equal(b.call("path_filestat_set_times", 3, 1, q, ql, 0n, 0n, 2), E.NOENT);
      assert.equal(b.call("path_filestat_set_times", 3, 1, p, l, 0n, 0n, 4 | 8), E.INVAL);
    }));

    it("path_link makes a hard link", withBench((b, box) => {
      writeFileSync(join(box.dir, "src.txt"), "linked");
      mkdirSync(join(box.dir, "d"));
      const link = (from: string, to: string) => {
        const [p1, l1] = b.str(from);
        const [p2, l2] = b.str(to);
        return b.call("path_link", 3, 0, p1, l1, 3, p2, l2);
      };
      assert.equal(link("src.txt", "dst.txt"), E.SUCCESS);
      assert.equal(readFileSync(join(box.dir, "dst.txt"), "utf8"), "linked");
      assert.equal(statSync(join(box.dir, "src.txt")).nlink, 2);
      assert.equal(link("src.txt", "dst.txt"), E.EXIST);
      assert.equal(link("none", "x"), E.NOENT);
      assert.equal(link("d", "d2"), E.PERM);
      assert.equal(link("src.txt", "../escaped.txt"), E.NOTCAPABLE);
      assert.equal(existsSync(join(box.root, "escaped.txt")), false);
    }));

    it("path_symlink and path_readlink", withBench((b, box) => {
      writeFileSync(join(box.dir, "target.txt"), "t");
      assert.equal(twoPathsSymlink(b, "target.txt", "ln"), E.SUCCESS);
      assert.equal(readlinkSync(join(box.dir, "ln")), "target.txt");
      assert.equal(twoPathsSymlink(b, "target.txt", "ln"), E.EXIST);
      // node:wasi refuses to create a symlink pointing outside with EPERM (see wasi-build-bench.ts).
      assert.equal(twoPathsSymlink(b, "/etc/passwd", "abs"), b.target === "node:wasi" ? E.PERM : E.NOTCAPABLE);
      const [p, l] = b.str("ln");
      const buf = b.alloc(64);
      const used = b.alloc(4);
      assert.equal(b.call("path_readlink", 3, p, l, buf, 64, used), E.SUCCESS);
      assert.equal(b.text(buf, b.u32(used)), "target.txt");
      if (b.target === "node:wasi") {
        // node:wasi refuses a short buffer instead of truncating (see wasi-build-bench.ts).
        assert.equal(b.call("path_readlink", 3, p, l, buf, 6, used), E.NOBUFS);
      } else {
        assert.equal(b.call("path_readlink", 3, p, l, buf, 6, used), E.SUCCESS);
        assert.equal(b.text(buf, b.u32(used)), "target", "truncated to the buffer");
      }
      const [q, ql] = b.str("target.txt");
      assert.equal(b.call("path_readlink", 3, q, ql, buf, 64, used), E.INVAL, "not a symlink");
      const [r, rl] = b.str("none");
      assert.equal(b.call("path_readlink", 3, r, rl, buf, 64, used), E.NOENT);
      const [, fd] = b.open("ln");
      assert.deepEqual(b.read(fd, 5), [E.SUCCESS, "t"], "open follows a symlink inside");
      if (b.target === "js") assert.equal(b.open("ln", { dirflags: 0 })[0], E.LOOP, "but not without symlink_follow");
      else assert.equal(b.open("ln", { dirflags: 0 })[0], E.SUCCESS, "node:wasi follows it anyway (see wasi-build-bench.ts)");
    }));

    it("path_rename moves files and directories", withBench((b, box) => {
      writeFileSync(join(box.dir, "a.txt"), "A");
      mkdirSync(join(box.dir, "d"));
      mkdirSync(join(box.dir, "full"));
      writeFileSync(join(box.dir, "full", "x"), "");
      assert.equal(twoPaths(b, "path_rename", "a.txt", "d/b.txt"), E.SUCCESS);
      assert.equal(readFileSync(join(box.dir, "d", "b.txt"), "utf8"), "A");
      assert.equal(twoPaths(b, "path_rename", "a.txt", "c.txt"), E.NOENT);
      assert.equal(twoPaths(b, "path_rename", "d/b.txt", "d"), b.target === "node:wasi" ? E.NOTEMPTY : E.ISDIR);
      writeFileSync(join(box.dir, "f"), "");
      assert.equal(twoPaths(b, "path_rename", "d", "f"), E.NOTDIR);
      assert.equal(twoPaths(b, "path_rename", "d", "full"), E.NOTEMPTY);
      assert.equal(twoPaths(b, "path_rename", "d", "d/inside"), E.INVAL);
      assert.equal(twoPaths(b, "path_rename", "d", "e"), E.SUCCESS);
      assert.ok(statSync(join(box.dir, "e", "b.txt")).isFile());
      assert.equal(twoPaths(b, "path_rename", "e/b.txt", "../out.txt"), E.NOTCAPABLE);
    }));

    it("path_unlink_file removes files and symlinks, not directories", withBench((b, box) => {
      writeFileSync(join(box.dir, "f.txt"), "");
      symlinkSync("f.txt", join(box.dir, "l"));
      mkdirSync(join(box.dir, "d"));
      assert.equal(b.pathCall("path_unlink_file", "l"), E.SUCCESS);
      assert.ok(existsSync(join(box.dir, "f.txt")), "the symlink went, not its target");
      assert.equal(b.pathCall("path_unlink_file", "d"), E.ISDIR);
      assert.equal(b.pathCall("path_unlink_file", "f.txt/"), E.NOTDIR);
      assert.equal(b.pathCall("path_unlink_file", "none"), E.NOENT);
      assert.equal(b.pathCall("path_unlink_file", "f.txt"), E.SUCCESS);
      assert.equal(existsSync(join(box.dir, "f.txt")), false);
    }));
  });
}

/** path_symlink(target, 3, newPath). */
function twoPathsSymlink(b: Bench, target: string, at: string): number {
  const [p1, l1] = b.str(target);
  const [p2, l2] = b.str(at);
  return b.call("path_symlink", p1, l1, 3, p2, l2);
}
