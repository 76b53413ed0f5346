// The frame accessor a probe callback gets (instrument/): the function and pc
// of the innermost frame of a workload paused at a probe, and its locals and
// operand stack as typed values, readable and writable (slots in VM memory,
// docs/internals.md "Values and slots"; ferry_probe_frame describes them).

import type { FerryEngine } from "../host/ferry-engine.js";
import { FuncInst } from "../host/abi.js";
import { valTypeName } from "../host/values.js";
import type { Value, ValTypeName } from "../host/values.js";
import type { ProbeFrame } from "../host/vm.js";

/** A run of typed slots (locals or operand stack): index 0 is the first local / the bottom of the stack. */
export class Slots {
  constructor(private readonly engine: FerryEngine, private readonly base: number, private readonly types: readonly ValTypeName[]) {}

  get length(): number {
    return this.types.length;
  }

  /** Value type of slot i. */
  type(i: number): ValTypeName {
    this.check(i);
    return this.types[i]!;
  }

  /** Value in slot i. */
  get(i: number): Value {
    this.check(i);
    return this.engine.readValue(this.base + 8 * i, this.types[i]!);
  }

  /** Writes slot i (the value must have the slot's type). */
  set(i: number, v: Value): void {
    this.check(i);
    if (v.type !== this.types[i]) throw new TypeError(`slot ${i} holds ${this.types[i]}, got a ${v.type}`);
    this.engine.writeValue(this.base + 8 * i, this.types[i]!, v);
  }

  /** All values, first to last. */
  all(): Value[] {
    return this.types.map((_, i) => this.get(i));
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.types.length) throw new RangeError(`slot ${i} out of range (${this.types.length})`);
  }
}

/** The operand stack, with access from the top as well. */
export class Stack extends Slots {
  /** The value k places below the top (0 = top). */
  peek(k = 0): Value {
    return this.get(this.length - 1 - k);
  }

  /** Overwrites the value k places below the top. */
  poke(k: number, v: Value): void {
    this.set(this.length - 1 - k, v);
  }
}

/** The innermost frame at a probe. */
export class FrameAccessor {
  /** Function index in its module (imports counted). */
  readonly funcIndex: number;
  /** Module byte offset of the instruction about to run. */
  readonly pc: number;
  private slots: [Slots, Stack] | undefined;

  constructor(readonly engine: FerryEngine, readonly frame: ProbeFrame, readonly funcName: string) {
    this.funcIndex = engine.vm.u32(frame.func + FuncInst.INDEX);
    this.pc = frame.pc;
  }

  /** Params, then declared locals. */
  get locals(): Slots {
    return this.typed()[0];
  }

  /** Operand stack, bottom first. */
  get stack(): Stack {
    return this.typed()[1];
  }

  /** Reads the slot types on first use (most callbacks of a global probe never look). */
  private typed(): [Slots, Stack] {
    if (this.slots === undefined) {
      const f = this.frame;
      const types = [...f.types()].map(valTypeName);
      this.slots = [new Slots(this.engine, f.fp, types.slice(0, f.numLocals)), new Stack(this.engine, f.fp + 8 * f.numLocals, types.slice(f.numLocals))];
    }
    return this.slots;
  }
}
