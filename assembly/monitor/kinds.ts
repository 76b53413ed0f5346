// The monitors the VM can compute, as bits of the mask given to
// ferry_monitor_enable (docs/instrumentation.md). The numbers are ABI: the
// host's instrument/monitors/ registry uses the same ones.

export const enum MonitorBit {
  COUNT = 1,
  OPCODES = 2,
  PROFILE = 4,
  COVERAGE = 8,
  BRANCHES = 16,
  CALLS = 32,
  MEMORY = 64,
  HOTNESS = 128,
}

/** Monitors that need per-segment execution counts (M_FUEL). */
export const SEGMENT_MONITORS: u32 = MonitorBit.OPCODES | MonitorBit.PROFILE | MonitorBit.COVERAGE | MonitorBit.HOTNESS;
/** Monitors that need the call hooks (M_CALL, M_CALL_INDIRECT). */
export const CALL_MONITORS: u32 = MonitorBit.PROFILE | MonitorBit.CALLS;
/** Every monitor that needs a monitor copy of the code (all but COUNT). */
export const COPY_MONITORS: u32 = SEGMENT_MONITORS | CALL_MONITORS | MonitorBit.BRANCHES | MonitorBit.MEMORY;
