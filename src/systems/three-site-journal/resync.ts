// 図14 and the console: create a pair and its initial copy (804, 1413), the resync checks (1401-1403,
// 1406), the copy of the OR of both sides' bitmaps in the direction of the business (1408-1412,
// 【0152】), its completion or interruption, and the operator's suspend and takeover (【0135】【0136】).
// A takeover fences P first (1104): the console stops P's host I/O for the group, so at most one site
// accepts writes (CE-19).
import type { State } from '../../engine/contract.js';
import { E, M, PS, type Kernel } from './kernel.js';

export interface ResyncPart {
  canResync(s: State, l: number): boolean;
  resync(s: State, out: State, l: number): void;
  canReverse(s: State, l: number): boolean;
  reverse(s: State, out: State, l: number): void;
  canCopy(s: State, l: number): boolean;
  copy(s: State, out: State, l: number): void;
  canFinish(s: State, l: number): boolean;
  finish(s: State, out: State, l: number): void;
  canAbort(s: State, l: number): boolean;
  abort(s: State, out: State, l: number): void;
  canDelete(s: State, l: number): boolean;
  remove(s: State, out: State, l: number): void;
  canCreate(s: State, l: number): boolean;
  create(s: State, out: State, l: number): void;
  canInitialCopy(s: State, l: number): boolean;
  initialCopy(s: State, out: State, l: number): void;
  canOperatorSuspend(s: State, l: number): boolean;
  operatorSuspend(s: State, out: State, l: number): void;
  canTakeover(s: State, l: number): boolean;
  takeover(s: State, out: State, l: number): void;
  canAttempt(s: State, l: number): boolean;
  attempt(s: State, out: State, l: number): void;
}

