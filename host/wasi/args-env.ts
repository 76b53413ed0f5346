// args_get / args_sizes_get and environ_get / environ_sizes_get: the
// program's arguments and `KEY=VALUE` environment as NUL-terminated UTF-8
// strings, pointers first, bytes packed after.

import { Errno } from "./errno.js";
import type { WasiContext, WasiFunction } from "./context.js";
import { encodeUtf8 } from "./memory.js";

/** Writes `list` as pointer array at `ptrs` and NUL-terminated strings packed at `buf`. */
function writeStrings(ctx: WasiContext, list: readonly string[], ptrs: number, buf: number): number {
  const encoded = list.map((s) => encodeUtf8(s + "\0"));
  const total = encoded.reduce((n, b) => n + b.length, 0);
  ctx.mem.slice(ptrs, 4 * list.length);
  ctx.mem.slice(buf, total);
  let at = buf;
  encoded.forEach((bytes, i) => {
    ctx.mem.setU32(ptrs + 4 * i, at);
    ctx.mem.write(at, bytes);
    at += bytes.length;
  });
  return Errno.SUCCESS;
}

/** Writes the count and total byte size (NULs included) of `list`. */
function writeSizes(ctx: WasiContext, list: readonly string[], countPtr: number, sizePtr: number): number {
  const size = list.reduce((n, s) => n + encodeUtf8(s).length + 1, 0);
  ctx.mem.setU32(countPtr, list.length);
  ctx.mem.setU32(sizePtr, size);
  return Errno.SUCCESS;
}

/** args_* and environ_*. */
export function argsEnvFunctions(ctx: WasiContext): Record<string, WasiFunction> {
  return {
    args_get: (argv: number, argvBuf: number) => writeStrings(ctx, ctx.args, argv, argvBuf),
    args_sizes_get: (argc: number, size: number) => writeSizes(ctx, ctx.args, argc, size),
    environ_get: (environ: number, environBuf: number) => writeStrings(ctx, ctx.env, environ, environBuf),
    environ_sizes_get: (count: number, size: number) => writeSizes(ctx, ctx.env, count, size),
  };
}
