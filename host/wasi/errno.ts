// WASI preview1 error numbers (witx `errno`) and the mapping from the error
// codes node:fs throws (Node, Bun and Deno all use the POSIX names in `.code`)
// to them. Every WASI function returns one of these as its i32 result.

/** Names of the WASI errno values, indexed by value (`"2BIG"` is 1, `"NOTCAPABLE"` is 76). */
export const ERRNO_NAMES = [
  "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN", "ALREADY", "BADF", "BADMSG",
  "BUSY", "CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET", "DEADLK", "DESTADDRREQ", "DOM", "DQUOT",
  "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM", "ILSEQ", "INPROGRESS", "INTR", "INVAL", "IO",
  "ISCONN", "ISDIR", "LOOP", "MFILE", "MLINK", "MSGSIZE", "MULTIHOP", "NAMETOOLONG", "NETDOWN", "NETRESET",
  "NETUNREACH", "NFILE", "NOBUFS", "NODEV", "NOENT", "NOEXEC", "NOLCK", "NOLINK", "NOMEM", "NOMSG",
  "NOPROTOOPT", "NOSPC", "NOSYS", "NOTCONN", "NOTDIR", "NOTEMPTY", "NOTRECOVERABLE", "NOTSOCK", "NOTSUP", "NOTTY",
  "NXIO", "OVERFLOW", "OWNERDEAD", "PERM", "PIPE", "PROTO", "PROTONOSUPPORT", "PROTOTYPE", "RANGE", "ROFS",
  "SPIPE", "SRCH", "STALE", "TIMEDOUT", "TXTBSY", "XDEV", "NOTCAPABLE",
] as const;

/** WASI errno values (the ones Ferry's WASI returns by name; any other is reached through ERRNO_NAMES). */
export const enum Errno {
  SUCCESS = 0,
  TOOBIG = 1,
  ACCES = 2,
  AGAIN = 6,
  BADF = 8,
  BUSY = 10,
  EXIST = 20,
  FAULT = 21,
  FBIG = 22,
  ILSEQ = 25,
  INTR = 27,
  INVAL = 28,
  IO = 29,
  ISDIR = 31,
  LOOP = 32,
  MFILE = 33,
  NAMETOOLONG = 37,
  NOBUFS = 42,
  NOENT = 44,
  NOMEM = 48,
  NOSPC = 51,
  NOSYS = 52,
  NOTDIR = 54,
  NOTEMPTY = 55,
  NOTSUP = 58,
  NOTTY = 59,
  OVERFLOW = 61,
  PERM = 63,
  PIPE = 64,
  SPIPE = 70,
  XDEV = 75,
  NOTCAPABLE = 76,
}

/** A WASI error raised inside the implementation; the import wrapper turns it into its errno result. */
export class WasiError extends Error {
  override name = "WasiError";
  /** Creates the error for `errno` (a WASI errno value). */
  constructor(readonly errno: number, message = `WASI errno ${ERRNO_NAMES[errno] ?? errno}`) {
    super(message);
  }
}

/** Throws a WasiError with `errno`; handy in expressions: `entry ?? fail(Errno.BADF)`. */
export function fail(errno: number): never {
  throw new WasiError(errno);
}

const BY_CODE = new Map<string, number>();
ERRNO_NAMES.forEach((name, value) => BY_CODE.set(`E${name}`, value));
BY_CODE.set("EWOULDBLOCK", Errno.AGAIN);
BY_CODE.set("EOPNOTSUPP", Errno.NOTSUP);
BY_CODE.set("EDEADLOCK", 16);
BY_CODE.set("ENOTCAPABLE", Errno.NOTCAPABLE);

/** The WASI errno of a host error code such as "ENOENT"; EIO for codes WASI does not know. */
export function errnoFromCode(code: string): number {
  return BY_CODE.get(code) ?? Errno.IO;
}

/**
 * The WASI errno of an exception thrown by node:fs (or by this implementation), or undefined
 * if it is not an I/O error at all (then it is a bug or an exit, and must propagate).
 */
export function errnoOf(e: unknown): number | undefined {
  if (e instanceof WasiError) return e.errno;
  if (typeof e === "object" && e !== null) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("E")) return errnoFromCode(code);
    // Deno reports some failures as its own error classes with a `name` but no `code`.
    const name = (e as { name?: unknown }).name;
    if (name === "NotFound") return Errno.NOENT;
    if (name === "AlreadyExists") return Errno.EXIST;
    if (name === "PermissionDenied") return Errno.ACCES;
    if (name === "NotADirectory") return Errno.NOTDIR;
    if (name === "IsADirectory") return Errno.ISDIR;
    if (name === "DirectoryNotEmpty") return Errno.NOTEMPTY;
  }
  return undefined;
}
