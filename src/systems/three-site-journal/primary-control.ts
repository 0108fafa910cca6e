// 図10, P's control loop: read SCI, move the head 626 to the slowest paired secondary's head (E4,
// E14), discard the update information of what every secondary acquired, publish PCI (head, next) with
// a new heartbeat value. And P's alternate paths (図11 1105): Emb. 3(2) blockades a failed
// intermediate and re-sends the records stranded there through the other with their original IDs
// (【0161】); Emb. 4 sends asynchronously over the direct link while I is failed (【0163】).
import type { State } from '../../engine/contract.js';
import { PS, W, type Kernel } from './kernel.js';
import type { HostWritePart } from './host-write.js';

export interface PrimaryControlPart {
  canControl(s: State, g: number): boolean;
  control(s: State, out: State, g: number): void;
  canResend(s: State, g: number): boolean;
  resend(s: State, out: State, g: number): void;
  /** Emb. 3(2): the lowest request ID P holds with no complete copy on a usable intermediate, or 0. */
  strandedId(s: State, g: number): number;
  resendTarget(s: State, g: number): boolean;
  canSwitchPath(s: State, i: number): boolean;
  switchPath(s: State, out: State, i: number): void;
  altPossible(s: State, g: number): boolean;
  switchPossible(s: State, g: number): boolean;
  canSwitchAlt(s: State, g: number): boolean;
  switchAlt(s: State, out: State, g: number): void;
  canAltSend(s: State, l: number): boolean;
  altSend(s: State, out: State, l: number): void;
  canSwitchBack(s: State, g: number): boolean;
  switchBack(s: State, out: State, g: number): void;
}

