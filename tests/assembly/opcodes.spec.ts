// The opcode table: names, immediate kinds and numeric signatures agree with the spec.
import { opName, opNameFC, immOf, immOfFC, numericSig, satSig, Imm, ValType } from "../../assembly/opcodes";

describe("opcode table", () => {
  it("names single-byte opcodes", () => {
    expect(opName(0x00)).toBe("unreachable");
    expect(opName(0x0b)).toBe("end");
    expect(opName(0x1c)).toBe("select");
    expect(opName(0x28)).toBe("i32.load");
    expect(opName(0x3e)).toBe("i64.store32");
    expect(opName(0x41)).toBe("i32.const");
    expect(opName(0x6a)).toBe("i32.add");
    expect(opName(0xa7)).toBe("i32.wrap_i64");
    expect(opName(0xbf)).toBe("f64.reinterpret_i64");
    expect(opName(0xc4)).toBe("i64.extend32_s");
    expect(opName(0xd2)).toBe("ref.func");
    expect(opName(0x06)).toBe("");
  });
  it("names 0xFC opcodes", () => {
    expect(opNameFC(0)).toBe("i32.trunc_sat_f32_s");
    expect(opNameFC(17)).toBe("table.fill");
    expect(opNameFC(18)).toBe("");
  });
  it("knows immediate kinds", () => {
    expect(immOf(0x02)).toBe(Imm.BLOCKTYPE);
    expect(immOf(0x0e)).toBe(Imm.BR_TABLE);
    expect(immOf(0x2a)).toBe(Imm.MEMARG);
    expect(immOf(0x6a)).toBe(Imm.NONE);
    expect(immOf(0x06)).toBe(Imm.UNKNOWN);
    expect(immOfFC(14)).toBe(Imm.TABLE_TABLE);
  });
  it("knows numeric signatures", () => {
    expect(numericSig(0x45, 0)).toBe(<u8>ValType.I32);   // i32.eqz
    expect(numericSig(0x45, 1)).toBe(<u8>0);
    expect(numericSig(0x51, 2)).toBe(<u8>ValType.I32);   // i64.eq -> i32
    expect(numericSig(0x7c, 2)).toBe(<u8>ValType.I64);   // i64.add
    expect(numericSig(0xa0, 1)).toBe(<u8>ValType.F64);   // f64.add
    expect(numericSig(0xa7, 0)).toBe(<u8>ValType.I64);   // i32.wrap_i64
    expect(numericSig(0xbb, 0)).toBe(<u8>ValType.F32);   // f64.promote_f32
    expect(numericSig(0xbb, 2)).toBe(<u8>ValType.F64);
    expect(numericSig(0xc4, 2)).toBe(<u8>ValType.I64);   // i64.extend32_s
    expect(satSig(7, 0)).toBe(<u8>ValType.F64);
    expect(satSig(7, 2)).toBe(<u8>ValType.I64);
  });
});