export function resyncPart(k: Kernel): ResyncPart {
  const { f, cfg, rules, AN, laneGroup, laneSec, groupAddrs } = k;
  const copying = (p: number): boolean => p === PS.RESYNCING || p === PS.REVERSING;
  /** S's bitmap starts here (1309): after the last request it reflected. */
  const sStart = (s: State, l: number): number => (s[f.S_MODE + l] === M.NORMAL ? s[f.LAST_ID + l] : s[f.BMS_START + l]);
  const bits = (s: State, l: number): boolean => {
    for (const a of groupAddrs[laneGroup[l]]) if (s[f.RS_BM + l * AN + a]) return true;
    return false;
  };

  function startCopy(s: State, out: State, l: number, toS: boolean): void {
    const sec = laneSec[l];
    for (const a of groupAddrs[laneGroup[l]]) {
      const both = s[f.BM_P + l * AN + a] | s[f.BM_S + sec * AN + a];
      const oneSided = toS ? s[f.BM_P + l * AN + a] : s[f.BM_S + sec * AN + a];
      out[f.RS_BM + l * AN + a] = rules.oneSidedResync ? oneSided : both; // 1408 / 1411: the OR (【0152】)
      out[f.BM_P + l * AN + a] = 0;
      out[f.BM_S + sec * AN + a] = 0;
    }
    out[f.BMS_START + l] = sStart(s, l); // S stops reflecting here; its differential information runs from here
    out[f.S_MODE + l] = M.SUSPENDED;
    out[f.BUF_N + l] = 0;
    if (toS) out[f.S_MIXED + l] = 1;
    else out[f.P_MIXED + laneGroup[l]] = 1;
  }
  const businessToP = (out: State, g: number): void => {
    out[f.BIZ + g] = 0;
    out[f.P_FENCED + g] = 0;
    out[f.G_SIDE + g] = 0;
  };

  const canResync = (s: State, l: number): boolean => {
    const p = k.pair(s, l);
    return (
      k.restartable(s, l) &&
      (p === PS.SUSP_ERR || p === PS.SUSP_OP) &&
      s[f.BMP_ON + l] === 1 &&
      s[f.BIZ + laneGroup[l]] === 0 &&
      s[f.S_MODE + l] !== M.DRAINING &&
      s[f.BUF_N + l] === 0 &&
      k.inFlight(s) === 0
    );
  };
  function resync(s: State, out: State, l: number): void {
    // 1401-1403, 1406: an initial copy if S lost its data; refuse when P's bitmap starts after S's.
    if (s[f.S_LOST + laneSec[l]]) {
      k.setPair(out, l, E.DATA_LOST);
      return;
    }
    if (!rules.lateBitmap && s[f.BMP_START + l] > sStart(s, l)) {
      k.setPair(out, l, E.REFUSED);
      return;
    }
    k.setPair(out, l, E.RESYNC);
    startCopy(s, out, l, true);
  }

  const canReverse = (s: State, l: number): boolean =>
    s[f.P_ALIVE] === 1 && s[f.S_UP + laneSec[l]] === 1 && k.pair(s, l) === PS.TAKEN && s[f.BMP_ON + l] === 1 && k.inFlight(s) === 0;
  function reverse(s: State, out: State, l: number): void {
    if (s[f.S_LOST + laneSec[l]]) {
      // 1406: the business site lost its data: an initial copy from P, whose data is the newest left.
      k.setPair(out, l, E.DATA_LOST);
      businessToP(out, laneGroup[l]);
      return;
    }
    const ok = rules.lateBitmap || s[f.BMP_START + l] <= sStart(s, l);
    k.setPair(out, l, ok ? E.REVERSE : E.REFUSED);
    if (ok) startCopy(s, out, l, false);
  }

  const copyAllowed = (s: State, l: number): boolean => copying(k.pair(s, l)) && s[f.P_ALIVE] === 1 && s[f.S_UP + laneSec[l]] === 1;
  const canCopy = (s: State, l: number): boolean => copyAllowed(s, l) && !s[f.S_LOST + laneSec[l]] && bits(s, l);
  function copy(s: State, out: State, l: number): void {
    const sec = laneSec[l];
    for (const a of groupAddrs[laneGroup[l]]) {
      if (!s[f.RS_BM + l * AN + a]) continue;
      if (k.pair(s, l) === PS.RESYNCING) out[f.VS + sec * AN + a] = s[f.VP + a];
      else out[f.VP + a] = s[f.VS + sec * AN + a];
      out[f.RS_BM + l * AN + a] = 0;
      break;
    }
  }
  const canFinish = (s: State, l: number): boolean =>
    copyAllowed(s, l) && !s[f.S_LOST + laneSec[l]] && !bits(s, l) && k.restartable(s, l) && k.inFlight(s) === 0;
  function finish(s: State, out: State, l: number): void {
    k.setPair(out, l, E.DONE); // [INFERRED] business back at P (failback)
    k.restartLane(out, l, k.pair(s, l) === PS.RESYNCING);
    out[f.G_SIDE + laneGroup[l]] = 0;
  }
  const canAbort = (s: State, l: number): boolean =>
    copying(k.pair(s, l)) && (!s[f.P_ALIVE] || !s[f.S_UP + laneSec[l]] || s[f.S_LOST + laneSec[l]] === 1);
  function abort(s: State, out: State, l: number): void {
    k.setPair(out, l, E.FAILURE);
    for (const a of groupAddrs[laneGroup[l]]) if (s[f.RS_BM + l * AN + a]) out[f.BM_P + l * AN + a] = 1;
    out.fill(0, f.RS_BM + l * AN, f.RS_BM + (l + 1) * AN);
  }

  const canDelete = (s: State, l: number): boolean => k.pair(s, l) === PS.ERROR;
  function remove(_s: State, out: State, l: number): void {
    k.setPair(out, l, E.DELETE);
    out[f.BMP_ON + l] = 0;
    out.fill(0, f.BM_P + l * AN, f.BM_P + (l + 1) * AN);
  }
  const canCreate = (s: State, l: number): boolean => k.pair(s, l) === PS.SIMPLEX && s[f.P_ALIVE] === 1;
  function create(_s: State, out: State, l: number): void {
    k.setPair(out, l, E.CREATE);
  }
  const canInitialCopy = (s: State, l: number): boolean => k.pair(s, l) === PS.COPYING && k.restartable(s, l) && k.inFlight(s) === 0;
  function initialCopy(s: State, out: State, l: number): void {
    // 804 / 1413: copy every block of the group from the side holding the business data.
    const g = laneGroup[l];
    const sec = laneSec[l];
    const toS = !(s[f.P_LOST] || s[f.BIZ + g]);
    for (const a of groupAddrs[g]) {
      if (toS) out[f.VS + sec * AN + a] = out[f.VP + a];
      else out[f.VP + a] = out[f.VS + sec * AN + a];
    }
    k.setPair(out, l, E.COPY_DONE);
    k.restartLane(out, l, toS);
    out[f.G_SIDE + g] = 0;
  }

  const canOperatorSuspend = (s: State, l: number): boolean =>
    cfg.operator && s[f.P_ALIVE] === 1 && s[f.S_UP + laneSec[l]] === 1 && k.pair(s, l) === PS.PAIRED && s[f.BIZ + laneGroup[l]] === 0 && s[f.BUF_N + l] === 0;
  function operatorSuspend(s: State, out: State, l: number): void {
    // 【0135】【0136】: both sides keep differential information from the suspend time.
    k.cause(out);
    k.suspendAtP(out, l, E.OP_SUSPEND);
    out[f.S_MODE + l] = M.SUSPENDED;
    out[f.BMS_START + l] = s[f.LAST_ID + l];
  }

  function canTakeover(s: State, l: number): boolean {
    const sec = laneSec[l];
    const p = k.pair(s, l);
    if (!cfg.takeover || !s[f.S_UP + sec] || s[f.S_LOST + sec] || s[f.BIZ + laneGroup[l]] || !k.sSettled(s, l)) return false;
    // The console fences P once its host I/O in flight has completed.
    // CE-19: on what S knows alone, a suspended pair looks like a lost primary.
    if (rules.takeoverWithoutFence) return p === PS.SUSP_ERR || (p === PS.SUSP_OP && cfg.operator);
    // Only once the console confirms P down, or during maintenance, when the console fences P.
    if (s[f.P_ALIVE] && k.inFlight(s) > 0) return false;
    return (p === PS.SUSP_ERR && (!s[f.P_ALIVE] || cfg.operator)) || (p === PS.SUSP_OP && cfg.operator);
  }
  function takeover(_s: State, out: State, l: number): void {
    const g = laneGroup[l];
    k.setPair(out, l, E.TAKEOVER);
    out[f.BIZ + g] = 1; // the secondary host now issues I/O to S (【0135】)
    if (!rules.takeoverWithoutFence) out[f.P_FENCED + g] = 1; // 1104: P blockaded for the group
    out[f.G_SIDE + g] = 1;
  }

  const canAttempt = (s: State, l: number): boolean => {
    const p = k.pair(s, l);
    return cfg.operator && s[f.P_ALIVE] === 1 && (p === PS.SUSP_ERR || p === PS.SUSP_OP || p === PS.TAKEN) && !s[f.S_UP + laneSec[l]];
  };
  function attempt(_s: State, out: State, l: number): void {
    k.setPair(out, l, E.REFUSED); // 1401-1402: no usable path -> 1414
  }

  return {
    canResync,
    resync,
    canReverse,
    reverse,
    canCopy,
    copy,
    canFinish,
    finish,
    canAbort,
    abort,
    canDelete,
    remove,
    canCreate,
    create,
    canInitialCopy,
    initialCopy,
    canOperatorSuspend,
    operatorSuspend,
    canTakeover,
    takeover,
    canAttempt,
    attempt,
  };
}
