// The capability sandbox: no WASI path may reach outside its directory fd,
// whether through `..`, an absolute path, or a symlink (absolute, climbing,
// or in the middle of a path); symlinks that stay inside work, loops end in
// ELOOP. Every escape is ENOTCAPABLE and leaves the outside untouched.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { resolvePath } from "../../host/wasi/sandbox.js";
import { WasiError } from "../../host/wasi/errno.js";
import { E, ENGINES, benchTest, makeBench, makeSandbox, RIGHTS_RO } from "./harness.js";
import type { Bench, Sandbox } from "./harness.js";

for (const [name, makeEngine, skip] of ENGINES) {
  describe(`WASI sandbox (${name} engine)`, { skip }, () => {
    const withBench = (f: (b: Bench, box: Sandbox) => void) => benchTest(makeEngine, f);
    /** Skip reason for a case where node:wasi differs from the JS host in a way the VM does not even out (see wasi-build-bench.ts). */
    const unlessNodeWasi = (reason: string) => ({ skip: name.startsWith("WASI build") ? `node:wasi ${reason}` : false });

    it("`..` cannot climb out of the preopen, even after going down", withBench((b, box) => {
      mkdirSync(join(box.dir, "sub"));
      assert.equal(b.open("../outside/secret.txt", { base: RIGHTS_RO })[0], E.NOTCAPABLE);
      assert.equal(b.open("sub/../../outside/secret.txt", { base: RIGHTS_RO })[0], E.NOTCAPABLE);
      assert.equal(b.open("..", { base: RIGHTS_RO })[0], E.NOTCAPABLE);
      assert.equal(b.open("sub/..", { base: RIGHTS_RO })[0], E.SUCCESS, "climbing back to the preopen itself is fine");
      assert.equal(b.pathCall("path_create_directory", "../made"), E.NOTCAPABLE);
      assert.equal(existsSync(join(box.root, "made")), false);
      assert.equal(b.pathCall("path_unlink_file", "../outside/secret.txt"), E.NOTCAPABLE);
      assert.ok(existsSync(join(box.outside, "secret.txt")));
    }));

    it("absolute paths are refused", withBench((b, box) => {
      assert.equal(b.open(join(box.outside, "secret.txt"), { base: RIGHTS_RO })[0], E.NOTCAPABLE);
      assert.equal(b.open("/etc/passwd", { base: RIGHTS_RO })[0], E.NOTCAPABLE);
      assert.equal(b.pathCall("path_create_directory", "/tmp/ferry-should-not-exist"), E.NOTCAPABLE);
      assert.equal(existsSync("/tmp/ferry-should-not-exist"), false);
    }));

    it("symlinks pointing outside are not followed, however they point", unlessNodeWasi("follows relative symlinks out of the preopen: it is no sandbox"), withBench((b, box) => {
      symlinkSync(join(box.outside, "secret.txt"), join(box.dir, "abs-link"));
      symlinkSync("../outside/secret.txt", join(box.dir, "rel-link"));
      symlinkSync("../outside", join(box.dir, "dir-link"));
      mkdirSync(join(box.dir, "sub"));
      symlinkSync("../../outside", join(box.dir, "sub", "deep-link"));
      // node:wasi resolves an absolute symlink inside the preopen, as if it were the root (see wasi-build-bench.ts).
      assert.equal(b.open("abs-link", { base: RIGHTS_RO })[0], b.target === "node:wasi" ? E.NOENT : E.NOTCAPABLE);
      for (const path of ["rel-link", "dir-link/secret.txt", "sub/deep-link/secret.txt"]) {
        assert.equal(b.open(path, { base: RIGHTS_RO })[0], E.NOTCAPABLE, path);
      }
      const st = b.alloc(64);
      const [p, l] = b.str("dir-link/secret.txt");
      assert.equal(b.call("path_filestat_get", 3, 1, p, l, st), E.NOTCAPABLE);
      assert.equal(b.pathCall("path_create_directory", "dir-link/new"), E.NOTCAPABLE);
      assert.equal(b.open("dir-link/new.txt", { oflags: 1 })[0], E.NOTCAPABLE);
      assert.equal(existsSync(join(box.outside, "new.txt")), false);
      assert.equal(b.pathCall("path_unlink_file", "dir-link/secret.txt"), E.NOTCAPABLE);
      assert.equal(readFileSync(join(box.outside, "secret.txt"), "utf8"), "secret\n");
      assert.equal(b.pathCall("path_unlink_file", "abs-link"), E.SUCCESS, "the link itself may go");
    }));

    it("a symlink created by the workload cannot be used to escape", withBench((b, box) => {
      const [t, tl] = b.str("../outside");
      const [n, nl] = b.str("escape");
      if (b.target === "node:wasi") {
        // node:wasi refuses to create a symlink pointing outside (see wasi-build-bench.ts).
        assert.equal(b.call("path_symlink", t, tl, 3, n, nl), E.NOTCAPABLE);
        return;
      }
      assert.equal(b.call("path_symlink", t, tl, 3, n, nl), E.SUCCESS);
      assert.equal(b.open("escape/secret.txt", { base: RIGHTS_RO })[0], E.NOTCAPABLE);
      assert.equal(b.open("escape", { oflags: 2, base: RIGHTS_RO })[0], E.NOTCAPABLE);
      void box;
    }));

    it("symlinks that stay inside work, chains included; loops end in ELOOP", withBench((b, box) => {
      mkdirSync(join(box.dir, "a"));
      writeFileSync(join(box.dir, "a", "f.txt"), "inside");
      symlinkSync("a", join(box.dir, "to-a"));
      symlinkSync("to-a/f.txt", join(box.dir, "chain"));
      mkdirSync(join(box.dir, "b"));
      symlinkSync("../a/f.txt", join(box.dir, "b", "up"));
      symlinkSync("loop2", join(box.dir, "loop1"));
      symlinkSync("loop1", join(box.dir, "loop2"));
      for (const path of ["to-a/f.txt", "chain", "b/up"]) {
        const [err, fd] = b.open(path, { base: RIGHTS_RO });
        assert.equal(err, E.SUCCESS, path);
        assert.deepEqual(b.read(fd, 10), [E.SUCCESS, "inside"]);
      }
      assert.equal(b.open("loop1", { base: RIGHTS_RO })[0], E.LOOP);
      assert.equal(b.open("loop1/x", { base: RIGHTS_RO })[0], E.LOOP);
    }));

    it("a directory fd opened below the preopen is itself a sandbox root", withBench((b, box) => {
      mkdirSync(join(box.dir, "sub"));
      writeFileSync(join(box.dir, "top.txt"), "top");
      const [, dfd] = b.open("sub", { oflags: 2, base: RIGHTS_RO });
      assert.equal(b.open("../top.txt", { fd: dfd, base: RIGHTS_RO })[0], E.NOTCAPABLE);
    }));

    it("a preopen can carry any guest name", () => {
      const box = makeSandbox();
      const { bench: b } = makeBench(makeEngine(), { preopens: [{ host: box.dir, guest: "/data" }] });
      try {
        const pre = b.alloc(8);
        assert.equal(b.call("fd_prestat_get", 3, pre), E.SUCCESS);
        const name = b.alloc(8);
        assert.equal(b.call("fd_prestat_dir_name", 3, name, b.u32(pre + 4)), E.SUCCESS);
        assert.equal(b.text(name, 5), "/data");
      } finally {
        box.cleanup();
      }
    });
  });
}

describe("resolvePath", () => {
  it("returns the host path, the guest path and the stat of the target", () => {
    const box = makeSandbox();
    try {
      mkdirSync(join(box.dir, "d"));
      writeFileSync(join(box.dir, "d", "f"), "x");
      const r = resolvePath({ hostPath: box.dir, guestPath: "." }, "d/./../d//f", false);
      assert.equal(r.hostPath, join(box.dir, "d", "f"));
      assert.equal(r.guestPath, "d/f");
      assert.ok(r.stat?.isFile());
      const missing = resolvePath({ hostPath: box.dir, guestPath: "/g" }, "d/new", false);
      assert.equal(missing.stat, null);
      assert.equal(missing.guestPath, "/g/d/new");
      assert.throws(() => resolvePath({ hostPath: box.dir, guestPath: "." }, "", false), (e: unknown) => e instanceof WasiError && e.errno === E.NOENT);
      assert.throws(() => resolvePath({ hostPath: box.dir, guestPath: "." }, "a\0b", false), (e: unknown) => e instanceof WasiError && e.errno === E.INVAL);
    } finally {
      box.cleanup();
    }
  });
});
