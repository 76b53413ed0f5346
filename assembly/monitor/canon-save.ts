// Writes the monitors' complete state in the canonical, runtime-neutral form
// of the snapshot's monitors section (section 11, docs/snapshot-format.md):
// counters keyed by function index and original code offset, never by
// internal code addresses, so any Ferry VM (JS host or WASI build, fast or
// canonical code) can load it (canon-load.ts).

import { siteOffset } from "../exec/sites-map";
import { MONITOR_NAMES } from "./names";
import { out32, out64, outLen, outReset, outStr } from "./canon-bytes";
import { branchSites } from "./branches";
import { sortedEdges } from "./calls";
import { watchedFuncs } from "./segments";
import { actBase, actLen, callsTab, MAX_PAGES, maxAddr, minAddr, monitorMask, numFuncs, pageTab, totalTab, watched } from "./state";

/** The version of the section's payload. */
export const CANON_VERSION: u32 = 1;

/** Serialises the monitor state (outPtr/outLen); false if no instance is watched. */
export function monitorSave(): bool {
  outReset();
  const d = watched;
  if (monitorMask == 0 || d == null) return false;
  out32(CANON_VERSION);
  let names: u32 = 0;
  for (let i = 0; i < MONITOR_NAMES.length; i++) if (monitorMask & (<u32>1 << <u32>i)) names++;
  out32(names);
  for (let i = 0; i < MONITOR_NAMES.length; i++) if (monitorMask & (<u32>1 << <u32>i)) outStr(MONITOR_NAMES[i]);
  out32(numFuncs);
  const fs = watchedFuncs();

  // Segments: (func, offset of the opening instruction, count), nonzero only.
  const segs = new Array<u64>();
  for (let i = 0; i < fs.length; i++) {
    const v = fs[i];
    const sites = v.cf.fuelSites;
    for (let s = 0; s < sites.length; s += 3) {
      const w = unchecked(sites[s]);
      const c = v.segCount(w);
      if (c == 0) continue;
      const off = siteOffset(v.cf, w);
      if (off < 0) continue;
      segs.push(<u64>v.index);
      segs.push(<u64>off);
      segs.push(c);
    }
  }
  out32(<u32>(segs.length / 3));
  for (let k = 0; k < segs.length; k += 3) { out32(<u32>segs[k]); out32(<u32>segs[k + 1]); out64(segs[k + 2]); }

  // Branch sites: (func, offset, n, n counts: br_if/if taken then not taken; br_table per target).
  const sites = branchSites();
  const br = new Array<u64>();
  let nbr: u32 = 0;
  for (let k = 0; k < sites.length;) {
    const n = <i32>sites[k + 2];
    let any = false;
    for (let t = 0; t < n; t++) if (sites[k + 3 + t] != 0) any = true;
    if (any) {
      nbr++;
      for (let t = 0; t < 3 + n; t++) br.push(sites[k + t]);
    }
    k += 3 + n;
  }
  out32(nbr);
  for (let k = 0; k < br.length;) {
    out32(<u32>br[k]); out32(<u32>br[k + 1]);
    const n = <i32>br[k + 2];
    out32(<u32>n);
    for (let t = 0; t < n; t++) out64(br[k + 3 + t]);
    k += 3 + n;
  }

  // Functions: (func, calls, total instructions of finished outermost activations), nonzero only.
  let nf: u32 = 0;
  for (let f: u32 = 0; f < numFuncs; f++) if (load<u64>(callsTab + (<usize>f << 3)) != 0 || load<u64>(totalTab + (<usize>f << 3)) != 0) nf++;
  out32(nf);
  for (let f: u32 = 0; f < numFuncs; f++) {
    const c = load<u64>(callsTab + (<usize>f << 3)), t = load<u64>(totalTab + (<usize>f << 3));
    if (c == 0 && t == 0) continue;
    out32(f); out64(c); out64(t);
  }

  // Open activations, outermost first: (func, instructions executed at entry).
  out32(actLen);
  for (let a: u32 = 0; a < actLen; a++) {
    const p = actBase + (<usize>a << 4);
    out32(<u32>load<u64>(p));
    out64(load<u64>(p, 8));
  }

  // Call edges, by key: (caller + 1, 0 = not a function of the module; callee; kind; count).
  const e = sortedEdges();
  out32(<u32>e.keys.length);
  for (let i = 0; i < e.keys.length; i++) {
    const k = e.keys[i];
    out32(<u32>(k >> 33));
    out32(<u32>((k >> 1) & 0xffffffff));
    out32(<u32>(k & 1));
    out64(e.counts[i]);
  }

  // Memory: lowest and highest address, then pages touched (page, loads, stores, bytes loaded, bytes stored).
  let pages: u32 = 0;
  if (pageTab != 0) {
    for (let g: u32 = 0; g < MAX_PAGES; g++) {
      const p = pageTab + (<usize>g << 5);
      if (load<u64>(p) != 0 || load<u64>(p, 8) != 0) pages++;
    }
  }
  out64(minAddr);
  out64(maxAddr);
  out32(pages);
  if (pageTab != 0) {
    for (let g: u32 = 0; g < MAX_PAGES; g++) {
      const p = pageTab + (<usize>g << 5);
      if (load<u64>(p) == 0 && load<u64>(p, 8) == 0) continue;
      out32(g);
      out64(load<u64>(p)); out64(load<u64>(p, 8)); out64(load<u64>(p, 16)); out64(load<u64>(p, 24));
    }
  }
  return outLen > 0;
}
