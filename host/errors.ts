// Typed errors of the host library, kept apart as in the spec interpreter:
// compile (malformed / invalid), link, trap, exhaustion, and internal (a bug in
// Ferry or a misuse of the host API). Every engine throws these, never raw
// WebAssembly.* errors, so callers can tell the outcomes apart.

/** One frame of a trap backtrace, innermost first. */
export interface BacktraceFrame {
  /** Function index in its module (host function id for host functions), or -1 if unknown. */
  funcIndex: number;
  /** Name from the name section, or "" if none. */
  name: string;
  /** Byte offset of the instruction in the original module, or -1 if unknown. */
  pc: number;
}

/** Base class of every error the host library throws. */
export class FerryError extends Error {
  override name = "FerryError";
}

/** Kind of compile failure: decoding (`malformed`), validation (`invalid`), or `unknown` for engines that cannot tell. */
export type CompileErrorKind = "malformed" | "invalid" | "unknown";

/** The module bytes could not be decoded or validated. */
export class FerryCompileError extends FerryError {
  override name = "FerryCompileError";
  /** Creates a compile error; `offset` is the byte offset of the failure in the module, or -1. */
  constructor(readonly kind: CompileErrorKind, message: string, readonly offset = -1) {
    super(message);
  }
}

/** Instantiation failed while resolving or type-checking imports. */
export class FerryLinkError extends FerryError {
  override name = "FerryLinkError";
}

/** The workload trapped (during a call, a start function or segment initialisation). */
export class FerryTrap extends FerryError {
  override name = "FerryTrap";
  /**
   * Creates a trap. `alternatives` lists other spec messages the trap may stand for when
   * the engine cannot tell them apart (the native engine maps V8 messages this way).
   */
  constructor(message: string, readonly backtrace: BacktraceFrame[] = [], readonly alternatives: string[] = []) {
    super(message);
  }

  /**
   * True if the trap message starts with the spec text `text`, or one of the
   * alternatives (mapped wording, which lacks the spec's details) is a prefix of it or it of `text`.
   */
  matches(text: string): boolean {
    if (this.message.startsWith(text)) return true;
    if (this.alternatives.length === 0) return false;
    return [this.message, ...this.alternatives].some((m) => m.startsWith(text) || text.startsWith(m));
  }

  /** The backtrace as text, one `at name (func N, pc 0xOFF)` line per frame. */
  formatBacktrace(): string {
    return this.backtrace
      .map((f) => `  at ${f.name || `func[${f.funcIndex}]`} (func ${f.funcIndex}, pc 0x${f.pc.toString(16)})`)
      .join("\n");
  }
}

/** The call stack was exhausted (`reason: "stack"`) or the fuel budget ran out (`reason: "fuel"`). */
export class FerryExhaustion extends FerryError {
  override name = "FerryExhaustion";
  /** Creates an exhaustion error for the given reason. */
  constructor(message: string, readonly reason: "stack" | "fuel" = "stack", readonly backtrace: BacktraceFrame[] = []) {
    super(message);
  }
}

/** A bug in Ferry, an unexpected VM state, or a misuse of the host API. */
export class FerryInternalError extends FerryError {
  override name = "FerryInternalError";
}
