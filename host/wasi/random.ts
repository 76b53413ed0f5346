// random_get: fills workload memory from the host's cryptographic generator
// (Web Crypto, present in Node 20, Bun and Deno), 64 KiB at a time.

import { Errno } from "./errno.js";
import type { WasiContext, WasiFunction } from "./context.js";

/** getRandomValues refuses more than this many bytes per call. */
const CHUNK = 65536;

/** random_get. */
export function randomFunctions(ctx: WasiContext): Record<string, WasiFunction> {
  return {
    random_get(buf: number, len: number): number {
      const target = ctx.mem.slice(buf, len);
      for (let at = 0; at < len; at += CHUNK) crypto.getRandomValues(target.subarray(at, Math.min(len, at + CHUNK)));
      return Errno.SUCCESS;
    },
  };
}
