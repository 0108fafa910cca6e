// Properties of `multi-site-mirror` (seed-notes/002.md §7). Outcome properties read only the ghost
// (what the application was answered, where it resumed, what a resume gave up) and the areas a
// host reads or recovers from; mechanism properties restate a rule of Fig. 9, the pairs or a
// procedure. References are the seed file's lines (the file has no paragraph numbers).
import type { AlwaysCheck, EventuallyCheck, PropertyInfo, SometimesCheck, State, StepCheck } from '../../engine/contract.js';
import { ghostIntegrity } from '../../engine/ghost.js';
import { fieldPositions } from '../../engine/layout.js';
import { stateIndex } from '../../engine/machine-table.js';
import { ACK, LEG, SEEN, T, VOL, WRITE, actionType, argA, type MirrorModel } from './model.js';
import { DB_SEEN, DBREC, DT, clOld, dlNew, newest, type DbModel } from './db-log.js';
import { JFS_SEEN, JREC, JT, MLOG, type JfsModel } from './jfs.js';

const WS_WRITING = stateIndex(WRITE, 'writing');
const WS_ROLLING = stateIndex(WRITE, 'rollingBack');

const outcome = (id: string, statement: string, ref: string, kind: 'always' | 'step' = 'always', basis: 'explicit' | 'inferred' = 'explicit'): PropertyInfo => ({ id, statement, ref, basis, kind, category: 'outcome' });
const mechanism = (id: string, statement: string, ref: string, kind: 'always' | 'step' = 'always', basis: 'explicit' | 'inferred' = 'explicit'): PropertyInfo => ({ id, statement, ref, basis, kind, category: 'mechanism' });
const witness = (id: string, statement: string, witnessFor: string[], ref: string): PropertyInfo => ({ id, statement, ref, basis: 'inferred', kind: 'sometimes', witnessFor });

