// The ABI of build/ferry.wasm (docs/internals.md). Placeholder until the runtime lands.

/** Called by AssemblyScript on an internal assertion failure: a Ferry bug. */
export function ferryAbort(msg: usize, file: usize, line: u32, col: u32): void {
  unreachable();
}
