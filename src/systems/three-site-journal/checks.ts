// The checks of three-site-journal (seed-notes/000.md §7; metadata in index.ts). Outcome properties
// read only the ghost record (what each host was told and when, relative to its other writes; the
// business direction the operator chose; the faults that happened), the volumes hosts read, and what
// the console shows (pair states, queue usage). Mechanism properties restate the protocol's rules over
// its pointers, records and bitmaps. They read the state through the kernel and allocate nothing per
// call.
import type { Model, State } from '../../engine/contract.js';
import { ghostIntegrity } from '../../engine/ghost.js';
import { fieldPositions } from '../../engine/layout.js';
import { H, M, PS, W, type Kernel } from './kernel.js';
import { A, argOf, typeOf } from './model.js';

export function journalChecks(k: Kernel): Pick<Model, 'always' | 'step' | 'sometimes' | 'eventually'> {
  const { f, AN, B, L, G, NS, laneGroup, laneSec, groupLanes, groupAddrs, groupInts, cfg } = k;
  const img = new Int32Array(AN);
  const state = new Int8Array(32); // per write: 0 absent, 1 partial, 2 whole
  const pair = (s: State, l: number): number => s[f.PAIR_ST + l];
  const ofGroup = (s: State, w: number, g: number): boolean => k.groupOf(s[f.W_ADDR + w]) === g;
  const atP = (s: State, w: number): boolean => s[f.H_ST + w] >= H.AT_P;
  const vsAt = (sec: number): number => f.VS + sec * AN;
  const currentInc = (s: State, w: number): boolean => s[f.J_ID + w] > 0 && s[f.J_OLD + w] === 0;
  const journalPath = (st: number): boolean => st === W.JOURNALING || st === W.WRITTEN || st === W.ADVANCED || st === W.ACKED || st === W.ACK_EARLY;
  const whole = k.whole;
  // The fields each check reads or watches (incremental.ts): whole fields, since a lane, a write or a block picks the word.
  const at = fieldPositions(f as Record<keyof typeof f, number>, k.SIZE);

  /**
   * S1: the image is one a host could have produced: every block holds 0 or a write issued to it and
   * not rejected, each write is in it whole or not at all (one host write may be in it in part), and
   * a write in it brings every write its host had been told of before issuing it.
   */
  function consistentCut(s: State, at: number, g: number): boolean {
    for (const a of groupAddrs[g]) {
      const v = s[at + a];
      if (v === 0) continue;
      if (v < 0) return false; // corrupt data, another group's data
      const w = v - 1;
      if (w >= s[f.NW] || s[f.H_ST + w] === H.BUSY) return false;
      let covers = false;
      for (let b = 0; b < s[f.W_SIZE + w]; b++) if (k.addrOf(s, w, b) === a) covers = true;
      if (!covers) return false; // data landed at an address its write did not name
    }
    let partial = 0;
    for (let w = 0; w < s[f.NW]; w++) {
      state[w] = 0;
      if (!ofGroup(s, w, g) || s[f.H_ST + w] === H.BUSY) continue;
      let n = 0;
      for (let b = 0; b < s[f.W_SIZE + w]; b++) if (k.present(s, at, w, b)) n++;
      state[w] = n === 0 ? 0 : n === s[f.W_SIZE + w] ? 2 : 1;
      if (state[w] === 1) partial++;
    }
    if (partial > 1) return false;
    for (let w = 0; w < s[f.NW]; w++) {
      if (state[w] === 0) continue;
      const deps = s[f.H_DEPS + w] - 1;
      for (let v = 0; v < w; v++) if ((deps >> v) & 1 && ofGroup(s, v, g) && state[v] !== 2) return false;
    }
    return true;
  }
  /** S's image is stated as a host's view here: not mid-copy (N2), not with its volumes lost. */
  const consistentByDesign = (s: State, l: number): boolean => {
    const p = pair(s, l);
    return !s[f.S_LOST + laneSec[l]] && !s[f.S_MIXED + l] && p !== PS.COPYING && p !== PS.RESYNCING;
  };

  /** E17: S's image is its base plus the records of this incarnation up to `upto`, plus `part` blocks of the next. */
  function imageIs(s: State, l: number, upto: number, part: number): boolean {
    const g = laneGroup[l];
    const sec = laneSec[l];
    for (const a of groupAddrs[g]) img[a] = s[f.BASE + sec * AN + a];
    for (let w = s[f.BASE_W + l]; w < s[f.NW]; w++) {
      if (!ofGroup(s, w, g) || !currentInc(s, w) || !journalPath(s[f.W_ST + w]) && s[f.W_ST + w] !== W.ALT && s[f.W_ST + w] !== W.ABORTED) continue;
      const id = s[f.J_ID + w];
      if (id <= upto) for (let b = 0; b < s[f.W_SIZE + w]; b++) img[k.addrOf(s, w, b)] = w + 1;
      else if (id === upto + 1) for (let b = 0; b < part; b++) img[k.addrOf(s, w, b)] = w + 1;
    }
    for (const a of groupAddrs[g]) if (img[a] !== s[vsAt(sec) + a]) return false;
    return true;
  }
  const ordered = (s: State, l: number): boolean => consistentByDesign(s, l) && s[f.BIZ + laneGroup[l]] === 0 && pair(s, l) !== PS.REVERSING;
  const suspended = (p: number): boolean => p === PS.SUSP_ERR || p === PS.SUSP_OP;
  const diff = (s: State, l: number): boolean => {
    for (const a of groupAddrs[laneGroup[l]]) if (s[f.VP + a] !== s[vsAt(laneSec[l]) + a]) return true;
    return false;
  };
  const reflectedOrCovered = (s: State, l: number, w: number): boolean => {
    for (let b = 0; b < s[f.W_SIZE + w]; b++) {
      const a = k.addrOf(s, w, b);
      if (s[vsAt(laneSec[l]) + a] < w + 1 && !s[f.BM_P + l * AN + a] && !s[f.RS_BM + l * AN + a]) return false;
    }
    return true;
  };
  const established = (p: number): boolean => p !== PS.SIMPLEX && p !== PS.COPYING && p !== PS.ERROR;
  const appliedAt = (s: State, l: number, w: number): boolean => ((s[f.APPLIED + l] >> w) & 1) === 1;
  /** Every block of write w's record is on I, as P wrote it (request, block number, code). */
  function intact(s: State, w: number): boolean {
    if (s[f.J_DONE + w] < s[f.W_SIZE + w]) return false;
    for (let b = 0; b < s[f.W_SIZE + w]; b++) {
      const x = k.blk(s[f.J_RING + w], s[f.J_POS + w] + b);
      if (s[f.BLK_W + x] !== w + 1 || s[f.BLK_B + x] !== b || !s[f.BLK_OK + x]) return false;
    }
    return true;
  }
  function intactAnywhere(s: State, w: number): boolean {
    if (!cfg.spread) return intact(s, w);
    for (const i of groupInts[k.groupOf(s[f.W_ADDR + w])])
      for (let j = 0; j < B; j++) if (s[f.BLK_W + i * B + j] === w + 1 && s[f.BLK_OK + i * B + j]) return true;
    return false;
  }
  const recordEnd = (s: State, w: number): number => (cfg.spread ? s[f.J_ID + w] : s[f.J_POS + w] + s[f.W_SIZE + w]);

  const always: Model['always'] = [
    { id: 'E5', reads: at('FOREIGN_LANDED'), holds: (s) => s[f.FOREIGN_LANDED] === 0 },
    {
      id: 'S1',
      reads: at('H_DEPS', 'H_PREV', 'H_ST', 'NW', 'PAIR_ST', 'S_LOST', 'S_MIXED', 'VS', 'W_ADDR', 'W_SIZE'),
      holds: (s) => {
        for (let l = 0; l < L; l++) if (consistentByDesign(s, l) && !consistentCut(s, vsAt(laneSec[l]), laneGroup[l])) return false;
        return true;
      },
    },
    {
      id: 'E8',
      reads: at('G_IGAP', 'G_MEDIA', 'G_PLOSS', 'H_PREV', 'H_ST', 'NW', 'P_ALIVE', 'S_LOST', 'S_MODE', 'VS', 'W_ADDR', 'W_SIZE'),
      holds: (s) => {
        // P lost while the lane was in synchronous PAIR, I readable and intact since, S's failover
        // done: every write P acknowledged is in S's image.
        if (s[f.P_ALIVE] || s[f.G_MEDIA]) return true;
        for (let l = 0; l < L; l++) {
          const sec = laneSec[l];
          if (s[f.G_PLOSS + l] !== 1 || s[f.G_IGAP + l] || s[f.S_LOST + sec]) continue;
          if (s[f.S_MODE + l] !== M.DRAINED && s[f.S_MODE + l] !== M.SUSPENDED) continue;
          for (let w = 0; w < s[f.NW]; w++) if (atP(s, w) && ofGroup(s, w, laneGroup[l]) && !whole(s, vsAt(sec), w)) return false;
        }
        return true;
      },
    },
    {
      id: 'S16',
      reads: at('G_SIDE', 'G_SLOST', 'H_ST', 'NW', 'S_LOST', 'VS', 'W_ADDR', 'W_SIZE'),
      holds: (s) => {
        // 【0135】: after a takeover the secondary host writes to S's volume. While the business stays
        // at S, each block holds the last write S acknowledged there since S last lost its volumes, or
        // a write issued after it: the host reads back what it was told is written.
        for (let w = 0; w < s[f.NW]; w++) {
          if (s[f.H_ST + w] !== H.AT_S) continue;
          const g = k.groupOf(s[f.W_ADDR + w]);
          const sec = laneSec[groupLanes[g][0]];
          // A write S acknowledged before it lost its volumes is gone with them (the fault is on the record).
          if (s[f.G_SIDE + g] !== 1 || s[f.S_LOST + sec] || w < s[f.G_SLOST + sec]) continue;
          for (let b = 0; b < s[f.W_SIZE + w]; b++) if (s[vsAt(sec) + k.addrOf(s, w, b)] < w + 1) return false;
        }
        return true;
      },
    },
    {
      id: 'L5',
      reads: at('BMP_ON', 'G_CAUSE', 'PAIR_ST', 'S_MODE'),
      holds: (s) => {
        // A suspend warning has a cause an operator can see: a fault, a full queue, an operator suspend.
        if (s[f.G_CAUSE]) return true;
        for (let l = 0; l < L; l++) if (pair(s, l) === PS.SUSP_ERR || s[f.BMP_ON + l] || s[f.S_MODE + l] !== M.NORMAL) return false;
        return true;
      },
    },
    {
      id: 'S6',
      reads: at('APPLIED', 'BASE_W', 'BIZ', 'BLK_B', 'BLK_OK', 'BLK_W', 'BM_P', 'H_ST', 'J_DONE', 'J_ID', 'J_OLD', 'J_POS', 'J_RING', 'LAST_ID', 'NW', 'PAIR_ST', 'P_ALIVE', 'RS_BM', 'S_LOST', 'VS', 'W_ADDR', 'W_SIZE', 'W_UPD'),
      holds: (s) => {
        // While P is alive an acknowledged write is at S, in an intact journal on I, or in P's update information / bitmap.
        if (!s[f.P_ALIVE]) return true;
        for (let l = 0; l < L; l++) {
          const g = laneGroup[l];
          // After a takeover the business side wins at failback: P's unreplicated writes are N1's loss.
          if (s[f.S_LOST + laneSec[l]] || !established(pair(s, l)) || s[f.BIZ + g]) continue;
          for (let w = s[f.BASE_W + l]; w < s[f.NW]; w++) {
            if (!ofGroup(s, w, g) || !atP(s, w)) continue;
            if (appliedAt(s, l, w) || reflectedOrCovered(s, l, w)) continue;
            if (currentInc(s, w) && intactAnywhere(s, w) && !(cfg.spread ? s[f.J_ID + w] <= s[f.LAST_ID + l] : false)) continue;
            if (s[f.W_UPD + w]) continue;
            return false;
          }
        }
        return true;
      },
    },
    {
      id: 'E6',
      reads: at('ALT', 'BLK_B', 'BLK_OK', 'BLK_W', 'BMP_ON', 'I_LOST', 'J_ID', 'J_OLD', 'J_POS', 'J_RING', 'LAST_ID', 'NW', 'PAIR_ST', 'PNID', 'S_POS', 'W_ADDR', 'W_SIZE', 'W_ST'),
      holds: (s) => {
        // No overrun: every record a paired S has not reflected is intact on I (a media error aside).
        for (let l = 0; l < L; l++) {
          const g = laneGroup[l];
          if (pair(s, l) !== PS.PAIRED || s[f.BMP_ON + l] || s[f.ALT + g]) continue;
          let lost = false;
          for (const i of groupInts[g]) if (s[f.I_LOST + i]) lost = true;
          if (lost) continue;
          for (let w = 0; w < s[f.NW]; w++) {
            if (!ofGroup(s, w, g) || !currentInc(s, w) || s[f.J_ID + w] <= s[f.LAST_ID + l] || s[f.J_ID + w] > s[f.PNID + g] || !journalPath(s[f.W_ST + w])) continue;
            if (cfg.spread) {
              if (!intactAnywhere(s, w)) return false;
              continue;
            }
            for (let b = 0; b < s[f.W_SIZE + w]; b++) {
              if (s[f.J_POS + w] + b < s[f.S_POS + l]) continue; // already reflected (partial fetch)
              const x = k.blk(s[f.J_RING + w], s[f.J_POS + w] + b);
              if (s[f.BLK_W + x] !== w + 1 || s[f.BLK_B + x] !== b) return false;
            }
          }
        }
        return true;
      },
    },
    {
      id: 'E17',
      reads: at('BASE', 'BASE_W', 'BIZ', 'J_ID', 'J_OLD', 'LAST_ID', 'NW', 'PAIR_ST', 'S_LOST', 'S_MIXED', 'S_PART', 'VS', 'W_ADDR', 'W_SIZE', 'W_ST'),
      holds: (s) => {
        for (let l = 0; l < L; l++) if (ordered(s, l) && !imageIs(s, l, s[f.LAST_ID + l], s[f.S_PART + l])) return false;
        return true;
      },
    },
    {
      id: 'S2',
      reads: at('APPLIED', 'BASE_W', 'BIZ', 'J_ID', 'J_OLD', 'LAST_ID', 'NW', 'PAIR_ST', 'S_LOST', 'S_MIXED', 'W_ADDR'),
      holds: (s) => {
        // The records reflected since the base are exactly this incarnation's IDs up to S's last one.
        for (let l = 0; l < L; l++) {
          if (!ordered(s, l)) continue;
          let mask = 0;
          for (let w = s[f.BASE_W + l]; w < s[f.NW]; w++) if (ofGroup(s, w, laneGroup[l]) && currentInc(s, w) && s[f.J_ID + w] <= s[f.LAST_ID + l]) mask |= 1 << w;
          if (mask !== s[f.APPLIED + l]) return false;
        }
        return true;
      },
    },
    {
      id: 'S3',
      reads: at('ALT', 'BMP_ON', 'FOREIGN_LANDED', 'LAST_ID', 'PAIR_ST', 'PCI_END', 'PCI_H', 'PH', 'PN', 'PR', 'SCI', 'S_MODE', 'S_POS'),
      holds: (s) => {
        for (let g = 0; g < G; g++) {
          if (s[f.PCI_H + g] > s[f.PH + g] || (!cfg.spread && (s[f.PCI_END + g] > s[f.PN + g] || s[f.PN + g] > s[f.PR + g]))) return false;
        }
        for (let l = 0; l < L; l++) {
          const g = laneGroup[l];
          const head = cfg.spread ? s[f.LAST_ID + l] : s[f.S_POS + l];
          if (s[f.SCI + l] > head && !s[f.FOREIGN_LANDED]) return false; // published only what is reflected (1205 -> 1207)
          if (pair(s, l) !== PS.PAIRED || s[f.BMP_ON + l]) continue;
          if (s[f.PH + g] > s[f.SCI + l]) return false;
          if (s[f.S_MODE + l] === M.NORMAL && !s[f.ALT + g] && head > s[f.PCI_END + g]) return false;
        }
        return true;
      },
    },
    {
      id: 'E14',
      reads: at('BMP_ON', 'PAIR_ST', 'PH', 'SCI'),
      holds: (s) => {
        // P's head follows the slowest paired secondary.
        for (let l = 0; l < L; l++) if (pair(s, l) === PS.PAIRED && !s[f.BMP_ON + l] && s[f.PH + laneGroup[l]] > s[f.SCI + l]) return false;
        return true;
      },
    },
    {
      id: 'E15',
      reads: at('BLK_OK', 'BLK_W', 'J_ID', 'J_OLD', 'NW', 'W_ADDR', 'W_ST'),
      holds: (s) => {
        // Request IDs are unique across intermediates: every complete copy of an ID carries the write P gave it.
        if (!cfg.spread) return true;
        for (let x = 0; x < k.NI * B; x++) {
          const wr = s[f.BLK_W + x];
          if (wr <= 0 || !s[f.BLK_OK + x] || !currentInc(s, wr - 1)) continue;
          const w = k.writeWithId(s, 0, s[f.J_ID + wr - 1]);
          if (w >= 0 && w !== wr - 1) return false;
        }
        return true;
      },
    },
    {
      id: 'E11',
      reads: at('APPLIED', 'BASE_W', 'BIZ', 'BMP_ON', 'BM_P', 'NW', 'PAIR_ST', 'P_ALIVE', 'RS_BM', 'S_LOST', 'VS', 'W_ADDR', 'W_SIZE', 'W_ST'),
      holds: (s) => {
        // While suspended at P, P's bitmap covers every write S has not reflected (【0118】).
        if (!s[f.P_ALIVE]) return true;
        for (let l = 0; l < L; l++) {
          if (!suspended(pair(s, l)) || !s[f.BMP_ON + l] || s[f.BIZ + laneGroup[l]] || s[f.S_LOST + laneSec[l]]) continue;
          for (let w = s[f.BASE_W + l]; w < s[f.NW]; w++) {
            if (!ofGroup(s, w, laneGroup[l])) continue;
            const st = s[f.W_ST + w];
            const pending = journalPath(st) || st === W.ALT ? !appliedAt(s, l, w) : st === W.BITMAP || st === W.ABORTED;
            if (pending && !reflectedOrCovered(s, l, w)) return false;
          }
        }
        return true;
      },
    },
    {
      id: 'S8',
      reads: at('BMP_ON', 'BM_P', 'BM_S', 'P_ALIVE', 'P_LOST', 'RS_BM', 'S_LOST', 'VP', 'VS'),
      holds: (s) => {
        // While P keeps a bitmap for the pair, every block where P and S differ is in BM_P OR BM_S (or the running copy's).
        if (!s[f.P_ALIVE] || s[f.P_LOST]) return true;
        for (let l = 0; l < L; l++) {
          if (!s[f.BMP_ON + l] || s[f.S_LOST + laneSec[l]]) continue;
          const sec = laneSec[l];
          for (const a of groupAddrs[laneGroup[l]])
            if (s[f.VP + a] !== s[vsAt(sec) + a] && !s[f.BM_P + l * AN + a] && !s[f.BM_S + sec * AN + a] && !s[f.RS_BM + l * AN + a]) return false;
        }
        return true;
      },
    },
  ];

  /** P still journals for lane l (it has not suspended it). */
  const journalsAt = (s: State, l: number): boolean => !s[f.BMP_ON + l] && (pair(s, l) === PS.PAIRED || pair(s, l) === PS.SUSP_ERR);
  const copyEnds = (prev: State, nxt: State, l: number): boolean => (pair(prev, l) === PS.RESYNCING || pair(prev, l) === PS.REVERSING) && pair(nxt, l) === PS.PAIRED;
  const applyStep = (t: number): boolean => t === A.S_DRAIN || t === A.S_APPLY || t === A.ALT_SEND;
  /** The record (writeRef) an apply step reflects, as S read it before the step. */
  function appliedRecord(prev: State, a: number): number {
    const l = argOf(a);
    const t = typeOf(a);
    if (t === A.S_APPLY) return prev[f.BUF_WR + l];
    if (t === A.ALT_SEND) return k.writeWithId(prev, laneGroup[l], prev[f.LAST_ID + l] + 1) + 1;
    if (prev[f.S_PART + l] > 0) return prev[f.CUR_WR + l];
    if (cfg.spread) {
      const x = k.findSpread(prev, l, prev[f.LAST_ID + l] + 1, true);
      return x < 0 ? 0 : prev[f.BLK_W + x];
    }
    return prev[f.BLK_W + k.blk(groupInts[laneGroup[l]][0], prev[f.S_POS + l])];
  }
  const newlyAckedAtP = (prev: State, nxt: State, w: number): boolean => prev[f.H_ST + w] < H.AT_P && nxt[f.H_ST + w] >= H.AT_P;
  const ghostFields = [
    { offset: f.G_CAUSE, finalFrom: 1 },
    { offset: f.G_MEDIA, finalFrom: 1 },
    ...Array.from({ length: k.WN }, (_, w) => ({ offset: f.H_ST + w, finalFrom: H.BUSY })),
    ...Array.from({ length: k.WN }, (_, w) => ({ offset: f.H_DEPS + w, finalFrom: 1 })),
    ...Array.from({ length: L }, (_, l) => ({ offset: f.G_PLOSS + l, finalFrom: 1 })),
    ...Array.from({ length: L }, (_, l) => ({ offset: f.G_IGAP + l, finalFrom: 1 })),
    ...Array.from({ length: k.WN }, (_, w) => ({ offset: f.G_CUT + w, finalFrom: 1 })),
  ];

  const step: Model['step'] = [
    ghostIntegrity('G-host', ghostFields),
    {
      id: 'S1m',
      watches: at('VS'),
      holds: (prev, _a, nxt) => {
        // What a host reads at S never goes back to older data.
        for (let sec = 0; sec < NS; sec++) {
          if (nxt[f.S_LOST + sec]) continue;
          for (let a = 0; a < AN; a++) if (prev[vsAt(sec) + a] > 0 && nxt[vsAt(sec) + a] < prev[vsAt(sec) + a]) return false;
        }
        return true;
      },
    },
    {
      id: 'S9',
      watches: at('PAIR_ST'),
      holds: (prev, _a, nxt) => {
        // A completed copy leaves S equal to P.
        for (let l = 0; l < L; l++) if (copyEnds(prev, nxt, l) && diff(nxt, l)) return false;
        return true;
      },
    },
    {
      id: 'L2',
      on: [A.WRITE],
      holds: (prev, a, nxt) => {
        // BUSY only when the queue, as P's control information shows it, has no room for the write.
        if (typeOf(a) !== A.WRITE) return true;
        const w = prev[f.NW];
        if (nxt[f.H_ST + w] !== H.BUSY) return true;
        const g = k.groupOf(argOf(a) >> 2);
        return nxt[f.PR + g] + (argOf(a) & 3) - nxt[f.PH + g] > B;
      },
    },
    {
      id: 'S15',
      watches: at('H_ST'),
      holds: (prev, _a, nxt) => {
        // At most one site accepts host writes: P acknowledges nothing once the business moved to S.
        for (let w = 0; w < nxt[f.NW]; w++) if (newlyAckedAtP(prev, nxt, w) && prev[f.G_SIDE + k.groupOf(nxt[f.W_ADDR + w])]) return false;
        return true;
      },
    },
    {
      id: 'E1',
      watches: at('H_ST'),
      holds: (prev, _a, nxt) => {
        // At the moment a write is acknowledged on the journal path, its whole journal is on I (907 -> 908 -> 909).
        for (let w = 0; w < nxt[f.NW]; w++) {
          if (!newlyAckedAtP(prev, nxt, w)) continue;
          const st = nxt[f.W_ST + w];
          if ((st === W.ACKED || st === W.ACK_EARLY || st === W.WRITTEN || st === W.ADVANCED) && nxt[f.J_DONE + w] < nxt[f.W_SIZE + w]) return false;
        }
        return true;
      },
    },
    {
      id: 'S13',
      watches: at('H_ST'),
      holds: (prev, _a, nxt) => {
        // An acknowledgement implies every earlier record of its queue is complete on I (in order, 【0140】).
        for (let w = 0; w < nxt[f.NW]; w++) {
          if (!newlyAckedAtP(prev, nxt, w) || !journalPath(nxt[f.W_ST + w]) || !currentInc(nxt, w)) continue;
          const g = k.groupOf(nxt[f.W_ADDR + w]);
          for (let v = 0; v < nxt[f.NW]; v++) {
            if (v === w || !ofGroup(nxt, v, g) || !currentInc(nxt, v) || nxt[f.J_ID + v] >= nxt[f.J_ID + w]) continue;
            if (journalPath(nxt[f.W_ST + v]) && nxt[f.J_DONE + v] < nxt[f.W_SIZE + v]) return false;
          }
        }
        return true;
      },
    },
    {
      id: 'E4',
      watches: at('W_UPD'),
      holds: (prev, a, nxt) => {
        // Update information is discarded only once every paired S published a head past its record (claims 2/12).
        const t = typeOf(a);
        if (t === A.RESYNC_DONE || t === A.INITIAL_COPY_DONE || t === A.P_RECOVER_LOST || t === A.ALT_SEND) return true;
        for (let w = 0; w < nxt[f.NW]; w++) {
          if (!prev[f.W_UPD + w] || nxt[f.W_UPD + w] || nxt[f.W_ST + w] === W.BITMAP) continue;
          const g = k.groupOf(nxt[f.W_ADDR + w]);
          for (const l of groupLanes[g]) if (pair(prev, l) === PS.PAIRED && !prev[f.BMP_ON + l] && nxt[f.SCI + l] < recordEnd(nxt, w)) return false;
        }
        return true;
      },
    },
    {
      id: 'E7',
      on: [A.WRITE],
      holds: (prev, a, nxt) => {
        // A write that finds the queue full is rejected with BUSY (nothing changes at P) or suspends the pair and is acknowledged in the bitmap.
        if (typeOf(a) !== A.WRITE || cfg.spread) return true;
        const w = prev[f.NW];
        const g = k.groupOf(argOf(a) >> 2);
        let any = false;
        for (const l of groupLanes[g]) if (journalsAt(prev, l)) any = true;
        if (!any || prev[f.ALT + g]) return true;
        if (prev[f.PR + g] + (argOf(a) & 3) - prev[f.PH + g] <= B) return true;
        const st = nxt[f.W_ST + w];
        if (st === W.BUSY) {
          for (let x = 0; x < AN; x++) if (nxt[f.VP + x] !== prev[f.VP + x]) return false;
          return nxt[f.PR + g] === prev[f.PR + g];
        }
        if (st !== W.BITMAP) return false;
        for (const l of groupLanes[g]) if (journalsAt(prev, l) && !nxt[f.BMP_ON + l]) return false;
        return true;
      },
    },
    {
      id: 'E3',
      on: [A.S_FETCH],
      holds: (prev, a, nxt) => {
        // In normal mode S fetches only records inside the published PCI range.
        if (typeOf(a) !== A.S_FETCH) return true;
        const l = argOf(a);
        const g = laneGroup[l];
        if (cfg.spread) return k.headerId(nxt, nxt[f.BUF_WR + l]) <= prev[f.PCI_END + g];
        return prev[f.S_POS + l] + nxt[f.BUF_N + l] <= prev[f.PCI_END + g];
      },
    },
    {
      id: 'E9',
      watches: at('VS'),
      holds: (prev, a, nxt) => {
        // Only a record's own, intact blocks are reflected: never a torn, corrupt or foreign one (【0140】).
        if (!applyStep(typeOf(a))) return true;
        const l = argOf(a);
        const sec = laneSec[l];
        const wr = appliedRecord(prev, a);
        for (let x = 0; x < AN; x++) {
          const v = nxt[vsAt(sec) + x];
          if (v !== prev[vsAt(sec) + x] && (v <= 0 || v !== wr)) return false;
        }
        return true;
      },
    },
    {
      id: 'E10',
      on: [A.S_DRAIN, A.S_APPLY, A.ALT_SEND],
      holds: (prev, a, nxt) => {
        // Every record S completes has request ID previous + 1 and a greater timestamp (【0139】).
        const t = typeOf(a);
        if (!applyStep(t)) return true;
        const l = argOf(a);
        const completed =
          t === A.ALT_SEND ||
          (cfg.spread
            ? nxt[f.LAST_ID + l] !== prev[f.LAST_ID + l] || nxt[f.APPLIED + l] !== prev[f.APPLIED + l]
            : nxt[f.S_PART + l] === 0 && nxt[f.S_POS + l] > prev[f.S_POS + l]);
        if (!completed) return true;
        return nxt[f.LAST_ID + l] === prev[f.LAST_ID + l] + 1 && nxt[f.LAST_TS + l] > prev[f.LAST_TS + l];
      },
    },
    {
      id: 'E2',
      watches: at('VS'),
      holds: (prev, a, nxt) => {
        // Applying a journal writes at the addresses its header names and nowhere else (【0126】).
        if (!applyStep(typeOf(a))) return true;
        const sec = laneSec[argOf(a)];
        const wr = appliedRecord(prev, a);
        for (let x = 0; x < AN; x++) {
          if (prev[vsAt(sec) + x] === nxt[vsAt(sec) + x]) continue;
          if (wr === 0) return false;
          const base = k.headerAddr(prev, wr);
          let mine = false;
          for (let b = 0; b < k.headerSize(prev, wr); b++) if ((base + b) % AN === x) mine = true;
          if (!mine) return false;
        }
        return true;
      },
    },
    {
      id: 'E12',
      watches: at('PAIR_ST'),
      holds: (prev, _a, nxt) => {
        // A copy starts only when P's bitmap starts no later than S's (1403).
        for (let l = 0; l < L; l++) {
          const into = (pair(nxt, l) === PS.RESYNCING || pair(nxt, l) === PS.REVERSING) && pair(prev, l) !== pair(nxt, l);
          if (!into || pair(prev, l) === PS.RESYNCING || pair(prev, l) === PS.REVERSING) continue;
          const sStart = prev[f.S_MODE + l] === M.NORMAL ? prev[f.LAST_ID + l] : prev[f.BMS_START + l];
          if (prev[f.BMP_START + l] > sStart) return false;
        }
        return true;
      },
    },
    {
      id: 'E13',
      watches: at('PAIR_ST'),
      holds: (prev, _a, nxt) => {
        // The copy's bitmap is the OR of both sides' (1408, 【0152】).
        for (let l = 0; l < L; l++) {
          const into = (pair(nxt, l) === PS.RESYNCING || pair(nxt, l) === PS.REVERSING) && pair(prev, l) !== PS.RESYNCING && pair(prev, l) !== PS.REVERSING;
          if (!into) continue;
          const sec = laneSec[l];
          for (const x of groupAddrs[laneGroup[l]]) if ((prev[f.BM_P + l * AN + x] | prev[f.BM_S + sec * AN + x]) !== nxt[f.RS_BM + l * AN + x]) return false;
        }
        return true;
      },
    },
    {
      id: 'S4',
      watches: at('PN', 'PR', 'PH', 'PCI_H', 'PCI_END', 'S_POS', 'LAST_ID', 'SCI'),
      holds: (prev, a, nxt) => {
        // P's pointers, PCI, S's head and its last request ID never go back (outside a restart of the queue).
        const t = typeOf(a);
        if (t === A.RESYNC_DONE || t === A.INITIAL_COPY_DONE || t === A.SWITCH_BACK) return true;
        for (let g = 0; g < G; g++) {
          if (nxt[f.PN + g] < prev[f.PN + g] || nxt[f.PR + g] < prev[f.PR + g] || nxt[f.PH + g] < prev[f.PH + g]) return false;
          if (nxt[f.PCI_H + g] < prev[f.PCI_H + g] || nxt[f.PCI_END + g] < prev[f.PCI_END + g]) return false;
        }
        for (let l = 0; l < L; l++) {
          if (nxt[f.S_POS + l] < prev[f.S_POS + l] || nxt[f.LAST_ID + l] < prev[f.LAST_ID + l]) return false;
          if (nxt[f.SCI + l] < prev[f.SCI + l]) return false;
        }
        return true;
      },
    },
    {
      id: 'S10',
      holds: (prev, a, nxt) => {
        // While the pair is in PAIR, S's volume changes only by applying journals; its host writes only after a takeover.
        const t = typeOf(a);
        if (t === A.S_WRITE) {
          const l = groupLanes[k.groupOf(argOf(a) >> 2)][0];
          return prev[f.BIZ + laneGroup[l]] === 1 && (pair(prev, l) === PS.TAKEN || pair(prev, l) === PS.REVERSING);
        }
        if (applyStep(t) || t === A.S_CRASH_LOST) return true;
        for (let l = 0; l < L; l++) {
          if (pair(prev, l) !== PS.PAIRED) continue;
          for (const x of groupAddrs[laneGroup[l]]) if (prev[vsAt(laneSec[l]) + x] !== nxt[vsAt(laneSec[l]) + x]) return false;
        }
        return true;
      },
    },
    {
      id: 'E15',
      on: [A.S_APPLY],
      holds: (prev, a, nxt) => {
        // With several intermediates S applies in request-ID order, whatever order records arrived or were re-sent in.
        if (!cfg.spread || typeOf(a) !== A.S_APPLY) return true;
        const l = argOf(a);
        return nxt[f.LAST_ID + l] === prev[f.LAST_ID + l] + 1;
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
  /** An acknowledged (by P) write of lane l's group that is not whole in S's image. */
  const missingAtS = (s: State, l: number, kind: number): boolean => {
    for (let w = 0; w < s[f.NW]; w++) {
      if (!ofGroup(s, w, laneGroup[l]) || !atP(s, w) || whole(s, vsAt(laneSec[l]), w)) continue;
      if (kind < 0 || s[f.W_ST + w] === kind) return true;
    }
    return false;
  };
  const anyJournaling = (s: State): boolean => {
    for (let w = 0; w < s[f.NW]; w++) if (s[f.W_ST + w] === W.JOURNALING || s[f.W_ST + w] === W.ACK_EARLY) return true;
    return false;
  };
  function bitsAny(s: State, at: number): boolean {
    for (let a = 0; a < AN; a++) if (s[at + a]) return true;
    return false;
  }
  const unpublishedAcked = (s: State, g: number): boolean => {
    for (let w = 0; w < s[f.NW]; w++) if (ofGroup(s, w, g) && atP(s, w) && currentInc(s, w) && recordEnd(s, w) > s[f.PCI_END + g] && journalPath(s[f.W_ST + w])) return true;
    return false;
  };
  const ring0 = (l: number): number => groupInts[laneGroup[l]][0];

  const sometimes: Model['sometimes'] = [
    { id: 'W-unpublished-acked', reached: anyLane((s, l) => !s[f.P_ALIVE] && s[f.G_PLOSS + l] === 1 && unpublishedAcked(s, laneGroup[l]) && missingAtS(s, l, -1)) },
    { id: 'W-torn-on-queue', reached: (s) => anyJournaling(s) && pair(s, 0) === PS.PAIRED },
    { id: 'W-torn', reached: (s) => !s[f.P_ALIVE] && anyJournaling(s) },
    { id: 'W-wrap', reached: (s) => (cfg.spread ? s[f.PRID] > B * k.NI : s[f.PR] > B) },
    {
      id: 'W-wrap-split',
      // A record's blocks lie on both sides of the ring's end (【0103】).
      reached: anyWrite((s, w) => s[f.W_SIZE + w] > 1 && s[f.J_DONE + w] > 0 && ((s[f.J_POS + w] % B) + s[f.W_SIZE + w] > B)),
    },
    { id: 'W-busy', reached: anyWrite((s, w) => s[f.H_ST + w] === H.BUSY) },
    {
      id: 'W-drain-beyond-pci',
      reached: anyLane((s, l) => s[f.S_MODE + l] !== M.NORMAL && (cfg.spread ? s[f.LAST_ID + l] : s[f.S_POS + l]) > s[f.PCI_END + laneGroup[l]] && !s[f.ALT + laneGroup[l]]),
    },
    {
      id: 'W-drain-stops-at-invalid',
      // The drain met a record that fails the checks of 【0139】【0140】 (stale, torn, foreign, corrupt) and stopped there.
      reached: anyLane((s, l) => s[f.S_MODE + l] === M.DRAINED && !cfg.spread && s[f.BLK_W + k.blk(ring0(l), s[f.S_POS + l])] !== 0),
    },
    { id: 'W-queue-full', reached: anyLane((s, l) => pair(s, l) === PS.PAIRED && (cfg.spread ? s[f.PRID] - s[f.LAST_ID + l] === B * k.NI : s[f.PR] - s[f.S_POS + l] === B)) },
    { id: 'W-secondary-crash', reached: anyLane((s, l) => !s[f.S_UP + laneSec[l]] && missingAtS(s, l, -1)) },
    { id: 'W-suspended-diverged', reached: anyLane((s, l) => suspended(pair(s, l)) && s[f.BMP_ON + l] === 1 && s[f.P_ALIVE] === 1 && diff(s, l)) },
    { id: 'W-resync-copies', reached: anyLane((s, l) => pair(s, l) === PS.RESYNCING && diff(s, l)) },
    { id: 'W-intermediate-failed-unapplied', reached: anyLane((s, l) => !s[f.I_UP + ring0(l)] && missingAtS(s, l, W.ACKED)) },
    { id: 'W-queue-full-suspend', reached: anyLane((s, l) => s[f.I_UP] === 1 && suspended(pair(s, l)) && s[f.BMP_ON + l] === 1 && missingAtS(s, l, W.BITMAP)) },
    {
      id: 'W-pci-lags',
      reached: anyLane((s, l) => {
        const g = laneGroup[l];
        const head = cfg.spread ? s[f.LAST_ID + l] : s[f.S_POS + l];
        const next = cfg.spread ? s[f.PNID + g] : s[f.PN + g];
        return s[f.S_MODE + l] === M.NORMAL && pair(s, l) === PS.PAIRED && head === s[f.PCI_END + g] && s[f.PCI_END + g] < next;
      }),
    },
    { id: 'W-released', reached: anyLane((s, l) => pair(s, l) === PS.PAIRED && s[f.PH + laneGroup[l]] > 0 && s[f.PH + laneGroup[l]] < (cfg.spread ? s[f.PNID] : s[f.PN])) },
    { id: 'W-foreign-write-rejected', reached: (s) => s[f.FOREIGN_TRIED] === 1 && s[f.FOREIGN_LANDED] === 0 },
    { id: 'W-partial-window', reached: anyLane((s, l) => s[f.S_PART + l] > 0 && s[f.BUF_N + l] === 0) },
    {
      id: 'W-partial-released',
      // 【0130】: S published a head inside a record and P released the record's first blocks.
      reached: anyLane((s, l) => s[f.S_PART + l] > 0 && s[f.PH + laneGroup[l]] === s[f.S_POS + l]),
    },
    { id: 'W-secondaries-apart', reached: (s) => L === 2 && laneSec[1] === 1 && pair(s, 0) === PS.PAIRED && pair(s, 1) === PS.PAIRED && s[f.SCI] !== s[f.SCI + 1] },
    {
      id: 'W-resent',
      // A record stranded on a failed intermediate was re-sent through the other (both copies exist).
      reached: (s) => {
        if (!cfg.spread) return false;
        for (let j = 0; j < B; j++)
          for (let j2 = 0; j2 < B; j2++) {
            const a = s[f.BLK_W + j];
            if (a > 0 && a === s[f.BLK_W + B + j2] && s[f.J_ID + a - 1] > s[f.PH]) return true;
          }
        return false;
      },
    },
    { id: 'W-group-isolated', reached: (s) => G === 2 && ((suspended(pair(s, 0)) && pair(s, 1) === PS.PAIRED) || (suspended(pair(s, 1)) && pair(s, 0) === PS.PAIRED)) && s[f.NW] > 0 },
    { id: 'W-alternate-path', reached: anyLane((s, l) => s[f.ALT + laneGroup[l]] === 1 && s[f.LAST_ID + l] > 0 && s[f.APPLIED + l] !== 0) },
    { id: 'W-takeover-write', reached: anyWrite((s, w) => s[f.W_ST + w] === W.AT_S) },
    { id: 'W-reverse-resync-both', reached: anyLane((s, l) => pair(s, l) === PS.TAKEN && s[f.P_ALIVE] === 1 && bitsAny(s, f.BM_P + l * AN) && bitsAny(s, f.BM_S + laneSec[l] * AN)) },
    { id: 'W-operator-suspend', reached: anyLane((s, l) => pair(s, l) === PS.SUSP_OP && diff(s, l)) },
    { id: 'W-link-suspend', reached: (s) => (s[f.LINK] === 0 || s[f.LINK + 1] === 0 || s[f.LINK + 2] === 0) && anyLane((s2, l) => suspended(pair(s2, l)) && s2[f.BMP_ON + l] === 1)(s) },
    { id: 'W-secondary-data-lost', reached: (s) => s[f.S_LOST] === 1 && s[f.S_UP] === 1 },
    { id: 'W-intermediate-data-lost', reached: anyLane((s, l) => s[f.I_LOST + ring0(l)] === 1 && missingAtS(s, l, W.ACKED)) },
    { id: 'W-primary-data-lost', reached: (s) => s[f.P_LOST] === 1 && s[f.P_ALIVE] === 1 },
    {
      id: 'W-concurrent',
      // Two writes in flight, the later one's journal complete while the earlier one's is not.
      reached: (s) => {
        for (let w = 0; w < s[f.NW]; w++)
          for (let v = w + 1; v < s[f.NW]; v++)
            if (s[f.W_ST + w] === W.JOURNALING && s[f.W_ST + v] === W.WRITTEN && s[f.J_ID + v] > s[f.J_ID + w]) return true;
        return false;
      },
    },
    { id: 'W-media-error', reached: (s) => s[f.G_MEDIA] === 1 && anyLane((s2, l) => missingAtS(s2, l, -1))(s) },
    {
      id: 'W-verify-caught',
      // S's verification in normal mode found what it fetched invalid and stopped there.
      reached: anyLane((s, l) => s[f.S_MODE + l] !== M.NORMAL && s[f.P_ALIVE] === 1 && s[f.G_MEDIA] === 1),
    },
    {
      id: 'W-leftover-rejected',
      // The drain stopped at another group's record whose request ID and timestamp would have passed.
      reached: anyLane((s, l) => s[f.S_MODE + l] === M.DRAINED && s[f.BLK_W + k.blk(ring0(l), s[f.S_POS + l])] < 0 && s[f.LAST_ID + l] + 1 === -s[f.BLK_W + k.blk(ring0(l), s[f.S_POS + l])]),
    },
    {
      id: 'W-old-incarnation',
      // The next block after S's head holds a complete record of an earlier queue incarnation whose
      // request ID is S's next: only its older timestamp tells it apart.
      reached: anyLane((s, l) => {
        if (cfg.spread || s[f.P_ALIVE]) return false;
        const wr = s[f.BLK_W + k.blk(ring0(l), s[f.S_POS + l])];
        return wr > 0 && s[f.J_OLD + wr - 1] === 1 && s[f.J_ID + wr - 1] === s[f.LAST_ID + l] + 1 && s[f.S_PART + l] === 0;
      }),
    },
    { id: 'W-slow-peer', reached: anyLane((s, l) => s[f.P_ALIVE] === 1 && s[f.STALE_P + l] > 0 && pair(s, l) === PS.PAIRED) },
    { id: 'W-takeover-fenced', reached: (s) => s[f.P_ALIVE] === 1 && s[f.G_SIDE] === 1 && s[f.P_FENCED] === 1 },
    // The losses the design allows: each must occur, so they are shown, not hidden.
    { id: 'N1', reached: anyLane((s, l) => !s[f.P_ALIVE] && s[f.S_MODE + l] === M.SUSPENDED && (pair(s, l) === PS.SUSP_ERR || pair(s, l) === PS.TAKEN) && missingAtS(s, l, W.ACKED)) },
    { id: 'N2', reached: anyLane((s, l) => s[f.S_MIXED + l] === 1 && !s[f.S_LOST + laneSec[l]] && !consistentCut(s, vsAt(laneSec[l]), laneGroup[l])) },
    {
      id: 'N3',
      // Two bitmap writes to one block while suspended: the bitmap keeps one bit, not their order.
      reached: (s) => {
        for (let w = 0; w < s[f.NW]; w++)
          for (let v = w + 1; v < s[f.NW]; v++) if (s[f.W_ST + w] === W.BITMAP && s[f.W_ST + v] === W.BITMAP && s[f.W_ADDR + w] === s[f.W_ADDR + v]) return true;
        return false;
      },
    },
    { id: 'N4', reached: anyLane((s, l) => s[f.P_ALIVE] === 1 && pair(s, l) === PS.PAIRED && unpublishedAcked(s, laneGroup[l])) },
    { id: 'N5', reached: anyWrite((s, w) => s[f.H_ST + w] === H.BUSY) },
    {
      id: 'CE-15',
      reached: anyLane((s, l) => !s[f.P_ALIVE] && s[f.S_MODE + l] === M.SUSPENDED && s[f.S_PART + l] > 0 && !s[f.I_UP + ring0(l)]),
    },
    { id: 'N-alternate-path', reached: anyLane((s, l) => !s[f.P_ALIVE] && s[f.S_MODE + l] !== M.NORMAL && missingAtS(s, l, W.ALT)) },
    { id: 'N-media', reached: anyLane((s, l) => !s[f.P_ALIVE] && s[f.G_MEDIA] === 1 && s[f.S_MODE + l] === M.DRAINED && missingAtS(s, l, -1)) },
  ];

  const recoverable = cfg.primaryRecovery !== 'none';
  const eventually: Model['eventually'] = [
    {
      id: 'L1',
      converged: (s) => {
        if (!s[f.P_ALIVE]) return !recoverable;
        for (let l = 0; l < L; l++) {
          const g = laneGroup[l];
          if (pair(s, l) !== PS.PAIRED || s[f.BMP_ON + l] || s[f.BIZ + g] || !s[f.S_UP + laneSec[l]] || s[f.S_MODE + l] !== M.NORMAL) return false;
          const next = cfg.spread ? s[f.PNID + g] : s[f.PN + g];
          const head = cfg.spread ? s[f.LAST_ID + l] : s[f.S_POS + l];
          if (head !== next || s[f.PH + g] !== next || s[f.SCI + l] !== next || s[f.ALT + g] || diff(s, l)) return false;
        }
        return k.inFlight(s) === 0;
      },
    },
    {
      id: 'L6',
      // Every host write gets an answer (acknowledged, or refused with BUSY), unless P was lost while
      // it was in flight (【0099】-【0104】: 901 BUSY, 909 the acknowledgement; 912 acknowledges through the bitmap).
      converged: (s) => {
        for (let w = 0; w < s[f.NW]; w++) if (s[f.H_ST + w] === H.PENDING && s[f.G_CUT + w] === 0) return false;
        return true;
      },
    },
    {
      id: 'L3',
      converged: (s) => {
        if (s[f.P_ALIVE]) return true;
        for (let l = 0; l < L; l++) {
          const p = pair(s, l);
          if ((p === PS.PAIRED || p === PS.SUSP_ERR) && s[f.S_MODE + l] !== M.DRAINED && s[f.S_MODE + l] !== M.SUSPENDED) return false;
        }
        return true;
      },
    },
  ];

  return { always, step, sometimes, eventually };
}