export const properties: PropertyInfo[] = [
  outcome('O-1', 'With failure protection configured, no acknowledged write is lost at a lossless resume (Figs. 10 and 14, and the restart at the primary in Figs. 11, 12, 15, 16): the area the application resumes on holds every write it was told succeeded (or a later write that did not fail) and no write it was told failed', 'L461, L279-L280, L515-L516, L545, L579', 'step'),
  outcome('P5', 'With failure protection configured, while the application runs at the primary in operation (M1, M2, M3), every acknowledged write is in 225C: a primary failure at any instant loses none (an operator suspend of the sync pair gives this up, visibly, until its resync completes)', 'L461, L279-L280, L336', 'always'),
  outcome('P7', 'At a resume on the async site (Fig. 13) the writes given up were acknowledged since the last resume, and outside a reduced-protection window they span at most the async log capacity of updates (the newest lost write per address): the loss is the async backlog only', 'L973, L977, L83-L88', 'step', 'inferred'),
  outcome('P13', 'A resume on the async site after a completed failover to the sync site gives up no write acknowledged before that failover (only the sync site\'s latest updates)', 'L483', 'step'),
  outcome('I1', 'Every image the application resumes on is write-order consistent: a write in it that was issued after another was acknowledged comes with that other write (or a later one at its address)', 'L295, L714, L297-L298', 'step', 'inferred'),
  outcome('I5', 'In normal operation with nothing in flight and the log drained, 225A, 225B, 225C and 225D are identical and hold every acknowledged write', 'L258, L353, L515-L516', 'always', 'inferred'),
  outcome('I6', 'Every write acknowledged to an application is in the area of the site where the application last resumed: one history, never two active writers', 'L495, L523, L591, L631', 'step', 'inferred'),
  outcome('P12', 'Once a write was answered with a write-protect failure, no write issued before the pairs are resynced is acknowledged, in any mirror group', 'L696', 'always'),
  mechanism('P1', 'A write to 225A answered normally while its sync pair is Duplex is in 225C when answered', 'L449, L258, L706', 'step'),
  mechanism('P2', 'With both members synchronized, the mirror program acknowledges a write only after its writes to them succeeded (none failed)', 'L453, L710', 'step'),
  mechanism('P3', 'A write issued while a member is write-protected is rejected at once and writes nothing (steps 906-910)', 'L368-L372', 'step'),
  mechanism('P4', 'After the rollback of step 920, the member written before the rejection again holds the write-protected member\'s data', 'L385-L387', 'step'),
  mechanism('P6', 'The async destination reflects the oldest received log entry, in time-sequence order', 'L295, L714', 'step'),
  mechanism('P8', 'A Duplex sync pair with nothing in flight has identical primary and secondary areas', 'L258', 'always'),
  mechanism('P9', 'A pair becomes Duplex after an initialization or differential copy only with its areas identical', 'L264-L265, L283-L285, L309', 'step'),
  mechanism('P10', 'A mirror group with a member being added (not yet synchronized) has a synchronized member to serve reads', 'L401-L403, L409', 'always'),
  mechanism('P11', 'A synchronized member, with nothing in flight, holds every write acknowledged since the last resume', 'L349-L353', 'always', 'inferred'),
  mechanism('P12-leg', 'No write to any 225A succeeds while some 225A is write-protected', 'L696', 'step'),
  mechanism('P14', 'A failback (Figs. 11, 12, 15, 16) ends with 225A -> 225C and 225B -> 225D Duplex and 225A = 225B = 225C', 'L507, L515-L516, L545, L625, L651', 'step', 'inferred'),
  mechanism('I1-D', '225D is always the image of a write-order consistent set of writes, unless a backup of it is kept (Fig. 17)', 'L295, L689', 'always', 'inferred'),
  mechanism('I2', 'Every log entry carries a write the source area accepted at that address', 'L293-L295', 'always', 'inferred'),
  mechanism('I3', 'A log entry leaves the log only when reflected, recorded as a write position on Suspending, superseded by coalescing, or lost with its site', 'L307-L309', 'step', 'inferred'),
  mechanism('I4', 'With protection, while the application runs at the primary, a write in 225D that 225C lacks was not acknowledged', 'L455, L461', 'always', 'inferred'),
  mechanism('I7', 'No application write succeeds on the secondary area of a Duplex pair', 'L260, L467', 'step', 'inferred'),
  mechanism('I8', 'The failbacks drop or reverse the async pair between 225C and 225D only with its log drained (steps 1202, 1506, 1602)', 'L525, L602, L633', 'step', 'inferred'),
  mechanism('I9', 'No area is the secondary of two active pairs, and no two active pairs copy in opposite directions', 'L567-L575', 'always', 'inferred'),
  mechanism('I13', 'After step 1404 of Fig. 14, 225D equals 225C', 'L567-L573', 'step', 'inferred'),
  { id: 'G-ghost', statement: 'What the application was answered, where it resumed and what a resume gave up are never rewritten', ref: '', basis: 'inferred', kind: 'step', category: 'outcome' },
  { id: 'L-1', statement: 'In the fault-free completion every write issued at a live primary is answered (a write Fig. 17 holds while the sync site is down excepted); in the 3rd and 4th embodiments a started recovery resumes the application', ref: 'L391, L870, L967', basis: 'inferred', kind: 'eventually', category: 'outcome' },
  witness('W-ack', 'A write is acknowledged at the primary', ['P2', 'P5', 'I6', 'P11', 'P1', 'G-ghost', 'P10', 'P12'], 'L453'),
  witness('W-ack-S', 'A write is acknowledged at the sync site', ['I6', 'I7'], 'L479'),
  witness('W-ack-A', 'A write is acknowledged at the async site', ['I6', 'I7'], 'L553'),
  witness('W-lossless', 'The application resumes without loss at another site', ['O-1', 'I1'], 'L475'),
  witness('W-lossy', 'The application resumes on the async site by Fig. 13', ['P7', 'P13', 'I1'], 'L553'),
  witness('W-loss', 'A resume on the async site gives up acknowledged writes (allowed: the async backlog, G1)', ['P7'], 'L973'),
  witness('W-window-loss', 'A double failure in a reduced-protection window gives up a write acknowledged in it (allowed, I14)', ['P7'], 'L512-L513'),
  witness('W-sync-then-async', 'The application resumes on the async site after a failover to the sync site (G4)', ['P13'], 'L483'),
  witness('W-wp', 'A write is rejected for failure-Suspend write-protect', ['P3', 'P5', 'P12', 'P12-leg'], 'L279'),
  witness('W-blocked', 'A write is issued after a write-protect rejection and before the resync', ['P12', 'P3'], 'L696'),
  witness('W-rollback', 'Step 920 rolls 225B back', ['P4'], 'L385'),
  witness('W-quiescent', 'Normal operation with acknowledged writes, nothing in flight, the log drained', ['I5', 'P8', 'P11'], 'L258'),
  witness('W-apply', '225D reflects a log entry', ['P6', 'I1-D', 'I2', 'I3', 'I4'], 'L451'),
  witness('W-lag', 'An acknowledged write is not yet in 225D (the async backlog)', ['I4', 'P7'], 'L305'),
  witness('W-coalesce', 'A log entry is superseded by an adjacent write to the same address', ['I2', 'I3'], 'L297'),
  witness('W-two-in-flight', 'Two writes are in flight through the mirror program at once', ['I5', 'I6', 'P11'], 'L455'),
  witness('W-sync-copy', 'A sync pair completes an initialization or differential copy', ['P9'], 'L283'),
  witness('W-async-copy', 'The async pair completes an initialization or differential copy', ['P9'], 'L309'),
  witness('W-suspending', 'The async pair passes through Suspending', ['I3'], 'L307'),
  witness('W-failback', 'A failback completes (Fig. 11, 12, 15 or 16)', ['P14', 'I8', 'I9', 'O-1'], 'L515'),
  witness('W-fig14', 'Fig. 14 resumes on the async site with the sync site\'s data', ['I13', 'I9'], 'L579'),
  witness('W-cd-differ', 'Step 1404 changes 225D', ['I13'], 'L573'),
  witness('W-fig17', 'Fig. 17 re-issues a held write to 225B and acknowledges it', ['P5', 'P10'], 'L685'),
  witness('W-torn', 'Step 1705 reflects only part of the received entries (CE8)', ['I1', 'I1-D'], 'L687'),
  witness('W-restored', 'The backup of 225D replaces it at a resume', ['I1'], 'L689'),
  witness('W-fenced', 'A suspected primary is fenced before the failover', ['I6'], 'L495'),
  witness('W-two-groups', 'A write to one mirror group is rejected because another group\'s 225A is write-protected', ['P12', 'P12-leg'], 'L696'),
  witness('W-fig3', 'Fig. 3 brings the system into normal operation', ['P9', 'P10'], 'L433'),
  witness('W-member-resync', 'A restarted mirror program (2nd emb.) finds 225A and 225B different after a write lost in flight, and resynchronizes them', ['I5', 'O-1', 'P11'], 'L724-L731'),
  witness('W-unprotected-loss', 'Without failure protection, a failover to the sync site goes on without an acknowledged write (allowed: Fig. 7, L395)', ['P8', 'I4'], 'L659-L661'),
  witness('W-wp-resync', 'A write-protected pair is resynced and writes resume', ['P12', 'P9'], 'L283'),
];

