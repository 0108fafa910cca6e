// The properties of three-site-journal (seed-notes/000.md §7): invariants, action properties,
// reachability witnesses (including the losses the design allows, N1-N5 and CE-15) and liveness.
// They read the state through the model's kernel and allocate nothing per call.
import type { Model, State } from '../../engine/contract.js';
import { A, PAIR_STATES as P, S_MODES as M, TORN, W, argOf, typeOf, type Kernel } from './model.js';

export function journalProperties(k: Kernel): Pick<Model, 'always' | 'step' | 'sometimes' | 'eventually'> {
  const { f, AN, RB, L, C, laneGroup, laneSec, groupLanes, groupAddrs, groupInts, cfg } = k;
  const img = new Int32Array(AN);
  const pair = (s: State, l: number): number => s[f.PAIR_ST + l];
  const ofGroup = (s: State, w: number, g: number): boolean => k.groupOf(s[f.W_ADDR + w]) === g;
  const acked = (st: number): boolean => st === W.ACKED || st === W.ACK_EARLY || st === W.BITMAP || st === W.ALT;
  const journaled = (s: State, w: number): boolean => s[f.W_ID + w] > 0;
  const appliedAt = (s: State, l: number, w: number): boolean => s[f.W_ID + w] > 0 && s[f.W_ID + w] <= s[f.S_H + l];
  const vs = (s: State, l: number, a: number): number => s[f.VS + laneSec[l] * AN + a];

  /** S's image for lane l matches the base plus the journaled writes with IDs up to `upto`, plus `part` blocks of the next. */
  function imageIs(s: State, l: number, upto: number, part: number): boolean {
    const g = laneGroup[l];
    const kk = laneSec[l];
    for (const a of groupAddrs[g]) img[a] = s[f.BASE + kk * AN + a];
    for (let w = 0; w < s[f.NW]; w++) {
      if (!ofGroup(s, w, g) || s[f.W_ID + w] <= s[f.BASE_ID + l]) continue;
      const id = s[f.W_ID + w];
      if (id <= upto) for (let b = 0; b < RB; b++) img[k.block(s, w, b)] = w + 1;
      else if (id === upto + 1) for (let b = 0; b < part; b++) img[k.block(s, w, b)] = w + 1;
    }
    for (const a of groupAddrs[g]) if (img[a] !== vs(s, l, a)) return false;
    return true;
  }

  /** S1: some prefix in request-ID order (and, with partial fetch, a block prefix of the next record). */
  function isPrefix(s: State, l: number): boolean {
    const g = laneGroup[l];
    for (let id = s[f.BASE_ID + l]; id <= s[f.PN + g] + 1; id++) {
      if (imageIs(s, l, id, 0)) return true;
      for (let p = 1; p < RB; p++) if (imageIs(s, l, id, p)) return true;
    }
    return false;
  }
  /** S's image is write-order consistent by design here (not mid-copy, not taken over, not lost). */
  const ordered = (s: State, l: number): boolean => {
    const p = pair(s, l);
    return s[f.BIZ + laneGroup[l]] === 0 && !s[f.S_LOST + laneSec[l]] && !s[f.S_MIXED + l] && p !== P.COPYING && p !== P.REVERSING;
  };
  const suspended = (p: number): boolean => p === P.SUSP_ERR || p === P.SUSP_OP;
  const diff = (s: State, l: number): boolean => {
    for (const a of groupAddrs[laneGroup[l]]) if (s[f.VP + a] !== vs(s, l, a)) return true;
    return false;
  };
  const covered = (s: State, l: number, w: number): boolean => {
    for (let b = 0; b < RB; b++) {
      const a = k.block(s, w, b);
      if (!s[f.BM_P + l * AN + a] && !s[f.RS_BM + l * AN + a]) return false;
    }
    return true;
  };
  /** Every block of w is at S (or overwritten there by a later write) or marked for the copy. */
  const reflectedOrCovered = (s: State, l: number, w: number): boolean => {
    for (let b = 0; b < RB; b++) {
      const a = k.block(s, w, b);
      if (vs(s, l, a) < w + 1 && !s[f.BM_P + l * AN + a] && !s[f.RS_BM + l * AN + a]) return false;
    }
    return true;
  };
  const established = (p: number): boolean => p !== P.SIMPLEX && p !== P.COPYING && p !== P.ERROR;
  const reflected = (s: State, l: number, w: number): boolean => {
    for (let b = 0; b < RB; b++) if (vs(s, l, k.block(s, w, b)) < w + 1) return false;
    return true;
  };

  const always: Model['always'] = [
    { id: 'E5', holds: (s) => s[f.FOREIGN_LANDED] === 0 },
    {
      id: 'S6',
      holds: (s) => {
        // While P is alive an acknowledged write is at S, in an intact journal on I, or in P's update information / bitmap.
        if (!s[f.P_ALIVE]) return true;
        for (let l = 0; l < L; l++) {
          const g = laneGroup[l];
          // After a takeover the business side wins at failback: P's unreplicated writes are N1's loss.
          if (s[f.S_LOST + laneSec[l]] || !established(pair(s, l)) || s[f.BIZ + g]) continue;
          for (let w = s[f.BASE_W + l]; w < s[f.NW]; w++) {
            if (!ofGroup(s, w, g) || !acked(s[f.W_STATUS + w])) continue;
            if (appliedAt(s, l, w) || reflectedOrCovered(s, l, w)) continue;
            if (journaled(s, w) && k.intactCopy(s, g, s[f.W_ID + w])) continue;
            if (s[f.W_UPD + w]) continue;
            return false;
          }
        }
        return true;
      },
    },
    {
      id: 'E6',
      holds: (s) => {
        // No overrun: every record a paired S has not applied is intact on I.
        for (let l = 0; l < L; l++) {
          const g = laneGroup[l];
          if (pair(s, l) !== P.PAIRED || s[f.BMP_ON + l] || s[f.ALT + g]) continue;
          for (const i of groupInts[g]) if (s[f.I_LOST + i]) return true;
          for (let id = s[f.S_H + l] + 1; id <= s[f.PN + g]; id++) if (!k.intactCopy(s, g, id)) return false;
        }
        return true;
      },
    },
    {
      id: 'E8',
      holds: (s) => {
        // P lost, S drained and no valid record is left: every journaled acknowledged write is applied.
        if (s[f.P_ALIVE]) return true;
        for (let l = 0; l < L; l++) {
          const g = laneGroup[l];
          if (s[f.S_MODE + l] !== M.S_DRAINED || k.nextDrainRecord(s, l) >= 0) continue;
          // Not claimed for a pair P had suspended and released records past (Emb. 5: another S is faster).
          if (s[f.BMP_ON + l] && s[f.PH + g] > s[f.S_H + l]) continue;
          for (let w = s[f.BASE_W + l]; w < s[f.NW]; w++) if (ofGroup(s, w, g) && s[f.W_STATUS + w] === W.ACKED && !appliedAt(s, l, w)) return false;
        }
        return true;
      },
    },
    {
      id: 'E9',
      holds: (s) => {
        for (let x = f.VS; x < f.VS + cfg.secondaries * AN; x++) if (s[x] === TORN) return false;
        return true;
      },
    },
    {
      id: 'S1',
      holds: (s) => {
        for (let l = 0; l < L; l++) if (ordered(s, l) && pair(s, l) !== P.RESYNCING && !isPrefix(s, l)) return false;
        return true;
      },
    },
    {
      id: 'E17',
      holds: (s) => {
        // S's head (629 and the part of the next record) describes exactly what it reflected (【0130】).
        for (let l = 0; l < L; l++) if (ordered(s, l) && pair(s, l) !== P.RESYNCING && !imageIs(s, l, s[f.S_H + l], s[f.S_PART + l])) return false;
        return true;
      },
    },
    {
      id: 'S2',
      holds: (s) => {
        // The records applied since the base are exactly IDs base+1 .. S.head: no gap, no duplicate, no stale record.
        for (let l = 0; l < L; l++) {
          if (!ordered(s, l)) continue;
          let mask = 0;
          for (let w = 0; w < s[f.NW]; w++) if (ofGroup(s, w, laneGroup[l]) && s[f.W_ID + w] > s[f.BASE_ID + l] && s[f.W_ID + w] <= s[f.S_H + l]) mask |= 1 << w;
          if (mask !== s[f.APPLIED + l]) return false;
        }
        return true;
      },
    },
    {
      id: 'S3',
      holds: (s) => {
        for (let l = 0; l < L; l++) {
          const g = laneGroup[l];
          if (s[f.SCI_H + l] > s[f.S_H + l]) return false; // published only what is applied (1205 -> 1207)
          if (s[f.PCI_H + g] > s[f.PH + g] || s[f.PCI_END + g] > s[f.PN + g]) return false;
          if (pair(s, l) !== P.PAIRED || s[f.BMP_ON + l]) continue;
          if (s[f.PH + g] > s[f.SCI_H + l]) return false;
          if (s[f.S_MODE + l] === M.S_NORMAL && !s[f.ALT + g] && s[f.S_H + l] > s[f.PCI_END + g]) return false;
        }
        return true;
      },
    },
    {
      id: 'E14',
      holds: (s) => {
        // P's head follows the slowest paired secondary.
        for (let l = 0; l < L; l++) if (pair(s, l) === P.PAIRED && !s[f.BMP_ON + l] && s[f.PH + laneGroup[l]] > s[f.SCI_H + l]) return false;
        return true;
      },
    },
    {
      id: 'E15',
      holds: (s) => {
        // Request IDs are unique across intermediates: every complete copy of an ID carries the write P gave it.
        for (let g = 0; g < k.G; g++)
          for (const i of groupInts[g])
            for (let j = 0; j < C; j++) {
              const x = i * C + j;
              if (!s[f.SLOT_DONE + x] || s[f.SLOT_ID + x] <= s[f.PH + g]) continue;
              const w = k.writeWithId(s, g, s[f.SLOT_ID + x]);
              if (w >= 0 && w !== s[f.SLOT_W + x]) return false;
            }
        return true;
      },
    },
    {
      id: 'E11',
      holds: (s) => {
        // While suspended at P, P's bitmap covers every write S has not reflected (【0118】).
        if (!s[f.P_ALIVE]) return true;
        for (let l = 0; l < L; l++) {
          if (!suspended(pair(s, l)) || !s[f.BMP_ON + l] || s[f.BIZ + laneGroup[l]] || s[f.S_LOST + laneSec[l]]) continue;
          for (let w = s[f.BASE_W + l]; w < s[f.NW]; w++) {
            if (!ofGroup(s, w, laneGroup[l])) continue;
            const st = s[f.W_STATUS + w];
            const pending = journaled(s, w) ? !appliedAt(s, l, w) : st === W.BITMAP || st === W.ABORTED;
            if (pending && !reflectedOrCovered(s, l, w)) return false;
          }
        }
        return true;
      },
    },
    {
      id: 'S8',
      holds: (s) => {
        // While P keeps a bitmap for the pair, every block where P and S differ is in BM_P OR BM_S (or the running copy's).
        if (!s[f.P_ALIVE] || s[f.P_LOST]) return true;
        for (let l = 0; l < L; l++) {
          if (!s[f.BMP_ON + l] || s[f.S_LOST + laneSec[l]]) continue;
          const kk = laneSec[l];
          for (const a of groupAddrs[laneGroup[l]])
            if (s[f.VP + a] !== vs(s, l, a) && !s[f.BM_P + l * AN + a] && !s[f.BM_S + kk * AN + a] && !s[f.RS_BM + l * AN + a]) return false;
        }
        return true;
      },
    },
  ];

  /** P still journals for lane l (it has not suspended it). */
  const journalsAt = (s: State, l: number): boolean => !s[f.BMP_ON + l] && (pair(s, l) === P.PAIRED || pair(s, l) === P.SUSP_ERR);
  const copyEnds = (prev: State, nxt: State, l: number): boolean => (pair(prev, l) === P.RESYNCING || pair(prev, l) === P.REVERSING) && pair(nxt, l) === P.PAIRED;
  const step: Model['step'] = [
    {
      id: 'E1',
      holds: (prev, _a, nxt) => {
        // At the moment a write is acknowledged, its whole journal is on I (907 -> 908 -> 909).
        for (let w = 0; w < nxt[f.NW]; w++) {
          const was = prev[f.W_STATUS + w];
          const now = nxt[f.W_STATUS + w];
          if (now !== W.ACKED && now !== W.ACK_EARLY) continue;
          if (was === W.ACKED || was === W.ACK_EARLY) continue;
          const g = k.groupOf(nxt[f.W_ADDR + w]);
          if (k.findCopy(nxt, g, nxt[f.W_ID + w], false) < 0) return false;
        }
        return true;
      },
    },
    {
      id: 'E4',
      holds: (prev, a, nxt) => {
        // Update information is discarded only once every paired S published a head past it (claims 2/12).
        const t = typeOf(a);
        if (t === A.RESYNC_DONE || t === A.INITIAL_COPY_DONE || t === A.P_RECOVER_LOST) return true;
        for (let w = 0; w < nxt[f.NW]; w++) {
          if (!prev[f.W_UPD + w] || nxt[f.W_UPD + w] || nxt[f.W_ID + w] !== prev[f.W_ID + w]) continue;
          const g = k.groupOf(nxt[f.W_ADDR + w]);
          for (const l of groupLanes[g]) if (pair(prev, l) === P.PAIRED && !prev[f.BMP_ON + l] && nxt[f.SCI_H + l] < nxt[f.W_ID + w]) return false;
        }
        return true;
      },
    },
    {
      id: 'E7',
      holds: (prev, a, nxt) => {
        // A write that finds the queue full is rejected with BUSY (nothing changes at P) or suspends the pair and is acknowledged in the bitmap.
        if (typeOf(a) !== A.WRITE) return true;
        const w = prev[f.NW];
        const g = k.groupOf(argOf(a));
        let any = false;
        for (const l of groupLanes[g]) if (journalsAt(prev, l)) any = true;
        if (!any || prev[f.ALT + g]) return true;
        let free = false;
        for (const i of groupInts[g]) {
          if (prev[f.I_BLOCK + i]) continue;
          const j = cfg.intermediates > 1 && cfg.spread ? prev[f.INEXT + i] % C : prev[f.PN + g] % C;
          const x = i * C + j;
          if (prev[f.SLOT_ID + x] <= prev[f.PH + g] || !prev[f.SLOT_DONE + x]) free = true;
        }
        if (free) return true;
        const st = nxt[f.W_STATUS + w];
        if (st === W.BUSY) {
          for (let x = 0; x < AN; x++) if (nxt[f.VP + x] !== prev[f.VP + x]) return false;
          return nxt[f.PN + g] === prev[f.PN + g];
        }
        if (st !== W.BITMAP) return false;
        for (const l of groupLanes[g]) if (journalsAt(prev, l) && (!nxt[f.BMP_ON + l] || !covered(nxt, l, w))) return false;
        return true;
      },
    },
    {
      id: 'E3',
      holds: (prev, a, nxt) => {
        // In normal mode S fetches only records inside the published PCI range.
        if (typeOf(a) !== A.S_FETCH) return true;
        const l = argOf(a);
        return nxt[f.BUF_ID + l] <= prev[f.PCI_END + laneGroup[l]];
      },
    },
    {
      id: 'E10',
      holds: (prev, a, nxt) => {
        // Every record S applies has request ID previous + 1 (and so a greater timestamp) (【0139】).
        const t = typeOf(a);
        if (t !== A.S_DRAIN && t !== A.S_APPLY && t !== A.ALT_SEND) return true;
        const l = argOf(a);
        if (t === A.S_APPLY && nxt[f.S_PART + l] !== 0) return true;
        return nxt[f.LAST_ID + l] === prev[f.S_H + l] + 1;
      },
    },
    {
      id: 'E2',
      holds: (prev, a, nxt) => {
        // Applying a journal writes its data at the addresses in its header and nowhere else (【0126】).
        const t = typeOf(a);
        if (t !== A.S_DRAIN && t !== A.S_APPLY && t !== A.ALT_SEND) return true;
        const l = argOf(a);
        const kk = laneSec[l];
        const w = t === A.S_APPLY ? prev[f.BUF_W + l] : k.writeWithId(prev, laneGroup[l], nxt[f.LAST_ID + l]);
        for (let x = 0; x < AN; x++) {
          const before = prev[f.VS + kk * AN + x];
          const after = nxt[f.VS + kk * AN + x];
          if (before === after) continue;
          let mine = false;
          for (let b = 0; b < RB; b++) if (w >= 0 && k.block(prev, w, b) === x) mine = true;
          if (!mine || (after !== w + 1 && after !== TORN)) return false;
        }
        return true;
      },
    },
    {
      id: 'E12',
      holds: (prev, _a, nxt) => {
        // A copy starts only when P's bitmap starts no later than S's (1403).
        for (let l = 0; l < L; l++) {
          const into = (pair(nxt, l) === P.RESYNCING || pair(nxt, l) === P.REVERSING) && pair(prev, l) !== pair(nxt, l);
          if (!into || pair(prev, l) === P.RESYNCING || pair(prev, l) === P.REVERSING) continue;
          const sStart = prev[f.S_MODE + l] === M.S_NORMAL ? prev[f.S_H + l] : prev[f.BMS_START + l];
          if (prev[f.BMP_START + l] > sStart) return false;
        }
        return true;
      },
    },
    {
      id: 'E13',
      holds: (prev, _a, nxt) => {
        // The copy's bitmap is the OR of both sides' (1408, 【0152】).
        for (let l = 0; l < L; l++) {
          const into = (pair(nxt, l) === P.RESYNCING || pair(nxt, l) === P.REVERSING) && pair(prev, l) !== P.RESYNCING && pair(prev, l) !== P.REVERSING;
          if (!into) continue;
          const kk = laneSec[l];
          for (const x of groupAddrs[laneGroup[l]]) if ((prev[f.BM_P + l * AN + x] | prev[f.BM_S + kk * AN + x]) !== nxt[f.RS_BM + l * AN + x]) return false;
        }
        return true;
      },
    },
    {
      id: 'S9',
      holds: (prev, _a, nxt) => {
        // A completed copy leaves S equal to P.
        for (let l = 0; l < L; l++) if (copyEnds(prev, nxt, l) && diff(nxt, l)) return false;
        return true;
      },
    },
    {
      id: 'S10',
      holds: (prev, a, nxt) => {
        // While the pair is in PAIR, S's volume changes only by applying journals; its host writes only after a takeover.
        const t = typeOf(a);
        if (t === A.S_WRITE) {
          const l = groupLanes[k.groupOf(argOf(a))][0];
          return prev[f.BIZ + laneGroup[l]] === 1 && (pair(prev, l) === P.TAKEN || pair(prev, l) === P.REVERSING);
        }
        if (t === A.S_APPLY || t === A.S_DRAIN || t === A.ALT_SEND || t === A.S_CRASH_LOST) return true;
        for (let l = 0; l < L; l++) {
          if (pair(prev, l) !== P.PAIRED) continue;
          for (const x of groupAddrs[laneGroup[l]]) if (prev[f.VS + laneSec[l] * AN + x] !== nxt[f.VS + laneSec[l] * AN + x]) return false;
        }
        return true;
      },
    },
    {
      id: 'E15',
      holds: (prev, a, nxt) => {
        // With several intermediates S applies in request-ID order, whatever order records arrived or were re-sent in.
        if (typeOf(a) !== A.S_APPLY) return true;
        const l = argOf(a);
        return nxt[f.S_PART + l] !== 0 || nxt[f.LAST_ID + l] === prev[f.S_H + l] + 1;
      },
    },
  ];

  const anyLane = (fn: (s: State, l: number) => boolean) => (s: State): boolean => {
    for (let l = 0; l < L; l++) if (fn(s, l)) return true;
    return false;
  };
  const anyWrite = (fn: (s: State, w: number) => boolean) => (s: State): boolean => {
    for (let w = 0; w < s[f.NW]; w++) if (fn(s, w)) return true;
    return false;
  };
  const unappliedAcked = (s: State, l: number, status: number): boolean => {
    for (let w = s[f.BASE_W + l]; w < s[f.NW]; w++) if (ofGroup(s, w, laneGroup[l]) && s[f.W_STATUS + w] === status && !appliedAt(s, l, w) && !reflected(s, l, w)) return true;
    return false;
  };

  const sometimes: Model['sometimes'] = [
    {
      id: 'W-unpublished-acked',
      // E8's premise: P lost while acknowledged writes were neither applied at S nor inside PCI.
      reached: anyLane((s, l) => {
        if (s[f.P_ALIVE]) return false;
        for (let w = 0; w < s[f.NW]; w++) if (ofGroup(s, w, laneGroup[l]) && s[f.W_STATUS + w] === W.ACKED && !appliedAt(s, l, w) && s[f.W_ID + w] > s[f.PCI_END + laneGroup[l]]) return true;
        return false;
      }),
    },
    { id: 'W-torn-on-queue', reached: (s) => k.anyJournaling(s) && pair(s, 0) === P.PAIRED },
    { id: 'W-torn', reached: (s) => !s[f.P_ALIVE] && k.anyJournaling(s) },
    { id: 'W-wrap', reached: (s) => s[f.PN] > C * k.NI },
    { id: 'W-busy', reached: anyWrite((s, w) => s[f.W_STATUS + w] === W.BUSY) },
    { id: 'W-drain-beyond-pci', reached: anyLane((s, l) => s[f.S_MODE + l] !== M.S_NORMAL && s[f.S_H + l] > s[f.PCI_END + laneGroup[l]] && !s[f.ALT + laneGroup[l]]) },
    {
      id: 'W-drain-stops-at-invalid',
      // The drain met a record that fails the checks of 【0139】【0140】 (stale, torn) and stopped there.
      reached: anyLane((s, l) => {
        if (s[f.S_MODE + l] !== M.S_DRAINED || cfg.spread) return false;
        const x = groupInts[laneGroup[l]][0] * C + (s[f.S_H + l] % C);
        return s[f.SLOT_ID + x] !== 0 && (s[f.SLOT_ID + x] !== s[f.S_H + l] + 1 || !s[f.SLOT_DONE + x]);
      }),
    },
    { id: 'W-queue-full', reached: anyLane((s, l) => pair(s, l) === P.PAIRED && s[f.PN + laneGroup[l]] - s[f.S_H + l] === C * k.NI / k.G) },
    { id: 'W-secondary-crash', reached: anyLane((s, l) => !s[f.S_UP + laneSec[l]] && s[f.S_H + l] < s[f.PN + laneGroup[l]]) },
    { id: 'W-suspended-diverged', reached: anyLane((s, l) => suspended(pair(s, l)) && s[f.BMP_ON + l] === 1 && s[f.P_ALIVE] === 1 && diff(s, l)) },
    { id: 'W-resync-copies', reached: anyLane((s, l) => pair(s, l) === P.RESYNCING && diff(s, l)) },
    { id: 'W-intermediate-failed-unapplied', reached: anyLane((s, l) => !s[f.I_UP + groupInts[laneGroup[l]][0]] && unappliedAcked(s, l, W.ACKED)) },
    { id: 'W-queue-full-suspend', reached: anyLane((s, l) => s[f.I_UP] === 1 && suspended(pair(s, l)) && s[f.BMP_ON + l] === 1 && unappliedAcked(s, l, W.BITMAP)) },
    { id: 'W-pci-lags', reached: anyLane((s, l) => s[f.S_MODE + l] === M.S_NORMAL && pair(s, l) === P.PAIRED && s[f.S_H + l] === s[f.PCI_END + laneGroup[l]] && s[f.PCI_END + laneGroup[l]] < s[f.PN + laneGroup[l]]) },
    { id: 'W-released', reached: anyLane((s, l) => pair(s, l) === P.PAIRED && s[f.PH + laneGroup[l]] > s[f.BASE_ID + l] && s[f.PH + laneGroup[l]] < s[f.PN + laneGroup[l]]) },
    { id: 'W-foreign-write-rejected', reached: (s) => s[f.FOREIGN_TRIED] === 1 && s[f.FOREIGN_LANDED] === 0 },
    { id: 'W-partial-window', reached: anyLane((s, l) => s[f.S_PART + l] > 0 && s[f.BUF_N + l] === 0) },
    { id: 'W-secondaries-apart', reached: (s) => L === 2 && laneSec[1] === 1 && pair(s, 0) === P.PAIRED && pair(s, 1) === P.PAIRED && s[f.SCI_H] !== s[f.SCI_H + 1] },
    {
      id: 'W-resent',
      // A record stranded on a failed intermediate was re-sent through the other (both copies exist).
      reached: (s) => {
        if (!cfg.spread) return false;
        for (let j = 0; j < C; j++)
          for (let j2 = 0; j2 < C; j2++) if (s[f.SLOT_DONE + j] && s[f.SLOT_DONE + C + j2] && s[f.SLOT_ID + j] === s[f.SLOT_ID + C + j2] && s[f.SLOT_ID + j] > s[f.PH]) return true;
        return false;
      },
    },
    { id: 'W-group-isolated', reached: (s) => k.G === 2 && ((suspended(pair(s, 0)) && pair(s, 1) === P.PAIRED) || (suspended(pair(s, 1)) && pair(s, 0) === P.PAIRED)) && s[f.PN] + s[f.PN + 1] > 0 },
    { id: 'W-alternate-path', reached: anyLane((s, l) => s[f.ALT + laneGroup[l]] === 1 && s[f.S_H + l] > s[f.PCI_END + laneGroup[l]]) },
    { id: 'W-takeover-write', reached: anyWrite((s, w) => s[f.W_STATUS + w] === W.AT_S) },
    { id: 'W-reverse-resync-both', reached: anyLane((s, l) => pair(s, l) === P.TAKEN && s[f.P_ALIVE] === 1 && bitsAny(s, f.BM_P + l * AN) && bitsAny(s, f.BM_S + laneSec[l] * AN)) },
    { id: 'W-operator-suspend', reached: anyLane((s, l) => pair(s, l) === P.SUSP_OP && diff(s, l)) },
    { id: 'W-link-suspend', reached: (s) => (s[f.LINK] === 0 || s[f.LINK + 1] === 0 || s[f.LINK + 2] === 0) && anyLane((s2, l) => suspended(pair(s2, l)) && s2[f.BMP_ON + l] === 1)(s) },
    { id: 'W-secondary-data-lost', reached: (s) => s[f.S_LOST] === 1 && s[f.S_UP] === 1 },
    { id: 'W-intermediate-data-lost', reached: anyLane((s, l) => s[f.I_LOST + groupInts[laneGroup[l]][0]] === 1 && unappliedAcked(s, l, W.ACKED)) },
    { id: 'W-primary-data-lost', reached: (s) => s[f.P_LOST] === 1 && s[f.P_ALIVE] === 1 },
    // The losses the design allows: each must occur, so they are shown, not hidden.
    { id: 'N1', reached: anyLane((s, l) => !s[f.P_ALIVE] && s[f.S_MODE + l] === M.S_SUSPENDED && (pair(s, l) === P.SUSP_ERR || pair(s, l) === P.TAKEN) && unappliedAcked(s, l, W.ACKED)) },
    { id: 'N2', reached: anyLane((s, l) => s[f.S_MIXED + l] === 1 && !s[f.S_LOST + laneSec[l]] && !isPrefix(s, l)) },
    {
      id: 'N3',
      // Two bitmap writes to one block while suspended: the bitmap keeps one bit, not their order.
      reached: (s) => {
        for (let w = 0; w < s[f.NW]; w++)
          for (let v = w + 1; v < s[f.NW]; v++) if (s[f.W_STATUS + w] === W.BITMAP && s[f.W_STATUS + v] === W.BITMAP && s[f.W_ADDR + w] === s[f.W_ADDR + v]) return true;
        return false;
      },
    },
    { id: 'N4', reached: anyLane((s, l) => s[f.P_ALIVE] === 1 && pair(s, l) === P.PAIRED && unpublishedAcked(s, laneGroup[l])) },
    { id: 'N5', reached: anyWrite((s, w) => s[f.W_STATUS + w] === W.BUSY) },
    { id: 'CE-15', reached: anyLane((s, l) => !s[f.P_ALIVE] && s[f.S_MODE + l] === M.S_SUSPENDED && s[f.S_PART + l] > 0 && !s[f.I_UP + groupInts[laneGroup[l]][0]]) },
    { id: 'N-alternate-path', reached: anyLane((s, l) => !s[f.P_ALIVE] && s[f.S_MODE + l] !== M.S_NORMAL && unappliedAcked(s, l, W.ALT)) },
  ];

  function bitsAny(s: State, at: number): boolean {
    for (let a = 0; a < AN; a++) if (s[at + a]) return true;
    return false;
  }
  function unpublishedAcked(s: State, g: number): boolean {
    for (let w = 0; w < s[f.NW]; w++) if (ofGroup(s, w, g) && s[f.W_STATUS + w] === W.ACKED && s[f.W_ID + w] > s[f.PCI_END + g]) return true;
    return false;
  }

  const recoverable = cfg.primaryRecovery !== 'none';
  const eventually: Model['eventually'] = [
    {
      id: 'L1',
      converged: (s) => {
        if (!s[f.P_ALIVE]) return !recoverable;
        for (let l = 0; l < L; l++) {
          const g = laneGroup[l];
          if (pair(s, l) !== P.PAIRED || s[f.BMP_ON + l] || s[f.BIZ + g] || !s[f.S_UP + laneSec[l]] || s[f.S_MODE + l] !== M.S_NORMAL) return false;
          if (s[f.S_H + l] !== s[f.PN + g] || s[f.PH + g] !== s[f.PN + g] || s[f.SCI_H + l] !== s[f.PN + g] || s[f.ALT + g] || diff(s, l)) return false;
        }
        return !k.anyJournaling(s);
      },
    },
    {
      id: 'L3',
      converged: (s) => {
        if (s[f.P_ALIVE]) return true;
        for (let l = 0; l < L; l++) {
          const p = pair(s, l);
          if ((p === P.PAIRED || p === P.SUSP_ERR) && s[f.S_MODE + l] !== M.S_DRAINED && s[f.S_MODE + l] !== M.S_SUSPENDED) return false;
        }
        return true;
      },
    },
  ];

  return { always, step, sometimes, eventually };
}
