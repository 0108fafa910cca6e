// Failures and their detection: P's failure handler (図11 1101-1107), the heartbeat monitors
// (【0106】【0107】, 1002 and 1202/1301), crashes and recoveries of P, I and S with and without data
// loss, link failures, media errors on I, and a foreign write to S's control-information volume
// (CE-11). Faults also set the ghost's cause bit: a suspend warning then has a reason an operator
// can see.
import type { State } from '../../engine/contract.js';
import { E, H, M, PS, W, type Kernel } from './kernel.js';
import type { HostWritePart } from './host-write.js';
import type { PrimaryControlPart } from './primary-control.js';
import type { SecondaryPart } from './secondary.js';

export interface FailuresPart {
  /** 図11 triggers for lane l, other than the path switches of Emb. 3 and 4. */
  canDetectAtP(s: State, l: number): boolean;
  detectAtP(s: State, out: State, l: number): void;
  canTick(s: State): boolean;
  tick(s: State, out: State): void;
  canRecoverP(s: State): boolean;
  recoverP(s: State, out: State, lost: boolean): void;
  loseP(s: State, out: State): void;
  recoverS(s: State, out: State, sec: number): void;
  crashS(s: State, out: State, sec: number, lost: boolean): void;
  recoverI(s: State, out: State, i: number): void;
  failI(s: State, out: State, i: number, lost: boolean): void;
  recoverLink(s: State, out: State, x: number): void;
  failLink(s: State, out: State, x: number): void;
  canMediaError(s: State, x: number): boolean;
  mediaError(s: State, out: State, x: number): void;
  canForeignWrite(s: State): boolean;
  foreignWrite(s: State, out: State): void;
}