/** The checks of one model; `restrict` keeps those its configuration lists. */
export function checks(m: MirrorModel): { always: AlwaysCheck[]; step: StepCheck[]; sometimes: SometimesCheck[]; eventually: EventuallyCheck[] } {
  const { f, NC, NA, G, K, QMAX, cfg } = m.k;
  const { MS, SS, AS, MO } = m;
  // The fields each check reads or watches (incremental.ts): whole fields, since a write, a cell or a volume picks the word.
  const at = fieldPositions(f as unknown as Record<string, number>, m.stateSize);
  const vol = (s: State, x: number, c: number): number => s[f.V + x * NC + c];
  const site = (s: State, i: number): boolean => s[f.SITE + i] === 0;
  const ackOk = (s: State, w: number): boolean => s[f.G_ACK + w] === ACK.OK && s[f.G_LOST + w] === 0;
  /** Image x covers every acknowledged write not given up (optionally only those of the current epoch). */
  /** `before`: whose record of writes given up counts (a resume's own step marks what it gave up). */
  const coversAll = (s: State, x: number, epochOnly = false, before: State = s): boolean => {
    for (let w = 1; w < s[f.NEXTW]; w++) {
      if (!ackOk(before, w) || (epochOnly && s[f.G_AEP + w] !== s[f.G_EP])) continue;
      // Acknowledged before any remote copy existed (M0, Fig. 3): no resume elsewhere can keep it.
      if (s[f.G_WIN + w] === 3 && s[f.G_AEP + w] !== s[f.G_EP]) continue;
      if (!m.covers(s, x, w)) return false;
    }
    return true;
  };
  const noFailed = (s: State, x: number): boolean => {
    for (let c = 0; c < NC; c++) {
      const v = vol(s, x, c);
      if (v > 0 && s[f.G_ACK + v] === ACK.FAILED) return false;
    }
    return true;
  };
  /** Image x is closed under "acknowledged before issued" among writes not given up. */
  const closed = (s: State, x: number, before: State = s): boolean => {
    for (let c = 0; c < NC; c++) {
      const w = vol(s, x, c);
      // A write the application was told failed is a phantom, not a dependent write (O-1 checks phantoms).
      if (w <= 0 || s[f.G_ACK + w] === ACK.FAILED) continue;
      const dep = s[f.G_DEP + w];
      for (let v = 1; v < s[f.NEXTW]; v++) {
        // `before`: the writes given up count as given up before this step (a resume's own loss counts).
        if (v === w || !ackOk(before, v) || s[f.G_SEQ + v] > dep) continue;
        // Present, or overwritten by any later write (a phantom included: its rollback is in flight).
        if (vol(s, x, s[f.G_CELL + v] - 1) < v) return false;
      }
    }
    return true;
  };
  const atPrimaryInOperation = (s: State): boolean => {
    const mo = s[f.MODE];
    return (s[f.APPS] & 1) !== 0 && (mo === MO.M1 || mo === MO.M2 || mo === MO.M3);
  };
  const resumed = (prev: State, next: State): number => (next[f.G_EP] !== prev[f.G_EP] ? next[f.G_RESUME] : 0);
  const resumeSite = (s: State): number => s[f.G_ESITE] - 1;
  const resumeVol = (s: State): number => {
    const site_ = resumeSite(s);
    if (site_ === 1) return VOL.C;
    if (site_ === 2) return VOL.D;
    return m.runningVolume(s, 0);
  };
  const quiescent = (s: State): boolean =>
    s[f.MODE] === MO.M1 && (s[f.APPS] & 1) !== 0 && site(s, 0) && site(s, 1) && site(s, 2) && m.inFlight(s) === 0 && s[f.QLEN] === 0 && s[f.AST] === AS.pair && s[f.SST] === SS.pair && (G === 1 || s[f.SST + 1] === SS.pair) && s[f.MEM] === MS.synchronized && s[f.MEM + 1] === MS.synchronized;
  const anyWP = (s: State): boolean => {
    for (let i = 0; i < 2 * G; i++) if (s[f.MEM + i] === MS.writeProtected) return true;
    return false;
  };
  const seen = (s: State, bit: number): boolean => (s[f.SEEN] & bit) !== 0;
  const procIs = (s: State, name: string): boolean => s[f.MODE] === MO[name];

  const always: AlwaysCheck[] = [
    { id: 'P5', reads: at('APPS', 'G_ACK', 'G_AEP', 'G_CELL', 'G_EP', 'G_LOST', 'G_SPLITS', 'G_SPLITS_DONE', 'G_WIN', 'MODE', 'NEXTW', 'V'), holds: (s) => !cfg.protection || !atPrimaryInOperation(s) || s[f.G_SPLITS] !== s[f.G_SPLITS_DONE] || coversAll(s, VOL.C) },
    {
      id: 'I5',
      reads: at('APPS', 'AST', 'G_ACK', 'G_AEP', 'G_CELL', 'G_EP', 'G_LOST', 'G_WIN', 'MEM', 'MODE', 'NEXTW', 'QLEN', 'SITE', 'SST', 'V', 'WST'),
      holds: (s) => {
        if (!quiescent(s)) return true;
        for (let c = 0; c < NC; c++) {
          const a = vol(s, VOL.A, c);
          if (vol(s, VOL.B, c) !== a || vol(s, VOL.C, c) !== a || vol(s, VOL.D, c) !== a) return false;
        }
        return coversAll(s, VOL.A);
      },
    },
    {
      id: 'P12',
      reads: at('G_ACK', 'G_BLOCKED', 'NEXTW'),
      holds: (s) => {
        for (let w = 1; w < s[f.NEXTW]; w++) if (s[f.G_BLOCKED + w] === 2 && s[f.G_ACK + w] === ACK.OK) return false;
        return true;
      },
    },
    {
      id: 'P8',
      reads: at('SDST', 'SITE', 'SSRC', 'SST', 'V', 'WST'),
      holds: (s) => {
        if (m.inFlight(s) > 0) return true;
        for (let g = 0; g < G; g++) {
          if (s[f.SST + g] !== SS.pair || !site(s, m.volSite(s[f.SSRC + g]))) continue;
          for (let a = 0; a < NA; a++) if (vol(s, s[f.SSRC + g], g * NA + a) !== vol(s, s[f.SDST + g], g * NA + a)) return false;
        }
        return true;
      },
    },
    {
      id: 'P10',
      reads: at('MEM'),
      holds: (s) => {
        for (let g = 0; g < G; g++) {
          const a = s[f.MEM + 2 * g];
          const b = s[f.MEM + 2 * g + 1];
          if ((a === MS.notSynchronized || b === MS.notSynchronized) && a !== MS.synchronized && b !== MS.synchronized) return false;
        }
        return true;
      },
    },
    {
      id: 'P11',
      reads: at('APPS', 'G_ACK', 'G_AEP', 'G_CELL', 'G_EP', 'G_ESITE', 'G_LOST', 'G_WIN', 'MEM', 'NEXTW', 'V', 'WST'),
      holds: (s) => {
        if (m.inFlight(s) > 0 || !(s[f.APPS] & 1) || resumeSite(s) !== 0) return true;
        for (let x = 0; x < 2; x++) if (s[f.MEM + x] === MS.synchronized && !coversAll(s, x, true)) return false;
        return true;
      },
    },
    { id: 'I1-D', reads: at('G_ACK', 'G_CELL', 'G_DEP', 'G_LOST', 'G_SEQ', 'NEXTW', 'SNAPV', 'V'), holds: (s) => s[f.SNAPV] !== 0 || closed(s, VOL.D) },
    {
      id: 'I2',
      reads: at('G_CELL', 'NEXTW', 'Q', 'QLEN', 'QSENT'),
      holds: (s) => {
        for (let i = 0; i < s[f.QLEN]; i++) {
          const e = s[f.Q + i];
          const v = e & 31;
          if (v !== 0 && (v >= s[f.NEXTW] || s[f.G_CELL + v] - 1 !== e >> 5)) return false;
        }
        return s[f.QSENT] <= s[f.QLEN] && s[f.QLEN] <= QMAX;
      },
    },
    {
      id: 'I4',
      reads: at('APPS', 'G_ACK', 'G_CELL', 'G_LOST', 'G_SPLITS', 'G_SPLITS_DONE', 'MODE', 'V'),
      holds: (s) => {
        if (!cfg.protection || !atPrimaryInOperation(s) || s[f.G_SPLITS] !== s[f.G_SPLITS_DONE]) return true;
        for (let c = 0; c < NC; c++) {
          const w = vol(s, VOL.D, c);
          if (w > 0 && ackOk(s, w) && !m.covers(s, VOL.C, w)) return false;
        }
        return true;
      },
    },
    {
      id: 'I9',
      reads: at('ADST', 'ASRC', 'AST', 'SDST', 'SST'),
      holds: (s) => {
        const aActive = s[f.AST] !== AS.simplex;
        for (let g = 0; g < G; g++) {
          if (s[f.SST + g] === SS.simplex || !aActive) continue;
          if (s[f.SDST + g] === s[f.ADST]) return false;
          if (s[f.SDST + g] === s[f.ASRC] && s[f.SSRC + g] === s[f.ADST]) return false;
        }
        return true;
      },
    },
  ];

  const step: StepCheck[] = [
    {
      id: 'O-1',
      watches: at('G_EP'),
      holds: (prev, _a, next) => {
        if (resumed(prev, next) !== 1 || !cfg.protection) return true;
        const x = resumeVol(next);
        return x >= 0 && coversAll(next, x, false, prev) && noFailed(next, x);
      },
    },
    {
      id: 'P7',
      watches: at('G_EP'),
      holds: (prev, _a, next) => {
        if (resumed(prev, next) !== 2) return true;
        // Lost updates counted as the newest lost write per address (a coalesced run is one entry).
        let outside = 0;
        for (let w = prev[f.NEXTW] - 1; w >= 1; w--) {
          if (!ackOk(prev, w) || m.present(next, VOL.D, w)) continue;
          if (prev[f.G_AEP + w] !== prev[f.G_EP]) {
            if (prev[f.G_SETTLED] === prev[f.G_EP]) return false;
            continue; // lost inside the window of an unfinished failover (I14)
          }
          let newer = false;
          for (let v = w + 1; v < prev[f.NEXTW]; v++) if (prev[f.G_CELL + v] === prev[f.G_CELL + w] && ackOk(prev, v) && !m.present(next, VOL.D, v) && prev[f.G_WIN + v] === 1) newer = true;
          if (prev[f.G_WIN + w] === 1 && !newer) outside++;
        }
        return outside <= QMAX;
      },
    },
    {
      id: 'P13',
      watches: at('G_EP'),
      holds: (prev, _a, next) => {
        if (resumed(prev, next) !== 2) return true;
        if (prev[f.G_SETTLED] !== prev[f.G_EP]) return true; // the failover had not completed (I14)
        for (let w = 1; w < prev[f.NEXTW]; w++) if (ackOk(prev, w) && prev[f.G_AEP + w] < prev[f.G_EP] && !m.present(next, VOL.D, w)) return false;
        return true;
      },
    },
    {
      id: 'I1',
      watches: at('G_EP'),
      holds: (prev, _a, next) => {
        if (!resumed(prev, next)) return true;
        const x = resumeVol(next);
        return x < 0 || closed(next, x, prev);
      },
    },
    {
      id: 'I6',
      watches: at('G_ACKS'),
      holds: (prev, _a, next) => {
        if (next[f.G_ACKS] === prev[f.G_ACKS]) return true;
        const x = resumeVol(next);
        for (let w = 1; w < next[f.NEXTW]; w++) if (next[f.G_SEQ + w] > prev[f.G_ACKS] && (x < 0 || !m.covers(next, x, w))) return false;
        return true;
      },
    },
    {
      id: 'P1',
      on: [T.LEG_A],
      holds: (prev, a, next) => {
        if (actionType(a) !== T.LEG_A) return true;
        const k = argA(a);
        if (next[f.WLA + k] !== LEG.OK) return true;
        const w = next[f.WID + k];
        const c = next[f.G_CELL + w] - 1;
        const g = (c / NA) | 0;
        return prev[f.SST + g] !== SS.pair || next[f.SST + g] !== SS.pair || vol(next, next[f.SDST + g], c) === w;
      },
    },
    {
      id: 'P2',
      on: [T.FINISH],
      holds: (prev, a, next) => {
        if (actionType(a) !== T.FINISH) return true;
        const k = argA(a);
        if (next[f.G_ACK + next[f.WID + k]] !== ACK.OK) return true;
        const g = ((next[f.G_CELL + next[f.WID + k]] - 1) / NA) | 0;
        if (prev[f.MEM + 2 * g] !== MS.synchronized || prev[f.MEM + 2 * g + 1] !== MS.synchronized) return true;
        return next[f.WLA + k] !== LEG.FAILED && next[f.WLB + k] !== LEG.FAILED && (next[f.WLA + k] === LEG.OK || next[f.WLB + k] === LEG.OK);
      },
    },
    {
      id: 'P3',
      on: [T.ISSUE],
      holds: (prev, a, next) => {
        if (actionType(a) !== T.ISSUE || !cfg.protection) return true;
        const g = ((next[f.G_CELL + next[f.NEXTW] - 1] - 1) / NA) | 0;
        const wp = prev[f.MEM + 2 * g] === MS.writeProtected || prev[f.MEM + 2 * g + 1] === MS.writeProtected;
        if (!wp) return true;
        for (let i = 0; i < 4 * NC; i++) if (prev[f.V + i] !== next[f.V + i]) return false;
        return next[f.G_ACK + next[f.NEXTW] - 1] === ACK.FAILED;
      },
    },
    {
      id: 'P4',
      on: [T.ROLLBACK],
      holds: (_prev, a, next) => {
        if (actionType(a) !== T.ROLLBACK) return true;
        const c = next[f.G_CELL + next[f.WID + argA(a)]] - 1;
        return vol(next, VOL.B, c) === vol(next, VOL.A, c);
      },
    },
    {
      id: 'P6',
      on: [T.APPLY],
      holds: (prev, a, next) => {
        if (actionType(a) !== T.APPLY) return true;
        const e = prev[f.Q];
        return vol(next, prev[f.ADST], e >> 5) === (e & 31) && next[f.QLEN] === prev[f.QLEN] - 1 && next[f.Q] === (prev[f.QLEN] > 1 ? prev[f.Q + 1] : 0);
      },
    },
    {
      id: 'P9',
      watches: at('SST', 'AST'),
      holds: (prev, _a, next) => {
        for (let g = 0; g < G; g++) {
          if (next[f.SST + g] !== SS.pair || (prev[f.SST + g] !== SS.initialCopy && prev[f.SST + g] !== SS.resync)) continue;
          for (let a2 = 0; a2 < NA; a2++) if (vol(next, next[f.SSRC + g], g * NA + a2) !== vol(next, next[f.SDST + g], g * NA + a2)) return false;
        }
        if (next[f.AST] === AS.pair && (prev[f.AST] === AS.initialCopy || prev[f.AST] === AS.resync))
          for (let c = 0; c < NC; c++) if (vol(next, next[f.ASRC], c) !== vol(next, next[f.ADST], c)) return false;
        return true;
      },
    },
    {
      id: 'P12-leg',
      on: [T.LEG_A],
      holds: (prev, a, next) => actionType(a) !== T.LEG_A || next[f.WLA + argA(a)] !== LEG.OK || !anyWP(prev),
    },
    {
      id: 'P14',
      watches: at('MODE'),
      holds: (prev, _a, next) => {
        const done = next[f.MODE] === MO.M1 && (prev[f.MODE] === MO.fig11 || prev[f.MODE] === MO.fig12 || prev[f.MODE] === MO.fig15 || prev[f.MODE] === MO.fig16);
        if (!done) return true;
        for (let g = 0; g < G; g++) if (next[f.SST + g] !== SS.pair || next[f.SSRC + g] !== VOL.A || next[f.SDST + g] !== VOL.C) return false;
        if (next[f.AST] !== AS.pair || next[f.ASRC] !== VOL.B || next[f.ADST] !== VOL.D) return false;
        for (let c = 0; c < NC; c++) if (vol(next, VOL.B, c) !== vol(next, VOL.A, c) || vol(next, VOL.C, c) !== vol(next, VOL.A, c)) return false;
        return true;
      },
    },
    {
      id: 'I3',
      holds: (prev, a, next) => {
        const t = actionType(a);
        if (t === T.FLUSH) {
          for (let i = prev[f.QSENT]; i < prev[f.QLEN]; i++) if (!((next[f.ADIFF] >> (prev[f.Q + i] >> 5)) & 1)) return false;
          return true;
        }
        if (t === T.APPLY) return next[f.QLEN] === prev[f.QLEN] - 1;
        // A site failure loses what its memory held; a procedure's "transit to Simplex" ends the pair. A
        // write (coalescing included) never shortens the log.
        if (t === T.FAIL_SITE || t === T.STEP || t === T.START) return true;
        return next[f.QLEN] >= prev[f.QLEN];
      },
    },
    {
      id: 'I7',
      on: [T.WRITE_AT],
      holds: (prev, a, next) => {
        if (actionType(a) !== T.WRITE_AT) return true;
        const x = argA(a) === 1 ? VOL.C : VOL.D;
        for (let g = 0; g < G; g++) if (prev[f.SST + g] === SS.pair && prev[f.SDST + g] === x) return false;
        if (prev[f.AST] === AS.pair && prev[f.ADST] === x) return false;
        return next[f.NEXTW] === prev[f.NEXTW] + 1;
      },
    },
    {
      id: 'I8',
      on: [T.STEP],
      holds: (prev, a, next) => {
        if (actionType(a) !== T.STEP) return true;
        const pc = prev[f.PC];
        const drops = (procIs(prev, 'fig12') && pc === 1) || (procIs(prev, 'fig16') && pc === 1) || (procIs(prev, 'fig15') && pc === 3);
        return !drops || prev[f.QLEN] === 0 || next[f.MODE] !== prev[f.MODE];
      },
    },
    {
      id: 'I13',
      on: [T.STEP],
      holds: (prev, a, next) => {
        if (actionType(a) !== T.STEP || !procIs(prev, 'fig14') || prev[f.PC] !== 2) return true;
        for (let c = 0; c < NC; c++) if (vol(next, VOL.D, c) !== vol(next, VOL.C, c)) return false;
        return true;
      },
    },
  ];
  const W = m.k.W;
  const ghostFields = [];
  for (let w = 1; w <= W; w++) {
    ghostFields.push({ offset: f.G_CELL + w, finalFrom: 1 }, { offset: f.G_ACK + w, finalFrom: 2 }, { offset: f.G_SEQ + w, finalFrom: 1 }, { offset: f.G_SITE + w, finalFrom: 1 }, { offset: f.G_LOST + w, finalFrom: 1 }, { offset: f.G_BLOCKED + w, finalFrom: 1 }, { offset: f.G_WIN + w, finalFrom: 1 });
  }
  ghostFields.push({ offset: f.G_ACKS, finalFrom: 1 << 30 }, { offset: f.G_EP, finalFrom: 1 << 30 }, { offset: f.G_WPN, finalFrom: 1 << 30 }, { offset: f.G_SETTLED, finalFrom: 1 << 30 });
  step.push(ghostIntegrity('G-ghost', ghostFields));

  const anyW = (s: State, fn: (w: number) => boolean): boolean => {
    for (let w = 1; w < s[f.NEXTW]; w++) if (fn(w)) return true;
    return false;
  };
  const sometimes: SometimesCheck[] = [
    { id: 'W-ack', reached: (s) => anyW(s, (w) => s[f.G_ACK + w] === ACK.OK && s[f.G_SITE + w] === 1) },
    { id: 'W-ack-S', reached: (s) => anyW(s, (w) => s[f.G_ACK + w] === ACK.OK && s[f.G_SITE + w] === 2) },
    { id: 'W-ack-A', reached: (s) => anyW(s, (w) => s[f.G_ACK + w] === ACK.OK && s[f.G_SITE + w] === 3) },
    { id: 'W-lossless', reached: (s) => s[f.G_RESUME] === 1 },
    { id: 'W-lossy', reached: (s) => s[f.G_RESUME] === 2 },
    { id: 'W-loss', reached: (s) => s[f.G_LOSS] >= 2 },
    { id: 'W-window-loss', reached: (s) => seen(s, SEEN.WINDOW_LOSS) },
    { id: 'W-sync-then-async', reached: (s) => s[f.G_RESUME] === 2 && s[f.G_ESITE] === 3 && s[f.G_EP] >= 3 },
    { id: 'W-wp', reached: (s) => seen(s, SEEN.WP_REJECT) },
    { id: 'W-blocked', reached: (s) => anyW(s, (w) => s[f.G_BLOCKED + w] === 2) },
    { id: 'W-rollback', reached: (s) => seen(s, SEEN.ROLLBACK) },
    { id: 'W-quiescent', reached: (s) => quiescent(s) && s[f.G_ACKS] > 0 },
    { id: 'W-apply', reached: (s) => { for (let c = 0; c < NC; c++) if (vol(s, VOL.D, c) > 0) return true; return false; } },
    { id: 'W-lag', reached: (s) => anyW(s, (w) => ackOk(s, w) && !m.covers(s, VOL.D, w)) },
    { id: 'W-coalesce', reached: (s) => seen(s, SEEN.COALESCED) },
    { id: 'W-two-in-flight', reached: (s) => seen(s, SEEN.TWO_IN_FLIGHT) },
    { id: 'W-sync-copy', reached: (s) => s[f.SST] === SS.resync || s[f.SST] === SS.initialCopy },
    { id: 'W-async-copy', reached: (s) => s[f.AST] === AS.resync || s[f.AST] === AS.initialCopy },
    { id: 'W-suspending', reached: (s) => s[f.AST] === AS.suspending },
    { id: 'W-failback', reached: (s) => s[f.SITE] === 0 && s[f.G_EP] >= 3 && s[f.MODE] === MO.M1 },
    { id: 'W-fig14', reached: (s) => s[f.MODE] === MO.M7 },
    { id: 'W-cd-differ', reached: (s) => seen(s, SEEN.CD_DIFFER) },
    { id: 'W-fig17', reached: (s) => seen(s, SEEN.HELD_ACK) },
    { id: 'W-torn', reached: (s) => seen(s, SEEN.TORN) },
    { id: 'W-restored', reached: (s) => seen(s, SEEN.RESTORED) },
    { id: 'W-fenced', reached: (s) => seen(s, SEEN.FENCED) },
    { id: 'W-two-groups', reached: (s) => seen(s, SEEN.TWO_GROUPS_BLOCKED) },
    { id: 'W-fig3', reached: (s) => s[f.MODE] === MO.M1 && s[f.MEM + 1] === MS.synchronized && cfg.start === 'M0' },
    { id: 'W-wp-resync', reached: (s) => seen(s, SEEN.RESYNC_WP) },
    { id: 'W-member-resync', reached: (s) => seen(s, SEEN.MEMBER_RESYNC) },
    { id: 'W-unprotected-loss', reached: (s) => seen(s, SEEN.UNPROTECTED_LOSS) },
  ];
  const eventually: EventuallyCheck[] = [
    {
      id: 'L-1',
      converged: (s) => {
        if (!site(s, 0)) return true;
        for (let k = 0; k < K; k++) {
          const st = s[f.WST + k];
          if (st === WS_WRITING || st === WS_ROLLING) return false;
        }
        return true;
      },
    },
  ];
  return { always, step, sometimes, eventually };
}

