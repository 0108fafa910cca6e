// 図9, the host write path at P: accept (901-904), reserve a position and a request ID, write the
// journal's blocks to I (907), advance the next position 628 (908), acknowledge (909). With the
// `steps` pipeline several writes may be in flight and their blocks complete in any order; 908 moves
// only over the contiguous run of complete records, and 909 waits for 908, so an acknowledgement
// implies every earlier record is complete on I (S13). Also the secondary host's writes after a
// takeover, and Emb. 4's asynchronous sends over the direct link (【0163】).
import type { State } from '../../engine/contract.js';
import { E, H, PS, W, type Kernel } from './kernel.js';

export interface HostWritePart {
  /** The host at P may issue a write to address a of n blocks. */
  canWrite(s: State, a: number, n: number): boolean;
  write(s: State, out: State, a: number, n: number): void;
  /** 907 can write write w's next block(s). */
  canJournal(s: State, w: number): boolean;
  journal(s: State, out: State, w: number): void;
  /** 907 cannot complete and P has suspended every pair of the group: the write goes to the bitmaps. */
  canFailJournal(s: State, w: number): boolean;
  failJournal(s: State, out: State, w: number): void;
  canAdvance(s: State, w: number): boolean;
  advance(s: State, out: State, w: number): void;
  canAck(s: State, w: number): boolean;
  ack(s: State, out: State, w: number): void;
  canWriteAtS(s: State, a: number, n: number): boolean;
  writeAtS(s: State, out: State, a: number, n: number): void;
  /** 910: the write's blocks go to the lane's bitmap (or the running copy's); false when the lane has no pair. */
  markBitmap(s: State, out: State, l: number, w: number): boolean;
  /** Ghost: the host at P is told its write completed. */
  ackToHost(out: State, w: number): void;
}

