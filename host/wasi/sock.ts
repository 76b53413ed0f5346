// The socket functions of preview1 (sock_accept, sock_recv, sock_send,
// sock_shutdown): Ferry gives workloads no sockets, so each says EBADF for a
// closed fd and ENOTSUP otherwise.

import { Errno } from "./errno.js";
import type { WasiContext, WasiFunction } from "./context.js";

/** sock_*. */
export function sockFunctions(ctx: WasiContext): Record<string, WasiFunction> {
  const unsupported = (fd: number): number => (ctx.fds.find(fd) === undefined ? Errno.BADF : Errno.NOTSUP);
  return {
    sock_accept: (fd: number) => unsupported(fd),
    sock_recv: (fd: number) => unsupported(fd),
    sock_send: (fd: number) => unsupported(fd),
    sock_shutdown: (fd: number) => unsupported(fd),
  };
}