// ---- Third embodiment: DB log shipping (Figs. 19-21) ----

export const dbProperties: PropertyInfo[] = [
  outcome('O-db', 'After Fig. 21 both sites recover the same database, holding exactly the queries the application was answered as committed: none lost, none it was never answered (G9)', 'L848-L849, L860-L870', 'always'),
  mechanism('P15', 'Relations (A)-(E) hold at every instant: no committed query newer than TimeCLNew; TimeCLNew >= TimeCDNew; TimeDLNew >= TimeDDNew; TimeCLNew >= TimeDLNew; TimeCDNew >= TimeDDNew', 'L822-L830', 'always'),
  mechanism('P16', 'Fig. 21 ships the logs only when TimeCLOld <= TimeDLNew + 1, after which DL holds every CL record with no gap; it copies whole only when TimeCLOld >= TimeDLNew + 2', 'L842-L858', 'step'),
  mechanism('P17', 'The recovery at each site applies the logs in date order: the recovered database is every query up to one, with no gap', 'L860-L870', 'step'),
  mechanism('I10', 'A log record is sent to the async site only once it is stored in AL (so in CL): relation (D)', 'L786-L788, L828', 'step', 'inferred'),
  mechanism('I3-db', 'CL keeps every record newer than TimeCDNew, and DL every record newer than TimeDDNew up to TimeDLNew', 'L817-L820, L836', 'always', 'inferred'),
  witness('W-db-commit', 'A query is committed and answered', ['P15', 'I10', 'I3-db', 'O-db', 'G-ghost'], 'L759'),
  witness('W-db-2104', 'Fig. 21 ships the sync site\'s newer logs (2104)', ['P16', 'O-db'], 'L848'),
  witness('W-db-2109', 'Fig. 21 copies CL and CD whole because a needed log was purged (2109)', ['P16', 'O-db'], 'L851'),
  witness('W-db-gap', 'At the primary failure, the sync site has purged a record the async site never received', ['P16'], 'L851'),
  witness('W-db-recovered', 'Both sites recovered their databases and the application resumed', ['O-db', 'P17'], 'L870'),
  witness('W-db-purge', 'Records reflected in the data are purged from CL and from DL', ['I3-db', 'P15'], 'L817'),
];