export function hostWritePart(k: Kernel): HostWritePart {
  const { f, cfg, rules, AN, B, groupLanes, groupInts, groupOf, L } = k;
  const steps = cfg.pipeline === 'steps';

  const acked = (s: State, v: number): boolean => s[f.H_ST + v] === H.AT_S || s[f.H_ST + v] >= H.AT_P;
  /** Ghost: the writes the issuing host had been told of and could read at its site (a mask + 1), and what it overwrites. */
  function record(s: State, out: State, w: number, image: number): void {
    let mask = 0;
    for (let v = 0; v < s[f.NW]; v++) if (acked(s, v) && k.whole(s, image, v)) mask |= 1 << v;
    out[f.H_DEPS + w] = mask + 1;
    for (let b = 0; b < out[f.W_SIZE + w]; b++) out[f.H_PREV + w * 2 + b] = 1 + Math.max(0, s[image + k.addrOf(out, w, b)]);
  }
  function ackToHost(out: State, w: number): void {
    let mask = 0;
    for (let l = 0; l < L; l++) if (k.displaysPair(out, l)) mask |= 1 << l;
    out[f.H_ST + w] = H.AT_P + mask;
  }
  /** The host issues no second write to a block while one to it is in flight. */
  function overlapsInFlight(s: State, a: number, n: number): boolean {
    for (let w = 0; w < s[f.NW]; w++) {
      if (s[f.H_ST + w] !== H.PENDING) continue;
      for (let b = 0; b < s[f.W_SIZE + w]; b++) for (let c = 0; c < n; c++) if (k.addrOf(s, w, b) === (a + c) % AN) return true;
    }
    return false;
  }
  function pending(s: State): number {
    let n = 0;
    for (let w = 0; w < s[f.NW]; w++) if (s[f.H_ST + w] === H.PENDING && s[f.W_ST + w] !== W.ABORTED) n++;
    return n;
  }

  function canWrite(s: State, a: number, n: number): boolean {
    const g = groupOf(a);
    if (!s[f.P_ALIVE] || s[f.P_FENCED + g] || s[f.NW] >= k.WN) return false;
    if (pending(s) >= cfg.concurrency || overlapsInFlight(s, a, n)) return false;
    for (const l of groupLanes[g]) if (k.pair(s, l) === PS.COPYING) return false;
    return true;
  }

  /** 904: room for n blocks: from the reservation point, the ring holds nothing P has not released. */
  function room(s: State, g: number, n: number): boolean {
    if (!cfg.spread) return s[f.PR + g] + n - s[f.PH + g] <= B;
    const i = k.spreadRing(s, g);
    if (i < 0) return false;
    const x = k.blk(i, s[f.INEXT + i]);
    const wr = s[f.BLK_W + x];
    if (wr <= 0) return true;
    const v = wr - 1;
    if (s[f.J_OLD + v] === 1) return true;
    // A record whose 907 is still running there is not free; a complete one is once released.
    return s[f.J_DONE + v] >= 1 && s[f.J_ID + v] <= s[f.PH + g];
  }

  function write(s: State, out: State, a: number, n: number): void {
    const g = groupOf(a);
    const w = s[f.NW];
    out[f.NW]++;
    out[f.W_ADDR + w] = a;
    out[f.W_SIZE + w] = n;
    out[f.H_ST + w] = H.PENDING;
    record(s, out, w, f.VP);
    const lanes = groupLanes[g];
    const journal = k.groupJournals(s, g);
    if (journal && s[f.ALT + g]) {
      for (let b = 0; b < n; b++) out[f.VP + k.addrOf(out, w, b)] = w + 1;
      out[f.J_ID + w] = ++out[f.PRID + g];
      out[f.PNID + g] = out[f.PRID + g];
      out[f.J_TS + w] = ++out[f.CLOCK];
      out[f.W_UPD + w] = 1;
      out[f.W_ST + w] = W.ALT; // acknowledged now, sent later (asynchronous, 【0163】)
      for (const l of lanes) if (!k.pJournals(s, l)) markBitmap(s, out, l, w);
      ackToHost(out, w);
      return;
    }
    if (journal) {
      const backlog = rules.busyWhenBacklog && s[f.PR + g] > s[f.PH + g];
      const full = backlog || (rules.freeSpaceCheck && !room(s, g, n));
      if (full && (cfg.queueFull === 'busy' || backlog)) {
        out[f.W_ST + w] = W.BUSY; // 912: not accepted
        out[f.H_ST + w] = H.BUSY;
        if (!backlog) k.cause(out);
        return;
      }
      if (!full) {
        for (let b = 0; b < n; b++) out[f.VP + k.addrOf(out, w, b)] = w + 1;
        let ring = groupInts[g][0];
        let pos: number;
        let id: number;
        if (cfg.spread) {
          ring = k.spreadRing(s, g);
          pos = out[f.INEXT + ring]++;
          id = ++out[f.PRID + g];
        } else if (rules.ackBeforeAdvance) {
          // CE-21: the position and ID come from 628, which only 908 moves.
          pos = s[f.PN + g];
          id = s[f.PNID + g] + 1;
          out[f.PRID + g] = Math.max(s[f.PRID + g], id);
          out[f.PR + g] = Math.max(s[f.PR + g], pos + n);
        } else {
          pos = s[f.PR + g];
          out[f.PR + g] = pos + n;
          id = ++out[f.PRID + g];
        }
        out[f.J_POS + w] = pos;
        out[f.J_RING + w] = ring;
        out[f.J_ID + w] = id;
        out[f.J_TS + w] = ++out[f.CLOCK];
        out[f.J_DONE + w] = 0;
        out[f.W_UPD + w] = 1; // created at acceptance (【0032】)
        out[f.W_ST + w] = W.JOURNALING;
        // Without the steps pipeline, 907 of a multi-block record starts with its header: a loss of
        // P now leaves a torn record (CE-4).
        if (!steps && n > 1 && k.pUsable(s, ring)) writeBlock(out, w);
        if (rules.ackBeforeJournal) {
          out[f.W_ST + w] = W.ACK_EARLY;
          ackToHost(out, w);
        }
        for (const l of lanes) if (!k.pJournals(s, l)) markBitmap(s, out, l, w);
        return;
      }
      k.cause(out);
      for (const l of lanes) if (k.pJournals(s, l)) k.suspendAtP(out, l, E.FAILURE); // 912 "failure" policy (【0115】)
    }
    for (let b = 0; b < n; b++) out[f.VP + k.addrOf(out, w, b)] = w + 1;
    let any = false;
    for (const l of lanes) any = markBitmap(out, out, l, w) || any;
    out[f.W_ST + w] = any ? W.BITMAP : W.LOCAL;
    ackToHost(out, w);
  }

  function writeBlock(out: State, w: number): void {
    const b = out[f.J_DONE + w];
    const x = k.blk(out[f.J_RING + w], out[f.J_POS + w] + b);
    out[f.BLK_W + x] = w + 1;
    out[f.BLK_B + x] = b;
    out[f.BLK_OK + x] = 1;
    out[f.J_DONE + w] = b + 1;
  }

  const journaling = (s: State, w: number): boolean => s[f.W_ST + w] === W.JOURNALING || s[f.W_ST + w] === W.ACK_EARLY;
  const canJournal = (s: State, w: number): boolean => journaling(s, w) && k.pUsable(s, s[f.J_RING + w]);

  function advanceOver(out: State, w: number): void {
    const g = groupOf(out[f.W_ADDR + w]);
    if (!cfg.spread) out[f.PN + g] = Math.max(out[f.PN + g], out[f.J_POS + w] + out[f.W_SIZE + w]);
    out[f.PNID + g] = Math.max(out[f.PNID + g], out[f.J_ID + w]);
    if (rules.discardUpdEarly) out[f.W_UPD + w] = 0;
  }

  function journal(s: State, out: State, w: number): void {
    if (steps) {
      writeBlock(out, w);
      if (out[f.J_DONE + w] === s[f.W_SIZE + w] && s[f.W_ST + w] === W.JOURNALING) out[f.W_ST + w] = W.WRITTEN;
      return;
    }
    // 907 completes, 908 advances the next position, 909 acknowledges.
    while (out[f.J_DONE + w] < s[f.W_SIZE + w]) writeBlock(out, w);
    advanceOver(out, w);
    const early = s[f.W_ST + w] === W.ACK_EARLY;
    out[f.W_ST + w] = W.ACKED;
    if (!early) ackToHost(out, w);
  }

  function canFailJournal(s: State, w: number): boolean {
    if (!journaling(s, w) || !s[f.P_ALIVE]) return false;
    const g = groupOf(s[f.W_ADDR + w]);
    return !k.pReachesGroup(s, g) && !k.groupJournals(s, g);
  }
  function failJournal(s: State, out: State, w: number): void {
    const g = groupOf(s[f.W_ADDR + w]);
    for (const l of groupLanes[g]) k.setBits(out, f.BM_P + l * AN, w);
    const early = s[f.W_ST + w] === W.ACK_EARLY;
    out[f.W_ST + w] = W.BITMAP;
    out[f.W_UPD + w] = 0;
    if (!early) ackToHost(out, w);
  }

  /** 908 moves over the contiguous run of complete records only (CE-21: over any complete one). */
  function canAdvance(s: State, w: number): boolean {
    const st = s[f.W_ST + w];
    if (st !== W.WRITTEN) return false;
    if (rules.ackBeforeAdvance) return true;
    return s[f.J_POS + w] === s[f.PN + groupOf(s[f.W_ADDR + w])];
  }
  function advance(s: State, out: State, w: number): void {
    advanceOver(out, w);
    out[f.W_ST + w] = s[f.H_ST + w] >= H.AT_P ? W.ACKED : W.ADVANCED;
  }

  /** 909 after 908 (S13); CE-16 and CE-21 acknowledge once the write's own journal is complete. */
  function canAck(s: State, w: number): boolean {
    if (s[f.H_ST + w] !== H.PENDING) return false;
    const st = s[f.W_ST + w];
    if (st === W.ADVANCED) return true;
    return st === W.WRITTEN && (rules.ackOwnJournal || rules.ackBeforeAdvance);
  }
  function ack(s: State, out: State, w: number): void {
    if (s[f.W_ST + w] === W.ADVANCED) out[f.W_ST + w] = W.ACKED;
    ackToHost(out, w);
  }

  function canWriteAtS(s: State, a: number, n: number): boolean {
    const g = groupOf(a);
    const l = groupLanes[g][0];
    if (!s[f.BIZ + g] || s[f.NW] >= k.WN || !s[f.S_UP + k.laneSec[l]] || s[f.S_LOST + k.laneSec[l]]) return false;
    const p = k.pair(s, l);
    return (p === PS.TAKEN || p === PS.REVERSING) && !overlapsInFlight(s, a, n);
  }
  function writeAtS(s: State, out: State, a: number, n: number): void {
    const g = groupOf(a);
    const l = groupLanes[g][0];
    const sec = k.laneSec[l];
    const w = s[f.NW];
    out[f.NW]++;
    out[f.W_ADDR + w] = a;
    out[f.W_SIZE + w] = n;
    out[f.W_ST + w] = W.AT_S;
    record(s, out, w, f.VS + sec * AN);
    for (let b = 0; b < n; b++) out[f.VS + sec * AN + k.addrOf(out, w, b)] = w + 1;
    // 【0134】【0135】: recorded in S's bitmap (or the running reverse copy's).
    k.setBits(out, k.pair(s, l) === PS.REVERSING ? f.RS_BM + l * AN : f.BM_S + sec * AN, w);
    out[f.H_ST + w] = H.AT_S;
  }

  function markBitmap(s: State, out: State, l: number, w: number): boolean {
    const p = k.pair(s, l);
    if (p === PS.RESYNCING) {
      k.setBits(out, f.RS_BM + l * AN, w);
      return true;
    }
    if (s[f.BMP_ON + l]) {
      k.setBits(out, f.BM_P + l * AN, w);
      return true;
    }
    return false;
  }

  return {
    canWrite,
    write,
    canJournal,
    journal,
    canFailJournal,
    failJournal,
    canAdvance,
    advance,
    canAck,
    ack,
    canWriteAtS,
    writeAtS,
    markBitmap,
    ackToHost,
  };
}
