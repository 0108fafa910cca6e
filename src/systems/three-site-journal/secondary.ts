// 図12 and 図13 at S: fetch inside PCI's range (1204, at most the buffer's blocks, so a record may be
// taken in parts, 【0128】-【0130】), verify and reflect what was fetched (1205-1206), publish the head
// over the processed part (1207, 【0130】); on P's loss with I readable, drain every valid record past
// PCI with the checks of 【0139】【0140】 (1303-1307), and suspend when none is left or I is unreadable
// (1308-1310).
import type { State } from '../../engine/contract.js';
import { M, PS, type Kernel } from './kernel.js';

export interface SecondaryPart {
  canFetch(s: State, l: number): boolean;
  fetch(s: State, out: State, l: number): void;
  canApply(s: State, l: number): boolean;
  apply(s: State, out: State, l: number): void;
  canPublish(s: State, l: number): boolean;
  publish(s: State, out: State, l: number): void;
  canDetectP(s: State, l: number): boolean;
  detectP(s: State, out: State, l: number): void;
  /** The block of the next record the drain may reflect, or -1 (within one lap past PCI, 【0139】【0140】). */
  drainRecord(s: State, l: number): number;
  canDrain(s: State, l: number): boolean;
  drain(s: State, out: State, l: number): void;
  canDrainEnd(s: State, l: number): boolean;
  drainEnd(s: State, out: State, l: number): void;
  canDetectI(s: State, l: number): boolean;
  detectI(s: State, out: State, l: number): void;
}