export function dbChecks(m: DbModel): { always: AlwaysCheck[]; step: StepCheck[]; sometimes: SometimesCheck[]; eventually: EventuallyCheck[] } {
  const { f } = m.db;
  const R = (n: string): number => DBREC.states.indexOf(n);
  const RECOVERED = 1 << 30;
  const contiguous = (x: number): boolean => (x & (x + 2)) === 0 || x === 0; // bits 1..k
  /** TimeCLNew: the newest record in CL (or, all purged, the checkpoint). */
  const clNew = (s: State): number => Math.max(newest(s[f.CL]), s[f.CDNEW]);
  const always: AlwaysCheck[] = [
    {
      id: 'O-db',
      holds: (s) => {
        if (!(s[f.G_ASYNC] & RECOVERED)) return true;
        return (s[f.G_SYNC] & ~RECOVERED) === s[f.G_ACKED] && (s[f.G_ASYNC] & ~RECOVERED) === s[f.G_ACKED];
      },
    },
    {
      id: 'P15',
      holds: (s) => {
        if (s[f.REC] !== R('operating') && s[f.REC] !== R('primaryFailed')) return true; // stated at Time0
        for (let q = 1; q <= m.db.N; q++) if ((s[f.G_ACKED] >> q) & 1 && q > clNew(s)) return false; // (A)
        return clNew(s) >= s[f.CDNEW] && dlNew(s, f) >= s[f.DDNEW] && clNew(s) >= dlNew(s, f) && s[f.CDNEW] >= s[f.DDNEW];
      },
    },
    {
      id: 'I3-db',
      holds: (s) => {
        for (let q = s[f.CDNEW] + 1; q <= clNew(s); q++) if (!((s[f.CL] >> q) & 1)) return false;
        if (s[f.REC] !== R('operating')) return true;
        for (let q = s[f.DDNEW] + 1; q <= dlNew(s, f); q++) if (!((s[f.DL] >> q) & 1)) return false;
        return true;
      },
    },
  ];
  const step: StepCheck[] = [
    {
      id: 'P16',
      holds: (prev, _a, next) => {
        if (prev[f.REC] !== R('primaryFailed') || next[f.REC] === prev[f.REC]) return true;
        const ok = clOld(prev, f) <= dlNew(prev, f) + 1;
        if (next[f.REC] === R('fullCopied')) return !ok && next[f.DL] === prev[f.CL];
        const reflected = (1 << (next[f.DDNEW] + 1)) - 1; // records up to TimeDDNew are in DD already
        if (!ok || ((next[f.DL] | reflected) & prev[f.CL]) !== prev[f.CL]) return false;
        for (let q = next[f.DDNEW] + 1; q <= newest(next[f.DL]); q++) if (!((next[f.DL] >> q) & 1)) return false;
        return true;
      },
    },
    {
      id: 'P17',
      holds: (prev, _a, next) => {
        if (next[f.G_SYNC] !== prev[f.G_SYNC] && !contiguous((next[f.G_SYNC] & ~RECOVERED) >> 1 << 1)) return false;
        if (next[f.G_ASYNC] !== prev[f.G_ASYNC] && !contiguous((next[f.G_ASYNC] & ~RECOVERED) >> 1 << 1)) return false;
        return true;
      },
    },
    {
      id: 'I10',
      holds: (prev, a, next) => a >> 8 !== DT.SHIP || ((prev[f.CL] >> next[f.SHIPPED]) & 1) === 1 || next[f.SHIPPED] <= prev[f.CDNEW],
    },
  ];
  step.push(ghostIntegrity('G-ghost', [{ offset: f.G_ACKED, finalFrom: 1 << 30 }, { offset: f.G_SYNC, finalFrom: 1 }, { offset: f.G_ASYNC, finalFrom: 1 }]));
  const seen = (s: State, b: number): boolean => (s[f.SEEN] & b) !== 0;
  const sometimes: SometimesCheck[] = [
    { id: 'W-db-commit', reached: (s) => s[f.ACKED] > 0 },
    { id: 'W-db-2104', reached: (s) => seen(s, DB_SEEN.SHIPPED_2104) },
    { id: 'W-db-2109', reached: (s) => seen(s, DB_SEEN.FULL_2109) },
    { id: 'W-db-gap', reached: (s) => seen(s, DB_SEEN.GAP) },
    { id: 'W-db-recovered', reached: (s) => s[f.REC] === R('resumed') && s[f.ACKED] > 0 },
    { id: 'W-db-purge', reached: (s) => seen(s, DB_SEEN.PURGED_CL) && seen(s, DB_SEEN.PURGED_DL) },
  ];
  const eventually: EventuallyCheck[] = [{ id: 'L-1', converged: (s) => s[f.PUP] === 1 || s[f.REC] === R('resumed') }];
  return { always, step, sometimes, eventually };
}

