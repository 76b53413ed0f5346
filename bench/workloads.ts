// The six benchmark kernels of /work/shared/workloads/bench: their parameter
// for sizes L (default) and S (--quick) and the checksum line each must print.

import { join } from "node:path";
import { projectRoot } from "../host/vm.js";

/** One benchmark kernel. */
export interface Workload {
  /** Kernel name (also the file name without .wasm). */
  name: string;
  /** Parameter (argv[1]) for size L. */
  large: number;
  /** Parameter for size S. */
  small: number;
  /** Expected `NAME param=P checksum=C` line for size L. */
  largeLine: string;
  /** Expected checksum line for size S. */
  smallLine: string;
}

/** The benchmarks, in the order of the workloads README. */
export const WORKLOADS: readonly Workload[] = [
  { name: "mandelbrot", large: 1000, small: 125, largeLine: "mandelbrot param=1000 checksum=1018833801383", smallLine: "mandelbrot param=125 checksum=149139780145" },
  { name: "pi", large: 600000000, small: 75000000, largeLine: "pi param=600000000 checksum=5164813", smallLine: "pi param=75000000 checksum=104736339" },
  { name: "mergesort", large: 12, small: 2, largeLine: "mergesort param=12 checksum=5735461591348199924", smallLine: "mergesort param=2 checksum=3654881964940175273" },
  { name: "fib", large: 41, small: 37, largeLine: "fib param=41 checksum=165580141", smallLine: "fib param=37 checksum=24157817" },
  { name: "matmul", large: 100, small: 12, largeLine: "matmul param=100 checksum=4661474283951858609", smallLine: "matmul param=12 checksum=4647773402016929871" },
  { name: "hash", large: 16, small: 2, largeLine: "hash param=16 checksum=15782899690717759625", smallLine: "hash param=2 checksum=17145004104156469622" },
];

/** Directory of the benchmark modules (FERRY_BENCH_DIR overrides it). */
export function benchDir(): string {
  return process.env.FERRY_BENCH_DIR ?? join(projectRoot(), "..", "shared", "workloads", "bench");
}

/** Path of a workload's WASI module. */
export function workloadPath(w: Workload): string {
  return join(benchDir(), `${w.name}.wasm`);
}

/** True if `stdout` contains the expected checksum line (pi and matmul print an informational line first). */
export function checksumOk(stdout: string, expectedLine: string): boolean {
  return stdout.split(/\r?\n/).some((line) => line.trim() === expectedLine);
}
