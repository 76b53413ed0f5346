// The output of validation + translation (assembly/compile/) for one module:
// per defined function, internal code (ops.ts) with its relocations and the
// map back to original bytecode offsets. Instantiation (assembly/runtime/)
// copies the code into VM memory and patches the relocations. GC-managed: it
// lives beside the Module, never touched by the execution loop.

import { Module } from "./module";

export class CompiledFunc {
  /** Function index in the module's function index space (imports first). */
  funcIndex: u32 = 0;
  /** Internal code words (ops.ts encoding), branch targets already resolved. */
  code: u32[] = [];
  /** Relocations: pairs (word index of the operand, Reloc kind). */
  relocs: u32[] = [];
  /**
   * Map between original and internal pcs: pairs (original byte offset in the
   * module buffer of an instruction, word index where its internal code
   * starts), one pair for every original instruction of the body in order,
   * including those that emit no code (block, loop, nop, drop, end...): those
   * map to the word index of the next emitted instruction. The final `end`
   * maps to the RETURN emitted for it.
   * An instruction that starts a fuel segment maps to the segment's FUEL, so
   * of the instructions mapped to one word, the last is the next to execute
   * (those before it, e.g. an `end` or `loop`, finished the previous segment).
   */
  pcmap: u32[] = [];
  numParams: u32 = 0;
  numResults: u32 = 0;
  /** Declared (non-parameter) locals: zeroed on entry. */
  numLocals: u32 = 0;
  /** Maximum operand stack height in slots. Frame size = numParams + numLocals + maxHeight slots. */
  maxHeight: u32 = 0;
  /** Value types of params then declared locals. */
  localTypes: u8[] = [];
  /**
   * Resume sites: u32 triples (word index of a FUEL instruction, operand stack
   * height there, offset of its value types in fuelTypes), in code order. A
   * suspended frame's pc is always at one of them (compile/sites.ts).
   */
  fuelSites: u32[] = [];
  /** ValType codes of the operand stack at each resume site (see fuelSites). */
  fuelTypes: u8[] = [];
}

export class CompiledModule {
  module: Module;
  /** One entry per defined function (index i is function numImportedFuncs + i). */
  funcs: CompiledFunc[] = [];

  constructor(module: Module) {
    this.module = module;
  }
}