// ---- Fourth embodiment: host async copy and the journal file system's metadata log (Fig. 22) ----

export const jfsProperties: PropertyInfo[] = [
  outcome('O-jfs', 'After the recovery of L959-L971 the async site holds the same data as the sync site in every file, and every write the application was answered (G10)', 'L945, L959-L971', 'always'),
  mechanism('P18', 'A file with no record in the metadata log has the same data in 225C and 225D, counting the entries the async site has received', 'L945', 'always'),
  mechanism('P19', 'The last record of a file is deleted only when no entry pending on the primary host updates its blocks', 'L951-L957', 'step'),
  mechanism('P20', 'An entry leaves the primary host only when transferred to the async site (or with the primary)', 'L927, L941', 'step'),
  mechanism('I11', 'Every entry pending on the primary host belongs to a file with a record in the metadata log (log before data)', 'L904, L945', 'always', 'inferred'),
  mechanism('I12', 'The entries the async site has received survive a primary failure and are reflected before the recovery copies', 'L927-L931', 'step', 'inferred'),
  witness('W-jfs-write', 'A file write is answered and its entry pends on the primary host', ['I11', 'P20', 'P18'], 'L923'),
  witness('W-jfs-delete-last', 'The last record of a file is deleted', ['P19', 'P18'], 'L955'),
  witness('W-jfs-wait', 'The last record of a closed file waits for a pending entry', ['P19'], 'L955'),
  witness('W-jfs-received', 'The primary fails with entries received but not yet reflected', ['I12', 'O-jfs'], 'L931'),
  witness('W-jfs-pending', 'The primary fails with entries still pending on its host', ['O-jfs', 'P18'], 'L927'),
  witness('W-jfs-copied', 'The recovery copies a listed file whose data differed', ['O-jfs'], 'L963'),
  witness('W-jfs-recovered', 'The application resumes at the sync site after the recovery', ['O-jfs', 'I12', 'G-ghost'], 'L967'),
];

