// What the test thread and the worker of WasiBuildBench share: where the
// call-server workload keeps its request, the clock id of its control call,
// the layout of the shared buffer and its states.

/** Workload address of the request: u32 function index, u32 result, then 8-byte argument slots. */
export const CONTROL_ADDR = 0x400;
/** Function index asking the call server to return from _start. */
export const QUIT = 0xffff;
/** The clock id of the control call clock_res_get(CONTROL_CLOCK, CONTROL_ADDR); no real clock has it. */
export const CONTROL_CLOCK = 0x7ff00001;

/** Int32 words at the start of the shared buffer; the workload memory image follows. */
export enum Slot { STATE = 0, VALUE = 1, WORDS = 2 }

/** The state word. */
export enum State {
  /** The worker is starting or working. */
  BUSY = 0,
  /** The test thread put a request in the image. */
  REQUEST = 1,
  /** The call is done; the image holds the memory after it. */
  DONE = 2,
  /** The VM returned; VALUE is the exit code. */
  EXITED = 3,
  /** The VM failed; the image holds VALUE bytes of message. */
  ERROR = 4,
}

/** workerData of the worker. */
export interface WorkerInput {
  vm: string;
  args: string[];
  env: Record<string, string>;
  preopens: Record<string, string>;
  stdio: [number, number, number];
  shared: SharedArrayBuffer;
  memBytes: number;
}
