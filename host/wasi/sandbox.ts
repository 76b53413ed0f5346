// Path resolution under a directory fd, the capability check of WASI: a guest
// path is resolved component by component below the directory, `..` may not
// climb above it, absolute paths are refused, and symlinks are followed only
// while their targets stay inside (an absolute target or one that climbs out
// is refused). Escapes fail with ENOTCAPABLE. The result names a host path
// whose every directory component was checked not to be a symlink.

import * as fs from "node:fs";
import { Errno, WasiError } from "./errno.js";

/** How many symlinks one resolution may follow before ELOOP (Linux's limit). */
export const MAX_SYMLINKS = 40;

/** A resolved guest path. */
export interface ResolvedPath {
  /** Absolute host path of the target. */
  hostPath: string;
  /** The target as the guest names it (directory's guest path + the normalised components). */
  guestPath: string;
  /** lstat of the target (stat if a final symlink was followed), null if it does not exist. */
  stat: fs.Stats | null;
  /** True if the guest path ended in `/` (or `.`/`..`): the target must be a directory. */
  mustBeDir: boolean;
}

/** The directory a path is resolved under. */
export interface SandboxRoot {
  hostPath: string;
  guestPath: string;
}

function lstatOrNull(path: string): fs.Stats | null {
  try {
    return fs.lstatSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT") return null;
    throw e;
  }
}

function joinHost(root: string, parts: readonly string[]): string {
  if (parts.length === 0) return root;
  return (root.endsWith("/") ? root : root + "/") + parts.join("/");
}

function joinGuest(root: string, parts: readonly string[]): string {
  if (parts.length === 0) return root;
  if (root === "" || root === ".") return parts.join("/");
  return (root.endsWith("/") ? root : root + "/") + parts.join("/");
}

/**
 * Resolves `path` under `root`; `followFinal` says whether a symlink in the last component is
 * followed (intermediate ones always are). Throws WasiError: ENOTCAPABLE on an escape, ENOENT /
 * ENOTDIR for a missing or non-directory intermediate component, ELOOP on too many symlinks,
 * EINVAL for a NUL byte, ENOENT for an empty path.
 */
export function resolvePath(root: SandboxRoot, path: string, followFinal: boolean): ResolvedPath {
  if (path.length === 0) throw new WasiError(Errno.NOENT);
  if (path.includes("\0")) throw new WasiError(Errno.INVAL);
  if (path.startsWith("/")) throw new WasiError(Errno.NOTCAPABLE);
  const mustBeDir = /(^|\/)(\.|\.\.)?$/.test(path);
  const queue = path.split("/");
  const stack: string[] = [];
  let symlinks = 0;
  let finalStat: fs.Stats | null | undefined;
  while (queue.length > 0) {
    const c = queue.shift()!;
    if (c === "" || c === ".") continue;
    if (c === "..") {
      if (stack.length === 0) throw new WasiError(Errno.NOTCAPABLE);
      stack.pop();
      finalStat = undefined;
      continue;
    }
    const isLast = queue.every((q) => q === "" || q === ".");
    const here = joinHost(root.hostPath, [...stack, c]);
    const st = lstatOrNull(here);
    if (st === null) {
      if (!isLast) throw new WasiError(Errno.NOENT);
      stack.push(c);
      finalStat = null;
      continue;
    }
    if (st.isSymbolicLink() && (!isLast || followFinal || mustBeDir)) {
      if (++symlinks > MAX_SYMLINKS) throw new WasiError(Errno.LOOP);
      const target = fs.readlinkSync(here);
      if (target.startsWith("/")) throw new WasiError(Errno.NOTCAPABLE);
      queue.unshift(...target.split("/"));
      if (target.endsWith("/") && queue.every((q) => q === "" || q === ".")) queue.push(".");
      continue;
    }
    if (!isLast && !st.isDirectory()) throw new WasiError(Errno.NOTDIR);
    stack.push(c);
    finalStat = st;
  }
  const hostPath = joinHost(root.hostPath, stack);
  if (finalStat === undefined) finalStat = lstatOrNull(hostPath);
  if (mustBeDir && finalStat !== null && !finalStat.isDirectory()) throw new WasiError(Errno.NOTDIR);
  return { hostPath, guestPath: joinGuest(root.guestPath, stack), stat: finalStat, mustBeDir };
}