export function jfsChecks(m: JfsModel): { always: AlwaysCheck[]; step: StepCheck[]; sometimes: SometimesCheck[]; eventually: EventuallyCheck[] } {
  const { f, F } = m.jfs;
  const clean = MLOG.states.indexOf('clean');
  const recorded = MLOG.states.indexOf('recorded');
  /** 225D of a file once the received entries are reflected. */
  const dAfter = (s: State, file: number): number => {
    let v = s[f.D + file];
    for (let i = 0; i < s[f.RLEN]; i++) if (s[f.RQ + i] >> 5 === file) v = s[f.RQ + i] & 31;
    return v;
  };
  const pending = (s: State, file: number): boolean => {
    for (let i = 0; i < s[f.HLEN]; i++) if (s[f.HQ + i] >> 5 === file) return true;
    return false;
  };
  const always: AlwaysCheck[] = [
    {
      id: 'O-jfs',
      holds: (s) => {
        if (!s[f.G_DONE]) return true;
        for (let file = 0; file < F; file++) if (s[f.D + file] !== s[f.C + file] || s[f.C + file] !== s[f.G_ACK + file]) return false;
        return true;
      },
    },
    {
      id: 'P18',
      holds: (s) => {
        for (let file = 0; file < F; file++) if (s[f.MLOG + file] === clean && !pending(s, file) && dAfter(s, file) !== s[f.C + file]) return false;
        for (let file = 0; file < F; file++) if (s[f.MLOG + file] === clean && pending(s, file)) return false;
        return true;
      },
    },
    {
      id: 'I11',
      holds: (s) => {
        for (let i = 0; i < s[f.HLEN]; i++) if (s[f.MLOG + (s[f.HQ + i] >> 5)] === clean) return false;
        return true;
      },
    },
  ];
  const step: StepCheck[] = [
    {
      id: 'P19',
      holds: (prev, a, next) => a >> 8 !== JT.DELETE || prev[f.MLOG + (a & 255)] !== recorded || next[f.MLOG + (a & 255)] !== clean || !pending(prev, a & 255),
    },
    {
      id: 'P20',
      holds: (prev, a, next) => {
        const t = a >> 8;
        if (t === JT.FAIL) return true;
        if (t === JT.TRANSFER) return next[f.HLEN] === prev[f.HLEN] - 1 && next[f.RLEN] === prev[f.RLEN] + 1 && next[f.RQ + next[f.RLEN] - 1] === prev[f.HQ];
        return next[f.HLEN] >= prev[f.HLEN];
      },
    },
    {
      id: 'I12',
      holds: (prev, a, next) => {
        const t = a >> 8;
        if (t === JT.FAIL) return next[f.RLEN] === prev[f.RLEN];
        if (t === JT.RECOVERY && next[f.REC] === JREC.COPIED) return prev[f.RLEN] === 0;
        return true;
      },
    },
  ];
  const ghost = [{ offset: f.G_DONE, finalFrom: 1 }];
  step.push(ghostIntegrity('G-ghost', ghost));
  const seen = (s: State, b: number): boolean => (s[f.SEEN] & b) !== 0;
  const sometimes: SometimesCheck[] = [
    { id: 'W-jfs-write', reached: (s) => s[f.HLEN] > 0 },
    { id: 'W-jfs-delete-last', reached: (s) => seen(s, JFS_SEEN.DELETED_LAST) },
    { id: 'W-jfs-wait', reached: (s) => seen(s, JFS_SEEN.WAITED) },
    { id: 'W-jfs-received', reached: (s) => seen(s, JFS_SEEN.RECEIVED_AT_FAILURE) },
    { id: 'W-jfs-pending', reached: (s) => seen(s, JFS_SEEN.PENDING_AT_FAILURE) },
    { id: 'W-jfs-copied', reached: (s) => seen(s, JFS_SEEN.COPIED_DIFFERENT) },
    { id: 'W-jfs-recovered', reached: (s) => s[f.G_DONE] === 1 && s[f.NEXTW] > 1 },
  ];
  const eventually: EventuallyCheck[] = [{ id: 'L-1', converged: (s) => s[f.PUP] === 1 || s[f.REC] === JREC.RESUMED }];
  return { always, step, sometimes, eventually };
}