export function secondaryPart(k: Kernel): SecondaryPart {
  const { f, cfg, rules, AN, B, laneGroup, laneSec, groupInts } = k;
  const FB = cfg.fetchBlocks;
  const heartbeat = cfg.detection === 'heartbeat';
  const ring = (l: number): number => groupInts[laneGroup[l]][0];
  const live = (s: State, l: number): boolean => k.pair(s, l) === PS.PAIRED || k.pair(s, l) === PS.SUSP_ERR;

  /** The block S reads next in normal mode, inside PCI's range, or -1. */
  function fetchBlock(s: State, l: number): number {
    const g = laneGroup[l];
    const sec = laneSec[l];
    if (cfg.spread) {
      const id = s[f.LAST_ID + l] + 1;
      if (id > s[f.PCI_END + g] || s[f.LAST_ID + l] < s[f.PCI_H + g]) return -1;
      if (!rules.arrivalOrder) return k.findSpread(s, l, id, true); // sorted by request ID (【0160】【0161】)
      // CE-10: whatever record inside PCI arrived, in intermediate then block order.
      for (const i of groupInts[g]) {
        if (!k.sReachesI(s, sec, i)) continue;
        for (let j = 0; j < B; j++) {
          const wr = s[f.BLK_W + i * B + j];
          if (wr <= 0 || !s[f.BLK_OK + i * B + j] || s[f.J_DONE + wr - 1] < 1 || s[f.J_OLD + wr - 1] === 1) continue;
          const id2 = s[f.J_ID + wr - 1];
          if (id2 > s[f.LAST_ID + l] && id2 <= s[f.PCI_END + g]) return i * B + j;
        }
      }
      return -1;
    }
    // S's head must lie inside PCI's range: a head P already released past means P dropped this lane.
    const pos = s[f.S_POS + l];
    if (pos >= s[f.PCI_END + g] || pos < s[f.PCI_H + g] || !k.sReachesI(s, sec, ring(l))) return -1;
    return k.blk(ring(l), pos);
  }
  // Once P suspended the lane (its bitmap holds what S lacks), S takes journals only if P stopped
  // journaling the group altogether: with another secondary keeping the queue going (Emb. 5), later
  // records would skip the writes that are only in the bitmap.
  const mayTake = (s: State, l: number): boolean => s[f.BMP_ON + l] === 0 || !k.groupJournals(s, laneGroup[l]);
  const canFetch = (s: State, l: number): boolean =>
    s[f.S_UP + laneSec[l]] === 1 &&
    s[f.S_MODE + l] === M.NORMAL &&
    live(s, l) &&
    mayTake(s, l) &&
    !s[f.ALT + laneGroup[l]] &&
    s[f.BUF_N + l] === 0 &&
    fetchBlock(s, l) >= 0;

  function fetch(s: State, out: State, l: number): void {
    const x = fetchBlock(s, l);
    if (cfg.spread) {
      out[f.BUF_N + l] = 1;
      out[f.BUF_WR + l] = s[f.BLK_W + x];
      out[f.BUF_V0 + l] = k.blockData(s, x);
      out[f.BUF_OK + l] = 1;
      return;
    }
    const part = s[f.S_PART + l];
    const wr = part > 0 ? s[f.CUR_WR + l] : s[f.BLK_W + x];
    const size = wr === 0 ? 1 : k.headerSize(s, wr);
    const n = Math.min(FB, size - part);
    const pos = s[f.S_POS + l];
    out[f.BUF_N + l] = n;
    out[f.BUF_WR + l] = wr;
    out[f.BUF_V0 + l] = k.blockData(s, x);
    out[f.BUF_V1 + l] = n > 1 ? k.blockData(s, k.blk(ring(l), pos + 1)) : 0;
    // What a verifying S finds in what it fetched (【0055】【0089】).
    out[f.BUF_OK + l] = wr !== 0 && k.acceptable(s, l, ring(l), pos, part + n) === wr ? 1 : 0;
  }

  const canApply = (s: State, l: number): boolean => s[f.S_UP + laneSec[l]] === 1 && s[f.S_MODE + l] === M.NORMAL && s[f.BUF_N + l] > 0;

  /** Reflects blocks [from, from + n) of record wr at lane l's secondary, with the data values given. */
  function reflect(out: State, l: number, wr: number, from: number, n: number, v0: number, v1: number): void {
    const base = f.VS + laneSec[l] * AN;
    const a = k.headerAddr(out, wr);
    out[base + ((a + from) % AN)] = v0;
    if (n > 1) out[base + ((a + from + 1) % AN)] = v1;
  }
  function recordDone(out: State, l: number, wr: number): void {
    out[f.LAST_ID + l] = k.headerId(out, wr);
    out[f.LAST_TS + l] = k.headerTs(out, wr);
    out[f.S_PART + l] = 0;
    out[f.CUR_WR + l] = 0;
    if (wr > 0) out[f.APPLIED + l] |= 1 << (wr - 1);
  }

  function apply(s: State, out: State, l: number): void {
    const wr = s[f.BUF_WR + l];
    const n = s[f.BUF_N + l];
    out[f.BUF_N + l] = 0;
    if (rules.normalVerify && !s[f.BUF_OK + l]) {
      // A verification failure is a failure (【0055】, notes §11.7): 図13 decides what S can still take.
      out[f.S_MODE + l] = M.DRAINING;
      return;
    }
    if (cfg.spread) {
      reflect(out, l, wr, 0, 1, s[f.BUF_V0 + l], 0);
      if (rules.arrivalOrder) {
        out[f.LAST_ID + l] = Math.max(s[f.LAST_ID + l], k.headerId(s, wr));
        out[f.LAST_TS + l] = k.headerTs(s, wr);
        if (wr > 0) out[f.APPLIED + l] |= 1 << (wr - 1);
      } else recordDone(out, l, wr);
      return;
    }
    const part = s[f.S_PART + l];
    reflect(out, l, wr, part, n, s[f.BUF_V0 + l], s[f.BUF_V1 + l]);
    const size = wr === 0 ? 1 : k.headerSize(s, wr);
    if (part + n >= size || rules.partialSkip) {
      recordDone(out, l, wr);
      out[f.S_POS + l] = s[f.S_POS + l] - part + size; // CE-14 skips the rest of the record here
    } else {
      out[f.S_PART + l] = part + n;
      out[f.CUR_WR + l] = wr;
      out[f.S_POS + l] = s[f.S_POS + l] + n;
    }
  }

  /** 1207 over what S reflected, the processed part of a record included (【0130】); CE-13 over what it fetched. */
  function publishedHead(s: State, l: number): number {
    if (cfg.spread) return s[f.LAST_ID + l] + (rules.publishFetched && s[f.BUF_N + l] > 0 ? 1 : 0);
    return s[f.S_POS + l] + (rules.publishFetched ? s[f.BUF_N + l] : 0);
  }
  function canPublish(s: State, l: number): boolean {
    const sec = laneSec[l];
    if (!s[f.S_UP + sec] || s[f.S_MODE + l] !== M.NORMAL || !live(s, l)) return false;
    if (!(k.direct ? k.psLink(s, sec) : k.sReachesAny(s, l))) return false;
    return s[f.SCI + l] !== publishedHead(s, l) || (heartbeat && s[f.AGE_S + l] > 0);
  }
  function publish(s: State, out: State, l: number): void {
    out[f.SCI + l] = publishedHead(s, l);
    if (heartbeat) {
      out[f.FRESH_S + l] = 1;
      out[f.AGE_S + l] = 0;
    }
  }

  /** 1301: P's heartbeat stale (K samples in a row, or, with the oracle, it cannot move) while I is readable. */
  function canDetectP(s: State, l: number): boolean {
    if (!s[f.S_UP + laneSec[l]] || s[f.S_MODE + l] !== M.NORMAL || !live(s, l) || s[f.BUF_N + l] !== 0 || !k.sReachesAll(s, l)) return false;
    return heartbeat ? s[f.STALE_P + l] >= rules.suspectAfter : !k.pciFresh(s, l);
  }
  function detectP(s: State, out: State, l: number): void {
    if (rules.suspendWithoutDrain) k.suspendAtS(s, out, l, M.SUSPENDED);
    else out[f.S_MODE + l] = M.DRAINING; // 1302: I accessible
  }

  function drainRecord(s: State, l: number): number {
    const g = laneGroup[l];
    if (!mayTake(s, l) || s[f.BIZ + g]) return -1;
    if (cfg.spread) {
      const id = s[f.LAST_ID + l] + 1;
      if (rules.drainBeyondPci ? id - s[f.PCI_END + g] > B * groupInts[g].length : id > s[f.PCI_END + g]) return -1;
      return k.findSpread(s, l, id, true);
    }
    const pos = s[f.S_POS + l];
    if (rules.drainBeyondPci ? pos - s[f.PCI_END + g] >= B : pos >= s[f.PCI_END + g]) return -1;
    return k.acceptable(s, l, ring(l), pos) === 0 ? -1 : k.blk(ring(l), pos);
  }
  // A drained S keeps probing the queue (the suspicion may have been false), until the business
  // moves to S: from then on S's host writes and nothing from I may overwrite them.
  const draining = (s: State, l: number): boolean =>
    (s[f.S_MODE + l] === M.DRAINING || s[f.S_MODE + l] === M.DRAINED) && live(s, l);
  const canDrain = (s: State, l: number): boolean => s[f.S_UP + laneSec[l]] === 1 && draining(s, l) && k.sReachesAll(s, l) && drainRecord(s, l) >= 0;
  function drain(s: State, out: State, l: number): void {
    // 1303-1307: the next record passed every check; reflect what is left of it.
    const x = drainRecord(s, l);
    if (cfg.spread) {
      const wr = s[f.BLK_W + x];
      reflect(out, l, wr, 0, 1, k.blockData(s, x), 0);
      recordDone(out, l, wr);
      return;
    }
    const part = s[f.S_PART + l];
    const pos = s[f.S_POS + l];
    const wr = part > 0 ? s[f.CUR_WR + l] : s[f.BLK_W + x];
    const size = k.headerSize(s, wr);
    const n = size - part;
    reflect(out, l, wr, part, n, k.blockData(s, x), n > 1 ? k.blockData(s, k.blk(ring(l), pos + 1)) : 0);
    recordDone(out, l, wr);
    out[f.S_POS + l] = pos + n;
  }
  const canDrainEnd = (s: State, l: number): boolean =>
    s[f.S_UP + laneSec[l]] === 1 && s[f.S_MODE + l] === M.DRAINING && k.sReachesAll(s, l) && drainRecord(s, l) < 0;
  function drainEnd(s: State, out: State, l: number): void {
    k.suspendAtS(s, out, l, M.DRAINED); // 【0141】: no further valid record; [INFERRED] S suspends
  }

  function canDetectI(s: State, l: number): boolean {
    const g = laneGroup[l];
    const sec = laneSec[l];
    const mode = s[f.S_MODE + l];
    if (!s[f.S_UP + sec] || !live(s, l) || s[f.BUF_N + l] !== 0) return false;
    // On the alternate path S expects I to be gone while the direct link carries the data.
    return mode === M.NORMAL ? !(s[f.ALT + g] && k.psLink(s, sec)) && !k.sReachesAny(s, l) : mode === M.DRAINING && !k.sReachesAll(s, l);
  }
  function detectI(s: State, out: State, l: number): void {
    k.suspendAtS(s, out, l, M.SUSPENDED); // 1310 -> 1308-1309
  }

  return {
    canFetch,
    fetch,
    canApply,
    apply,
    canPublish,
    publish,
    canDetectP,
    detectP,
    drainRecord,
    canDrain,
    drain,
    canDrainEnd,
    drainEnd,
    canDetectI,
    detectI,
  };
}

