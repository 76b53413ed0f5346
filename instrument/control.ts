// The block structure of one function body, from its instruction offsets and
// opcodes (instrument/): for every branch (br, br_if, br_table, if) the
// labels in scope, and where each label sends control, so branch events can
// name the instruction control goes to and exit probes can find the branches
// that leave the function.

import { OP, opcodeAt } from "./decode.js";

/** A label of the body: a block, loop, if, or the function itself. */
interface Label {
  kind: "block" | "loop" | "if" | "func";
  /** Index (in the offsets list) of its block/loop/if instruction; -1 for the function. */
  start: number;
  /** Index of its else, or -1. */
  elseAt: number;
  /** Index of its end. */
  end: number;
}

/** Where a branch goes: the module offset of the next instruction, or EXIT when it leaves the function. */
export const EXIT = -1;

export class ControlMap {
  /** Labels in scope (innermost last) at each br / br_if / br_table. */
  private readonly scopes = new Map<number, Label[]>();
  /** The label each `if` opens, by the if's offset. */
  private readonly ifs = new Map<number, Label>();

  /** Scans the body whose instructions start at `offsets` (in order, the last being the final end). */
  constructor(bytes: Uint8Array, private readonly offsets: readonly number[]) {
    const stack: Label[] = [{ kind: "func", start: -1, elseAt: -1, end: offsets.length - 1 }];
    for (let i = 0; i < offsets.length; i++) {
      const off = offsets[i]!;
      const op = opcodeAt(bytes, off);
      switch (op) {
        case OP.BLOCK: case OP.LOOP: case OP.IF: {
          const lab: Label = { kind: op === OP.BLOCK ? "block" : op === OP.LOOP ? "loop" : "if", start: i, elseAt: -1, end: -1 };
          if (op === OP.IF) this.ifs.set(off, lab);
          stack.push(lab);
          break;
        }
        case OP.ELSE:
          stack[stack.length - 1]!.elseAt = i;
          break;
        case OP.END:
          if (stack.length > 1) stack.pop()!.end = i;
          break;
        case OP.BR: case OP.BR_IF: case OP.BR_TABLE:
          this.scopes.set(off, stack.slice());
          break;
      }
    }
  }

  /** Where a branch at `off` to label `depth` goes (EXIT for the function's label). */
  target(off: number, depth: number): number {
    const scope = this.scopes.get(off);
    const lab = scope?.[scope.length - 1 - depth];
    if (lab === undefined) throw new RangeError(`no label ${depth} at offset ${off}`);
    if (lab.kind === "func") return EXIT;
    if (lab.kind === "loop") return this.offsets[lab.start + 1]!;
    return this.offsets[lab.end + 1]!;
  }

  /** The instruction after the one at `off` (where a br_if not taken continues). */
  fallThrough(off: number): number {
    const i = this.offsets.indexOf(off);
    if (i < 0 || i + 1 >= this.offsets.length) throw new RangeError(`no instruction after offset ${off}`);
    return this.offsets[i + 1]!;
  }

  /** Where the `if` at `off` goes: its then arm, and its else arm (or past its end). */
  ifTargets(off: number): { then: number; otherwise: number } {
    const lab = this.ifs.get(off);
    if (lab === undefined) throw new RangeError(`no if at offset ${off}`);
    const otherwise = lab.elseAt >= 0 ? this.offsets[lab.elseAt + 1]! : this.offsets[lab.end + 1]!;
    return { then: this.offsets[lab.start + 1]!, otherwise };
  }
}
