// The little JSON the host section needs (docs/snapshot-format.md, section 7):
// a parser into a value tree (objects, arrays, strings, numbers, booleans,
// null) that returns null on any syntax error, and string quoting for the
// writer. Numbers are kept as f64 (the host section's are integers < 2^53).

/** Kinds of JSON values. */
export const enum J { NULL, BOOL, NUM, STR, ARR, OBJ }

/** A parsed JSON value. */
export class Json {
  kind: J = J.NULL;
  b: bool = false;
  n: f64 = 0;
  s: string = "";
  items: Json[] = [];
  keys: string[] = [];

  /** Member `key` of an object, or null. */
  get(key: string): Json | null {
    if (this.kind != J.OBJ) return null;
    for (let i = this.keys.length - 1; i >= 0; i--) if (this.keys[i] == key) return this.items[i];
    return null;
  }
}

class Parser {
  pos: i32 = 0;
  ok: bool = true;
  constructor(public t: string) {}

  ws(): void {
    while (this.pos < this.t.length) {
      const c = this.t.charCodeAt(this.pos);
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
      this.pos++;
    }
  }
  peek(): i32 { return this.pos < this.t.length ? this.t.charCodeAt(this.pos) : -1; }
  eat(c: i32): bool {
    this.ws();
    if (this.peek() != c) return false;
    this.pos++;
    return true;
  }
  lit(word: string): bool {
    if (this.t.substr(this.pos, word.length) != word) return false;
    this.pos += word.length;
    return true;
  }

  value(depth: i32): Json {
    const v = new Json();
    this.ws();
    const c = this.peek();
    if (depth > 64) { this.ok = false; return v; }
    if (c == 0x7b) { // {
      this.pos++;
      v.kind = J.OBJ;
      if (this.eat(0x7d)) return v;
      do {
        this.ws();
        if (this.peek() != 0x22) { this.ok = false; return v; }
        v.keys.push(this.string());
        if (!this.eat(0x3a)) { this.ok = false; return v; }
        v.items.push(this.value(depth + 1));
        if (!this.ok) return v;
      } while (this.eat(0x2c));
      if (!this.eat(0x7d)) this.ok = false;
    } else if (c == 0x5b) { // [
      this.pos++;
      v.kind = J.ARR;
      if (this.eat(0x5d)) return v;
      do {
        v.items.push(this.value(depth + 1));
        if (!this.ok) return v;
      } while (this.eat(0x2c));
      if (!this.eat(0x5d)) this.ok = false;
    } else if (c == 0x22) {
      v.kind = J.STR;
      v.s = this.string();
    } else if (this.lit("true")) { v.kind = J.BOOL; v.b = true; }
    else if (this.lit("false")) { v.kind = J.BOOL; }
    else if (this.lit("null")) { v.kind = J.NULL; }
    else if (c == 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = this.pos;
      this.pos++;
      while (this.pos < this.t.length) {
        const d = this.t.charCodeAt(this.pos);
        if ((d >= 0x30 && d <= 0x39) || d == 0x2e || d == 0x65 || d == 0x45 || d == 0x2b || d == 0x2d) this.pos++;
        else break;
      }
      v.kind = J.NUM;
      v.n = parseFloat(this.t.substring(start, this.pos));
      if (isNaN(v.n)) this.ok = false;
    } else this.ok = false;
    return v;
  }

  /** A string literal at pos (at its opening quote). */
  string(): string {
    this.pos++;
    let out = "";
    let start = this.pos;
    while (true) {
      if (this.pos >= this.t.length) { this.ok = false; return out; }
      const c = this.t.charCodeAt(this.pos);
      if (c == 0x22) break;
      if (c < 0x20) { this.ok = false; return out; }
      if (c != 0x5c) { this.pos++; continue; }
      out += this.t.substring(start, this.pos);
      const e = this.pos + 1 < this.t.length ? this.t.charCodeAt(this.pos + 1) : -1;
      this.pos += 2;
      if (e == 0x22) out += "\"";
      else if (e == 0x5c) out += "\\";
      else if (e == 0x2f) out += "/";
      else if (e == 0x62) out += "\b";
      else if (e == 0x66) out += "\f";
      else if (e == 0x6e) out += "\n";
      else if (e == 0x72) out += "\r";
      else if (e == 0x74) out += "\t";
      else if (e == 0x75 && this.pos + 4 <= this.t.length) {
        const h = I32.parseInt(this.t.substr(this.pos, 4), 16);
        if (isNaN(<f64>h) || this.t.substr(this.pos, 4).includes("-")) { this.ok = false; return out; }
        out += String.fromCharCode(h);
        this.pos += 4;
      } else { this.ok = false; return out; }
      start = this.pos;
    }
    out += this.t.substring(start, this.pos);
    this.pos++;
    return out;
  }
}

/** The JSON value of text `t`, or null if it is not exactly one valid JSON value. */
export function parseJson(t: string): Json | null {
  const p = new Parser(t);
  const v = p.value(0);
  p.ws();
  return p.ok && p.pos == t.length ? v : null;
}

const HEX = "0123456789abcdef";

/** `s` as a JSON string literal. */
export function quote(s: string): string {
  let out = "\"";
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c != 0x22 && c != 0x5c) continue;
    out += s.substring(start, i);
    if (c == 0x22) out += "\\\"";
    else if (c == 0x5c) out += "\\\\";
    else if (c == 0x0a) out += "\\n";
    else if (c == 0x0d) out += "\\r";
    else if (c == 0x09) out += "\\t";
    else out += "\\u00" + HEX.charAt(c >> 4) + HEX.charAt(c & 15);
    start = i + 1;
  }
  return out + s.substring(start) + "\"";
}