export function failuresPart(k: Kernel, host: HostWritePart, control: PrimaryControlPart, secondary: SecondaryPart): FailuresPart {
  const { f, cfg, rules, AN, B, L, G, laneGroup, laneSec, groupLanes, secLanes, groupInts, intGroup } = k;
  const heartbeat = cfg.detection === 'heartbeat';
  const D = cfg.heartbeatSlack;
  const K = rules.suspectAfter;

  /** A write caught mid-journal by a failure goes to the bitmaps of its group and is acknowledged (【0101】【0115】). */
  function catchJournaling(s: State, out: State, g: number): void {
    for (let w = 0; w < s[f.NW]; w++) {
      const st = s[f.W_ST + w];
      if (k.groupOf(s[f.W_ADDR + w]) !== g || (st !== W.JOURNALING && st !== W.ACK_EARLY)) continue;
      for (const l of groupLanes[g]) k.setBits(out, f.BM_P + l * AN, w);
      out[f.W_ST + w] = W.BITMAP;
      out[f.W_UPD + w] = 0;
      if (st === W.JOURNALING) host.ackToHost(out, w);
    }
  }

  function canDetectAtP(s: State, l: number): boolean {
    const g = laneGroup[l];
    const sec = laneSec[l];
    const p = k.pair(s, l);
    if (!s[f.P_ALIVE]) return false;
    if (p === PS.COPYING) return !k.restartable(s, l);
    if (!k.pJournals(s, l)) return false;
    if (s[f.ALT + g]) return !k.psLink(s, sec) || s[f.S_MODE + l] !== M.NORMAL;
    if (!k.pReachesGroup(s, g)) return !control.altPossible(s, g) && !control.switchPossible(s, g);
    // S down, self-suspended, or its SCI cannot reach P (1002): K stale samples, or the oracle.
    if (heartbeat ? s[f.STALE_S + l] >= K : !k.sciFresh(s, l)) return true;
    if (cfg.spread && control.strandedId(s, g) > 0 && !control.resendTarget(s, g)) return true; // no room to re-send: no alternate path left
    return false;
  }
  function detectAtP(s: State, out: State, l: number): void {
    const g = laneGroup[l];
    if (k.pair(s, l) === PS.COPYING) {
      k.setPair(out, l, E.FAILURE);
      return;
    }
    k.suspendAtP(out, l, E.FAILURE);
    if (!k.pReachesGroup(s, g) || s[f.ALT + g]) catchJournaling(s, out, g);
  }

  // ---- the clock and the heartbeat monitors (detection: heartbeat) ---------------------------

  /** Time may pass unless a live publisher has let `heartbeatSlack` periods go by: it publishes first. */
  function canTick(s: State): boolean {
    if (!heartbeat) return false;
    for (let g = 0; g < G; g++) if (s[f.AGE_P + g] >= D && control.canControl(s, g)) return false;
    for (let l = 0; l < L; l++) if (s[f.AGE_S + l] >= D && secondary.canPublish(s, l)) return false;
    return true;
  }
  function tick(s: State, out: State): void {
    for (let g = 0; g < G; g++) if (s[f.AGE_P + g] < D) out[f.AGE_P + g]++;
    for (let l = 0; l < L; l++) {
      const g = laneGroup[l];
      const sec = laneSec[l];
      if (s[f.AGE_S + l] < D) out[f.AGE_S + l]++;
      // S samples PCI's heartbeat (1202), P samples SCI's (1002): a value unchanged since the last
      // sample is stale; K stale samples in a row declare the peer down.
      const live = k.pair(s, l) === PS.PAIRED || k.pair(s, l) === PS.SUSP_ERR;
      if (s[f.S_UP + sec] && s[f.S_MODE + l] === M.NORMAL && live && k.sReachesAny(s, l)) {
        if (!s[f.FRESH_P + l]) out[f.STALE_P + l] = Math.min(s[f.STALE_P + l] + 1, K);
        else {
          out[f.FRESH_P + l] = 0;
          out[f.STALE_P + l] = 0;
        }
      }
      if (s[f.P_ALIVE] && k.pJournals(s, l) && k.pReachesGroup(s, g)) {
        if (!s[f.FRESH_S + l]) out[f.STALE_S + l] = Math.min(s[f.STALE_S + l] + 1, K);
        else {
          out[f.FRESH_S + l] = 0;
          out[f.STALE_S + l] = 0;
        }
      }
    }
  }

  // ---- primary ----------------------------------------------------------------------------------

  function canRecoverP(s: State): boolean {
    if (s[f.P_ALIVE]) return false;
    for (let l = 0; l < L; l++) if (!k.quiet(s, l)) return false;
    return true;
  }
  function recoverP(s: State, out: State, lost: boolean): void {
    out[f.P_ALIVE] = 1;
    for (let g = 0; g < G; g++) out[f.AGE_P + g] = 0;
    for (let w = 0; w < s[f.NW]; w++) {
      const st = s[f.W_ST + w];
      if (st === W.JOURNALING || st === W.WRITTEN || st === W.ADVANCED || st === W.ACK_EARLY) {
        out[f.W_ST + w] = W.ABORTED; // never acknowledged by P; its data is on P's disk and in its update information
      }
    }
    if (lost) {
      out[f.P_LOST] = 1;
      out.fill(0, f.VP, f.VP + AN);
      out.fill(0, f.BM_P, f.BM_P + L * AN);
      out.fill(0, f.W_UPD, f.W_UPD + k.WN);
      for (let l = 0; l < L; l++) {
        out[f.BMP_ON + l] = 0;
        const p = k.pair(out, l);
        if (p === PS.SUSP_ERR || p === PS.SUSP_OP || p === PS.TAKEN) k.setPair(out, l, E.DATA_LOST); // 1413: an initial copy from S
      }
      return;
    }
    // P's bitmap and update information are on its disk (【0117】): 1107 from its head.
    for (let l = 0; l < L; l++) {
      const p = k.pair(out, l);
      if (p !== PS.SUSP_ERR && p !== PS.SUSP_OP && p !== PS.TAKEN) continue;
      // The writes this recovery aborted (no array per transition: they are the ones whose status changed to ABORTED).
      for (let w = 0; w < s[f.NW]; w++) {
        if (out[f.W_ST + w] === W.ABORTED && s[f.W_ST + w] !== W.ABORTED && k.groupOf(s[f.W_ADDR + w]) === laneGroup[l]) k.setBits(out, f.BM_P + l * AN, w);
      }
      k.suspendAtP(out, l, E.FAILURE);
    }
  }
  function loseP(s: State, out: State): void {
    out[f.P_ALIVE] = 0; // a record being written stays torn
    out[f.P_LOSSES]++;
    k.cause(out);
    for (let w = 0; w < s[f.NW]; w++) if (s[f.H_ST + w] === H.PENDING) out[f.G_CUT + w] = 1;
    for (let l = 0; l < L; l++) {
      out[f.G_PLOSS + l] = k.displaysPair(s, l) ? 1 : 2;
      if (!k.sReachesAll(s, l)) out[f.G_IGAP + l] = 1;
    }
  }

  // ---- secondary, intermediate, links -------------------------------------------------------------

  function recoverS(s: State, out: State, sec: number): void {
    out[f.S_UP + sec] = 1;
    for (const l of secLanes[sec]) {
      out[f.AGE_S + l] = 0;
      out[f.STALE_P + l] = 0;
      out[f.FRESH_P + l] = 1; // a restarted monitor starts from what it reads now
    }
    if (!s[f.S_LOST + sec]) return;
    // S knows its volumes are gone: it stays suspended until an initial copy (1413).
    for (const l of secLanes[sec]) {
      out[f.S_MODE + l] = M.SUSPENDED;
      if (k.pair(out, l) === PS.PAIRED) k.setPair(out, l, E.FAILURE);
      if (k.pair(out, l) === PS.TAKEN) {
        // The site running the business lost its data: back to P's copy (1413), S's writes since are gone.
        k.setPair(out, l, E.DATA_LOST);
        const g = laneGroup[l];
        out[f.BIZ + g] = 0;
        out[f.P_FENCED + g] = 0;
        out[f.G_SIDE + g] = 0;
      }
    }
  }
  function crashS(_s: State, out: State, sec: number, lost: boolean): void {
    out[f.S_UP + sec] = 0;
    out[f.S_CRASHES]++;
    k.cause(out);
    for (const l of secLanes[sec]) out[f.BUF_N + l] = 0; // the buffer is memory
    if (lost) {
      out[f.S_LOST + sec] = 1;
      out[f.G_SLOST + sec] = out[f.NW];
      out.fill(0, f.VS + sec * AN, f.VS + (sec + 1) * AN);
      out.fill(0, f.BM_S + sec * AN, f.BM_S + (sec + 1) * AN);
    }
  }
  function recoverI(_s: State, out: State, i: number): void {
    out[f.I_UP + i] = 1;
    out[f.I_BLOCK + i] = 0; // the console puts it back into the configuration
  }
  function failI(s: State, out: State, i: number, lost: boolean): void {
    out[f.I_UP + i] = 0;
    out[f.I_FAILS]++;
    k.cause(out);
    if (!s[f.P_ALIVE]) for (const l of groupLanes[intGroup[i]]) out[f.G_IGAP + l] = 1;
    if (lost) {
      out[f.I_LOST + i] = 1;
      out.fill(0, f.BLK_W + i * B, f.BLK_W + (i + 1) * B);
      out.fill(0, f.BLK_B + i * B, f.BLK_B + (i + 1) * B);
      out.fill(0, f.BLK_OK + i * B, f.BLK_OK + (i + 1) * B);
    }
  }
  function recoverLink(_s: State, out: State, x: number): void {
    out[f.LINK + x] = 1;
  }
  function failLink(s: State, out: State, x: number): void {
    out[f.LINK + x] = 0;
    out[f.LINK_FAILS]++;
    k.cause(out);
    if (!s[f.P_ALIVE] && x === 1) out.fill(1, f.G_IGAP, f.G_IGAP + L);
  }

  /** A media error can hit a block of a complete record P has not released. */
  function canMediaError(s: State, x: number): boolean {
    if (s[f.MEDIA_ERRS] >= cfg.mediaErrors || !s[f.BLK_OK + x]) return false;
    const wr = s[f.BLK_W + x];
    if (wr <= 0) return false;
    const w = wr - 1;
    return s[f.W_UPD + w] === 1 && s[f.J_DONE + w] === s[f.W_SIZE + w] && s[f.J_OLD + w] === 0;
  }
  function mediaError(_s: State, out: State, x: number): void {
    out[f.BLK_OK + x] = 0;
    out[f.MEDIA_ERRS]++;
    out[f.G_MEDIA] = 1;
    k.cause(out);
  }

  const canForeignWrite = (s: State): boolean =>
    cfg.foreignWrite && !s[f.FOREIGN_TRIED] && s[f.S_UP] === 1 && s[f.I_UP + groupInts[0][0]] === 1 && k.pair(s, 0) === PS.PAIRED;
  function foreignWrite(s: State, out: State): void {
    out[f.FOREIGN_TRIED] = 1;
    k.cause(out);
    if (!rules.writePermission) {
      // CE-11: a foreign subsystem's bug writes S's control information: its head far past S's.
      out[f.FOREIGN_LANDED] = 1;
      out[f.SCI] = cfg.spread ? s[f.PRID] : s[f.PR];
    }
  }

  return {
    canDetectAtP,
    detectAtP,
    canTick,
    tick,
    canRecoverP,
    recoverP,
    loseP,
    recoverS,
    crashS,
    recoverI,
    failI,
    recoverLink,
    failLink,
    canMediaError,
    mediaError,
    canForeignWrite,
    foreignWrite,
  };
}