export function primaryControlPart(k: Kernel, host: HostWritePart): PrimaryControlPart {
  const { f, cfg, rules, B, groupLanes, groupInts, intGroup, laneGroup, laneSec } = k;
  const heartbeat = cfg.detection === 'heartbeat';

  const groupLinked = (s: State, g: number): boolean => {
    for (const l of groupLanes[g]) if (!k.psLink(s, laneSec[l])) return false;
    return true;
  };
  const newHead = (s: State, g: number): number => {
    const h = k.release(s, g);
    return h < 0 ? s[f.PH + g] : rules.releaseByFastest ? h : Math.max(h, s[f.PH + g]);
  };
  const published = (s: State, g: number): number => (cfg.spread ? s[f.PNID + g] : s[f.PN + g]);

  function canControl(s: State, g: number): boolean {
    if (!s[f.P_ALIVE] || s[f.ALT + g] || !k.groupJournalsPaired(s, g)) return false;
    if (!(k.direct ? groupLinked(s, g) : k.pReachesGroup(s, g))) return false;
    const nh = newHead(s, g);
    if (nh !== s[f.PH + g] || s[f.PCI_H + g] !== nh || s[f.PCI_END + g] !== published(s, g)) return true;
    // With heartbeats P also publishes when nothing moved, once per clock period, so S sees it alive.
    return heartbeat && s[f.AGE_P + g] > 0;
  }
  function control(s: State, out: State, g: number): void {
    const nh = newHead(s, g);
    out[f.PH + g] = nh;
    out[f.PCI_H + g] = nh;
    out[f.PCI_END + g] = published(s, g);
    k.discardUpd(out, g);
    if (heartbeat) {
      for (const l of groupLanes[g]) out[f.FRESH_P + l] = 1;
      out[f.AGE_P + g] = 0;
    }
  }

  /** A complete copy of request `id` on an intermediate P has not blockaded. */
  function copyOnOpen(s: State, g: number, id: number): boolean {
    for (const i of groupInts[g]) {
      if (s[f.I_BLOCK + i]) continue;
      for (let j = 0; j < B; j++) {
        const wr = s[f.BLK_W + i * B + j];
        if (wr > 0 && s[f.BLK_OK + i * B + j] && s[f.J_ID + wr - 1] === id && s[f.J_OLD + wr - 1] === 0 && s[f.J_DONE + wr - 1] >= 1) return true;
      }
    }
    return false;
  }
  function strandedId(s: State, g: number): number {
    for (let id = s[f.PH + g] + 1; id <= s[f.PRID + g]; id++) {
      if (copyOnOpen(s, g, id)) continue;
      const w = k.writeWithId(s, g, id);
      if (w < 0) continue;
      const st = s[f.W_ST + w];
      // A write whose 907 can still complete where it is is not stranded.
      if ((st === W.JOURNALING || st === W.ACK_EARLY) && k.pUsable(s, s[f.J_RING + w])) continue;
      return id;
    }
    return 0;
  }
  function resendTarget(s: State, g: number): boolean {
    const i = k.spreadRing(s, g);
    if (i < 0 || !k.pUsable(s, i)) return false;
    const wr = s[f.BLK_W + k.blk(i, s[f.INEXT + i])];
    if (wr <= 0) return true;
    const v = wr - 1;
    return s[f.J_OLD + v] === 1 || (s[f.J_DONE + v] >= 1 && s[f.J_ID + v] <= s[f.PH + g]);
  }
  const canResend = (s: State, g: number): boolean =>
    cfg.spread && s[f.P_ALIVE] === 1 && strandedId(s, g) > 0 && resendTarget(s, g) && k.groupJournals(s, g);
  function resend(s: State, out: State, g: number): void {
    // 【0161】: a record stranded on a failed intermediate goes through the other, with its original ID.
    const id = strandedId(s, g);
    const w = k.writeWithId(s, g, id);
    const i = k.spreadRing(s, g);
    const x = k.blk(i, s[f.INEXT + i]);
    out[f.INEXT + i]++;
    out[f.BLK_W + x] = w + 1;
    out[f.BLK_B + x] = 0;
    out[f.BLK_OK + x] = 1;
    const st = s[f.W_ST + w];
    if (st === W.JOURNALING || st === W.ACK_EARLY) {
      out[f.J_RING + w] = i;
      out[f.J_POS + w] = s[f.INEXT + i];
      out[f.J_DONE + w] = 1;
      out[f.PNID + g] = Math.max(out[f.PNID + g], id);
      out[f.W_ST + w] = W.ACKED;
      if (st === W.JOURNALING) host.ackToHost(out, w);
    }
  }

  const otherUsable = (s: State, g: number, i: number): boolean => {
    for (const j of groupInts[g]) if (j !== i && k.pUsable(s, j)) return true;
    return false;
  };
  const canSwitchPath = (s: State, i: number): boolean => {
    const g = intGroup[i];
    return cfg.spread && s[f.P_ALIVE] === 1 && s[f.I_BLOCK + i] === 0 && !k.pReachesI(s, i) && otherUsable(s, g, i) && k.groupJournals(s, g);
  };
  function switchPath(_s: State, out: State, i: number): void {
    out[f.I_BLOCK + i] = 1; // 1105: the other intermediate is the alternate path
  }
  const altPossible = (s: State, g: number): boolean => cfg.alternatePath && s[f.ALT + g] === 0 && groupLinked(s, g);
  const switchPossible = (s: State, g: number): boolean => {
    if (!cfg.spread) return false;
    for (const i of groupInts[g]) if (s[f.I_BLOCK + i] === 0 && !k.pReachesI(s, i) && otherUsable(s, g, i)) return true;
    return false;
  };

  const canSwitchAlt = (s: State, g: number): boolean => s[f.P_ALIVE] === 1 && k.groupJournals(s, g) && !k.pReachesGroup(s, g) && altPossible(s, g);
  function switchAlt(s: State, out: State, g: number): void {
    // 1105 with Emb. 4: asynchronous remote copy over the direct link (【0163】).
    out[f.ALT + g] = 1;
    for (let w = 0; w < s[f.NW]; w++) {
      const st = s[f.W_ST + w];
      if (k.groupOf(s[f.W_ADDR + w]) !== g || (st !== W.JOURNALING && st !== W.ACK_EARLY)) continue;
      out[f.W_ST + w] = W.ALT;
      out[f.PNID + g] = Math.max(out[f.PNID + g], s[f.J_ID + w]);
      if (st === W.JOURNALING) host.ackToHost(out, w);
    }
  }
  function canAltSend(s: State, l: number): boolean {
    const g = laneGroup[l];
    return (
      s[f.ALT + g] === 1 &&
      k.psLink(s, laneSec[l]) &&
      s[f.S_MODE + l] === 0 &&
      s[f.S_PART + l] === 0 &&
      s[f.BUF_N + l] === 0 &&
      s[f.LAST_ID + l] < s[f.PNID + g] &&
      k.pair(s, l) === PS.PAIRED
    );
  }
  function altSend(s: State, out: State, l: number): void {
    // P sends the next record from its retained copy; S stores it and confirms over the link.
    const g = laneGroup[l];
    const sec = laneSec[l];
    const w = k.writeWithId(s, g, s[f.LAST_ID + l] + 1);
    for (let b = 0; b < s[f.W_SIZE + w]; b++) out[f.VS + sec * k.AN + k.addrOf(s, w, b)] = w + 1;
    out[f.LAST_ID + l] = s[f.J_ID + w];
    out[f.LAST_TS + l] = s[f.J_TS + w];
    out[f.APPLIED + l] |= 1 << w;
    out[f.W_UPD + w] = 0;
  }
  function canSwitchBack(s: State, g: number): boolean {
    if (!s[f.P_ALIVE] || !s[f.ALT + g] || !k.pReachesGroup(s, g) || k.inFlight(s) > 0) return false;
    for (const l of groupLanes[g]) if (s[f.LAST_ID + l] !== s[f.PNID + g]) return false;
    return true;
  }
  function switchBack(s: State, out: State, g: number): void {
    out[f.ALT + g] = 0;
    const at = s[f.PN + g];
    for (const l of groupLanes[g]) {
      out[f.S_POS + l] = at;
      out[f.SCI + l] = at;
    }
    out[f.PH + g] = at;
    out[f.PR + g] = at;
    out[f.PCI_H + g] = at;
    out[f.PCI_END + g] = at;
  }

  return {
    canControl,
    control,
    canResend,
    resend,
    strandedId,
    resendTarget,
    canSwitchPath,
    switchPath,
    altPossible,
    switchPossible,
    canSwitchAlt,
    switchAlt,
    canAltSend,
    altSend,
    canSwitchBack,
    switchBack,
  };
}
