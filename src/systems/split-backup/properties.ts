// What each `split-backup` property says (the spec, the report and `rcv list` read this), and the
// checks over the model's state vector. IDs are seed-notes/001.md's (E-S, I-S, E-L, I-L); witness IDs
// (W-...) and G-ghost, L-resume are ours.
import type { AlwaysCheck, EventuallyCheck, PropertyInfo, SometimesCheck, State, StepCheck } from '../../engine/contract.js';
import { ghostIntegrity } from '../../engine/ghost.js';
import { fieldPositions } from '../../engine/layout.js';
import { CLIENT, FAULT_BIT, REJ, SEEN, T, actionArg, actionType, type SplitBackupModel } from './model.js';

const o = (id: string, statement: string, ref: string, basis: 'explicit' | 'inferred', kind: 'always' | 'step' | 'eventually'): PropertyInfo => ({ id, statement, ref, basis, kind, category: 'outcome' });
const m = (id: string, statement: string, ref: string, basis: 'explicit' | 'inferred', kind: 'always' | 'step' | 'eventually'): PropertyInfo => ({ id, statement, ref, basis, kind, category: 'mechanism' });
const w = (id: string, statement: string, witnessFor: string[], ref = 'witness'): PropertyInfo => ({ id, statement, ref, basis: 'inferred', kind: 'sometimes', witnessFor });

export const properties: PropertyInfo[] = [
  o('E-S1', 'A backup the server was told succeeded holds, over its range, the split image: the P image after a prefix of the host writes that contains every write acknowledged before the split command and none sent after the split report (where a host wrote S after the drain and before the backup, that write)', '【0008】【0050】, claims 1, 5, 9, 14', 'explicit', 'always'),
  m('E-S2', 'E1, E1-unit, E4: a block is transferred from S to tape only when its split-time content has been reflected (its difference bit is clear)', '【0028】, claims 3, 7, 12, 16', 'explicit', 'step'),
  m('E-S3', 'E2: the first transfer to tape happens only after every difference has been copied', '【0032】【0033】, claims 2, 6, 11, 15', 'explicit', 'step'),
  m('E-S4', 'E3: a block is staged from P when it is not yet reflected and from S otherwise, and the tape gets the staging area only once the whole range is staged', '【0036】【0037】, claims 4, 8, 13, 17', 'explicit', 'step'),
  m('E-S5', 'The split is reported in the step that performs it: 516 says split, the difference information is left as it is, whatever remains to be copied', '【0024】【0026】【0038】', 'explicit', 'step'),
  o('E-S6', 'A backup command is accepted only after the split report of the epoch it backs up, with no resync or delete since (E4: the command itself splits)', '【0026】【0027】, claim 14', 'explicit', 'always'),
  o('E-S7', 'The server is told a backup succeeded only once every block of its range is on tape', '【0029】', 'explicit', 'always'),
  m('E-S8', 'Status views: 516 says split whenever the pair is split or split pending; 517 says split pending exactly while the pair is split pending; 517 says split only when no difference remains', '【0024】【0026】【0034】', 'explicit', 'always'),
  m('E-S9', 'A host write is acknowledged in the step that puts its data in cache, never by a destage, copy or tape step', '【0016】', 'explicit', 'step'),
  o('I-S1', 'No tape ever holds a host write sent after the split report of its job\'s epoch', '【0006】【0026】', 'inferred', 'always'),
  m('I-S2', 'During a split epoch every write to S other than a host write to S writes the block\'s split image', '【0026】', 'inferred', 'step'),
  m('I-S3', 'During a split epoch a clear difference bit means S holds the split image for that block (unless a host wrote S)', '【0024】【0026】', 'inferred', 'always'),
  m('I-S4', 'While split pending the difference information only shrinks: no host write sets a bit', '【0026】', 'inferred', 'step'),
  m('I-S5', 'While split pending a set difference bit means the logical P still holds the split image for that block', '【0036】', 'inferred', 'always'),
  o('I-S6', 'A host read of P returns the latest acknowledged write to the block (or the write in progress): split, copy and backup never change the logical P', '【0016】【0017】', 'inferred', 'always'),
  o('I-S7', 'A host read of S during a split epoch returns the split image (or what a host wrote to S)', '【0006】', 'inferred', 'always'),
  m('I-S8', 'In duplex and duplex pending a clear difference bit means S equals the logical P for that block', '【0020】【0021】', 'inferred', 'always'),
  m('I-S9', 'Every copy to S (background, copy-before-write, copy-on-read) writes the logical P (cache over disk) of that moment', '【0016】【0026】', 'inferred', 'step'),
  m('I-S10', 'E3: what a job stages for a block equals the split image, whatever 508 and the host did between its check and its read', '【0036】【0037】', 'inferred', 'always'),
  m('I-S11', 'No resync or pair delete takes effect while a backup job reads S', '【0030】', 'inferred', 'step'),
  m('I-S12', 'The recorded split image is the image of a whole-write prefix: no multi-block write is torn by the split', '【0010】【0040】', 'inferred', 'always'),
  m('I-S13', 'A second split command in the same epoch is answered and changes nothing: not the split image, not the differences, not the jobs', '【0026】', 'inferred', 'step'),
  o('I-S14', 'A host write to S that was acknowledged is not overwritten by the background copy before the next resync or delete', '【0026】', 'inferred', 'always'),
  o('I-S15', 'Two backups of one epoch that the server was told succeeded agree wherever their ranges overlap', '【0026】【0028】', 'inferred', 'always'),
  o('G-ghost', 'The ghost record (acknowledgements, answers, results, reads) is only ever added to: no step changes a recorded observation', '【0016】【0029】', 'inferred', 'step'),
  m('E-L3', 'The split report never waits: no step is spent waiting for it while a split command is pending (split-ack latency one step, whatever |diff|)', '【0024】【0026】, claims 1, 14', 'explicit', 'always'),
  m('I-L4', 'E1, E1-unit, E4: a job takes at most its range\'s differential copies, its transfers and a constant number of steps, whatever else is left to copy', '【0028】', 'inferred', 'always'),
  m('E-L6', 'E3: a job writes nothing to S and takes at most |R| reads, |R| transfers and its report', '【0036】【0037】', 'explicit', 'step'),
  m('I-L8', 'E4: no step of the client\'s quiesce is spent waiting for a controller answer that is not ready (the pause covers no copy or tape work)', '【0038】【0040】', 'inferred', 'always'),
  o('E-L1', 'Without faults every split epoch drains: the differences are all copied and 517 says split', '【0024】【0026】【0030】', 'explicit', 'eventually'),
  o('E-L2', 'Without faults and without polling the pair state, every accepted backup ends with the server told its result (E4: by Receive Copy Result)', '【0008】【0031】【0039】【0042】', 'explicit', 'eventually'),
  m('I-L9', 'Without faults every job that started reading or transferring ends (done, failed or aborted): 503 and 508 never wait on each other', '【0028】【0029】', 'inferred', 'eventually'),
  o('L-resume', 'E4: the quiesced client always gets its I/O back, by the resume notice or by its timeout', '【0038】【0040】', 'inferred', 'eventually'),
  w('W-backup-while-dirty', 'A backup reported successful whose range still had differential data when it was accepted', ['E-S1', 'E-S2', 'E-S3', 'E-S4', 'I-S1', 'I-L4', 'E-L6', 'E-L2', 'E-S6', 'E-S7', 'G-ghost'], '【0028】'),
  w('W-early-ack', 'A split reported while differences remained', ['E-S5', 'E-S8', 'I-S3', 'I-S5', 'E-L3'], '【0026】'),
  w('W-cow', 'A host write to a block S still owed was preceded by the copy of its split-time content (W-COW)', ['I-S2', 'I-S4', 'I-S5', 'I-S6', 'I-S9'], '【0026】'),
  w('W-hold', 'A host write waited for the copy of a block S still owed (W-HOLD)', ['I-S4', 'I-S5', 'E-S9']),
  w('W-post-split', 'A backup job was still running after a post-split host write was acknowledged', ['I-S1', 'I-S2'], '【0006】'),
  w('W-two-jobs', 'Two backups of one epoch with overlapping ranges both reported successful', ['I-S15'], '【0028】'),
  w('W-torn-window', 'A multi-block write was in progress across the split', ['I-S12', 'E-S1'], '【0040】'),
  w('W-s-read-copy', 'A host read of S copied a not-yet-reflected block first', ['I-S7'], '【0006】'),
  w('W-s-write', 'A host write to S was accepted after the split drained', ['I-S14']),
  w('W-s-write-refused', 'A host write to S was refused while S was split pending or read by a job', ['I-S14']),
  w('W-resync-after-backup', 'The pair was duplex again after a resync that followed a successful backup', ['I-S8', 'I-S11'], '【0030】'),
  w('W-resync-refused', 'A resync or delete was refused while a job read S', ['I-S11']),
  w('W-delete', 'The pair was deleted', ['I-S11', 'E-S6']),
  w('W-backup-too-early', 'A backup command was refused because the pair was not split', ['E-S6'], '【0027】'),
  w('W-bad-range', 'A backup command with a range outside the volume was refused', ['E-S6'], '【0027】'),
  w('W-split-refused', 'A split command on a volume with no pair was refused', ['I-S13']),
  w('W-dup-split', 'A second split command in one epoch was answered', ['I-S13'], '【0026】'),
  w('W-tape-error', 'A tape write error failed a job and the server was told', ['E-S7', 'E-L2'], '【0029】'),
  w('W-p-read-error', 'A read error on P during a copy suspended the pair and failed its jobs', ['E-S1', 'E-L1', 'E-L2'], '【0026】'),
  w('W-s-read-error', 'A read error on S failed a job', ['E-S7', 'E-L2'], '【0029】'),
  w('W-mem-loss', 'The shared memory holding the difference information was lost', ['E-S1', 'E-L1'], '【0024】'),
  w('W-abort', 'The server aborted a running job', ['E-S7', 'I-L9']),
  w('W-crash-result', 'E4: the backup server crashed after sending its command and learned the result after restarting', ['E-L2'], '【0039】'),
  w('W-timeout', 'E4: the quiesced client resumed by its own timeout', ['L-resume'], '【0040】'),
  w('W-false-timeout', 'E4: the client timed out while its backup server was alive (a false suspicion), and the backup it was quiesced for then succeeded', ['E-S1', 'I-S12', 'L-resume'], '【0040】'),
  w('W-lost-resume', 'E4: the resume notice was lost', ['L-resume'], '【0040】'),
  w('W-poll-pending', 'E2 polling variant: the server read 517 = split pending, kept polling, and its backup then succeeded', ['E-S3', 'E-S6', 'E-S7', 'G-ghost'], '【0034】'),
  w('W-stage-from-p', 'E3: a block was staged from P', ['E-S4', 'I-S10', 'E-L6'], '【0036】'),
  w('W-priority', 'E1, E1-unit, E4: a job waited for the priority copy of its range and then succeeded', ['E-S2', 'I-L4'], '【0028】'),
  w('W-wait-all', 'E2: a job waited for every difference to be copied and then succeeded', ['E-S3'], '【0032】'),
  w('W-split-in-formation', 'A split during the formation copy', ['I-S8', 'E-S8'], '【0026】'),
  w('W-e4-cycle', 'E4: a backup completed while the client, quiesced only around the split, runs again', ['I-L8', 'E-L2'], '【0038】'),
  w('W-drained', 'A split epoch drained: 517 says split after a split reported early', ['E-L1', 'E-S8', 'I-S9', 'I-S4', 'G-ghost'], '【0024】'),
  w('W-update-copy', 'In duplex an update copy was pending (a set difference bit)', ['I-S8', 'E-S9', 'I-S6'], '【0020】'),
];

export function checks(model: SplitBackupModel): { always: AlwaysCheck[]; step: StepCheck[]; sometimes: SometimesCheck[]; eventually: EventuallyCheck[] } {
  const { N, J, W, f, cfg, JS } = model.k;
  const emb = cfg.embodiment;
  const { pHat, image, jobActive } = model;
  const lo = cfg.jobs.map((r) => r[0]);
  const hi = cfg.jobs.map((r) => Math.min(r[1], N));
  const PAIR_SPLIT_PENDING = model.machines![0].table.states.indexOf('splitPending');
  const PAIR_SPLIT = model.machines![0].table.states.indexOf('split');
  const PAIR_PAIR = model.machines![0].table.states.indexOf('pair');
  const PAIR_INITIAL = model.machines![0].table.states.indexOf('initialCopy');
  const PAIR_RESYNC = model.machines![0].table.states.indexOf('resync');
  const PAIR_SIMPLEX = model.machines![0].table.states.indexOf('simplex');
  const status = model.machines![1].table.states;
  const VS_SPLIT = status.indexOf('split');
  const VS_PENDING = status.indexOf('splitPending');
  const CLIENT_RUNNING = CLIENT.states.indexOf('running');
  const CLIENT_QUIESCED = CLIENT.states.indexOf('quiesced');
  const CLIENT_TIMED_OUT = CLIENT.states.indexOf('timedOut');
  const inSplit = (p: number): boolean => p === PAIR_SPLIT_PENDING || p === PAIR_SPLIT;
  // The fields each check reads or watches (incremental.ts): whole fields, since a job, an epoch or a write picks the word.
  const at = fieldPositions(f, model.stateSize);
  const duplexLike = (p: number): boolean => p === PAIR_PAIR || p === PAIR_INITIAL || p === PAIR_RESYNC;
  const type = actionType;
  const arg = actionArg;
  const sSourced = emb !== 'E3';
  const success = (s: State, j: number): boolean => s[f.G_REP + j] === 1;

  /** A host write to S at b acknowledged in job j's epoch before it was accepted: S is the host's to change once drained. */
  const hostWroteS = (s: State, j: number, b: number): number => {
    const t = s[f.G_SW + b];
    return t !== 0 && s[f.G_SWGEN + b] === s[f.G_JGEN + j] && t <= s[f.G_JTAGS + j] ? t : 0;
  };
  /** Bitmask over k - lo of the cuts [lo, hi] of epoch e whose image equals the tape of job j over its range. */
  const tapeCuts = (s: State, j: number, e: number): number => {
    const a = s[f.G_LO + e];
    const b = s[f.G_HI + e];
    let mask = 0;
    for (let k = a; k <= b; k++) {
      let ok = true;
      for (let x = lo[j]; x < hi[j] && ok; x++) ok = s[f.TAPE + j * N + x] === (hostWroteS(s, j, x) || image(s, k, x));
      if (ok) mask |= 1 << (k - a);
    }
    return mask;
  };
  const postSplit = (s: State, v: number, e: number): boolean => v > s[f.G_HI + e] && v <= W && s[f.G_WLEN + v] > 0;

  const always: AlwaysCheck[] = [
    {
      id: 'E-S1',
      reads: at('G_REP', 'G_JEPOCH', 'G_LO', 'G_HI', 'TAPE', 'G_SW', 'G_SWGEN', 'G_JGEN', 'G_JTAGS', 'G_WLEN', 'G_WLO'),
      holds(s) {
        for (let j = 0; j < J; j++) {
          if (!success(s, j)) continue;
          const e = s[f.G_JEPOCH + j];
          if (e === 0 || tapeCuts(s, j, e) === 0) return false;
        }
        return true;
      },
    },
    {
      id: 'E-S6',
      reads: at('G_ACC', 'G_JEPOCH', 'G_JGEN', 'G_SPLITGEN'),
      holds(s) {
        for (let j = 0; j < J; j++) {
          if (s[f.G_ACC + j] !== 1) continue;
          const e = s[f.G_JEPOCH + j];
          if (e === 0 || s[f.G_JGEN + j] !== s[f.G_SPLITGEN + e]) return false;
        }
        return true;
      },
    },
    {
      id: 'E-S7',
      reads: at('G_REP', 'TAPE'),
      holds(s) {
        for (let j = 0; j < J; j++) {
          if (!success(s, j)) continue;
          for (let b = lo[j]; b < hi[j]; b++) if (s[f.TAPE + j * N + b] < 0) return false;
        }
        return true;
      },
    },
    {
      id: 'E-S8',
      reads: at('PAIR', 'STAT_P', 'STAT_S', 'DIFF'),
      holds(s) {
        const p = s[f.PAIR];
        if (inSplit(p) && s[f.STAT_P] !== VS_SPLIT) return false;
        if ((p === PAIR_SPLIT_PENDING) !== (s[f.STAT_S] === VS_PENDING)) return false;
        if (s[f.STAT_S] === VS_SPLIT) for (let b = 0; b < N; b++) if (s[f.DIFF + b]) return false;
        return true;
      },
    },
    {
      id: 'I-S1',
      reads: at('G_JEPOCH', 'TAPE', 'G_HI', 'G_WLEN'),
      holds(s) {
        for (let j = 0; j < J; j++) {
          const e = s[f.G_JEPOCH + j];
          if (e === 0) continue;
          for (let b = lo[j]; b < hi[j]; b++) if (postSplit(s, s[f.TAPE + j * N + b], e)) return false;
        }
        return true;
      },
    },
    {
      id: 'I-S3',
      reads: at('PAIR', 'DIFF', 'CHGS', 'S', 'GSI'),
      holds(s) {
        if (!inSplit(s[f.PAIR])) return true;
        for (let b = 0; b < N; b++) if (!s[f.DIFF + b] && !s[f.CHGS + b] && s[f.S + b] !== s[f.GSI + b]) return false;
        return true;
      },
    },
    {
      id: 'I-S5',
      reads: at('PAIR', 'DIFF', 'CACHE', 'DISK', 'GSI'),
      holds(s) {
        if (s[f.PAIR] !== PAIR_SPLIT_PENDING) return true;
        for (let b = 0; b < N; b++) if (s[f.DIFF + b] && pHat(s, b) !== s[f.GSI + b]) return false;
        return true;
      },
    },
    {
      id: 'I-S6',
      reads: at('G_LASTACK', 'G_LASTRECV', 'CACHE', 'DISK', 'G_WLEN', 'G_WLO'),
      holds(s) {
        const acked = s[f.G_LASTACK];
        const sent = s[f.G_LASTRECV];
        for (let b = 0; b < N; b++) {
          const v = pHat(s, b);
          if (v === image(s, acked, b)) continue;
          if (sent > acked && v === sent && s[f.G_WLO + sent] <= b && b < s[f.G_WLO + sent] + s[f.G_WLEN + sent]) continue;
          return false;
        }
        return true;
      },
    },
    {
      id: 'I-S7',
      reads: at('G_SPLITS', 'G_SREAD', 'G_WLEN', 'G_WLO', 'G_LO', 'G_HI'),
      holds(s) {
        for (let e = 1; e <= s[f.G_SPLITS]; e++) {
          for (let b = 0; b < N; b++) {
            const r = s[f.G_SREAD + e * N + b];
            if (r === 0) continue;
            const v = r - 1;
            if (v > 0 && v <= W && s[f.G_WLEN + v] < 0 && s[f.G_WLO + v] === b) continue; // a host write to S
            let ok = false;
            for (let k = s[f.G_LO + e]; k <= s[f.G_HI + e] && !ok; k++) ok = v === image(s, k, b);
            if (!ok) return false;
          }
        }
        return true;
      },
    },
    {
      id: 'I-S8',
      reads: at('PAIR', 'DIFF', 'S', 'CACHE', 'DISK'),
      holds(s) {
        if (!duplexLike(s[f.PAIR])) return true;
        for (let b = 0; b < N; b++) if (!s[f.DIFF + b] && s[f.S + b] !== pHat(s, b)) return false;
        return true;
      },
    },
    {
      id: 'I-S10',
      reads: at('PAIR', 'G_JEPOCH', 'G_SPLITS', 'G_JGEN', 'G_GEN', 'STAGE', 'GSI'),
      holds(s) {
        if (emb !== 'E3' || !inSplit(s[f.PAIR])) return true;
        for (let j = 0; j < J; j++) {
          if (s[f.G_JEPOCH + j] !== s[f.G_SPLITS] || s[f.G_JGEN + j] !== s[f.G_GEN]) continue;
          for (let b = lo[j]; b < hi[j]; b++) {
            const v = s[f.STAGE + j * N + b];
            if (v >= 0 && v !== s[f.GSI + b]) return false;
          }
        }
        return true;
      },
    },
    {
      id: 'I-S12',
      reads: at('PAIR', 'G_SPLITS', 'G_LO', 'G_HI', 'GSI', 'G_WLEN', 'G_WLO'),
      holds(s) {
        if (!inSplit(s[f.PAIR])) return true;
        const e = s[f.G_SPLITS];
        for (let k = s[f.G_LO + e]; k <= s[f.G_HI + e]; k++) {
          let ok = true;
          for (let b = 0; b < N && ok; b++) ok = s[f.GSI + b] === image(s, k, b);
          if (ok) return true;
        }
        return false;
      },
    },
    {
      id: 'I-S14',
      reads: at('G_SW', 'G_SWGEN', 'G_GEN', 'S'),
      holds(s) {
        for (let b = 0; b < N; b++) {
          const t = s[f.G_SW + b];
          if (t !== 0 && s[f.G_SWGEN + b] === s[f.G_GEN] && s[f.S + b] !== t) return false;
        }
        return true;
      },
    },
    {
      id: 'I-S15',
      reads: at('G_REP', 'G_JEPOCH', 'G_SW', 'G_SWGEN', 'G_JGEN', 'G_JTAGS', 'TAPE'),
      holds(s) {
        for (let a = 0; a < J; a++) {
          if (!success(s, a)) continue;
          for (let c = a + 1; c < J; c++) {
            if (!success(s, c) || s[f.G_JEPOCH + a] !== s[f.G_JEPOCH + c]) continue;
            for (let b = Math.max(lo[a], lo[c]); b < Math.min(hi[a], hi[c]); b++) {
              if (hostWroteS(s, a, b) || hostWroteS(s, c, b)) continue;
              if (s[f.TAPE + a * N + b] !== s[f.TAPE + c * N + b]) return false;
            }
          }
        }
        return true;
      },
    },
    { id: 'E-L3', reads: at('SPLIT_WAIT'), holds: (s) => s[f.SPLIT_WAIT] === 0 },
    {
      id: 'I-L4',
      reads: at('J_WORK', 'J_BOUND', 'G_ACC'),
      holds(s) {
        if (emb !== 'E1' && emb !== 'E1-unit' && emb !== 'E4') return true;
        for (let j = 0; j < J; j++) if (s[f.J_WORK + j] > s[f.J_BOUND + j] && s[f.G_ACC + j] === 1) return false;
        return true;
      },
    },
    { id: 'I-L8', reads: at('Q_BLOCKED'), holds: (s) => s[f.Q_BLOCKED] === 0 },
  ];

  // Counters in the ghost record only grow.
  const grows = [f.G_LASTACK, f.G_LASTRECV, f.G_SPLITS, f.G_GEN];
  const ghost = ghostIntegrity('G-ghost', [
    ...Array.from({ length: W }, (_, t) => ({ offset: f.G_WLEN + t + 1, finalFrom: 1 })),
    ...Array.from({ length: J }, (_, j) => [
      { offset: f.G_ACC + j, finalFrom: 1 },
      { offset: f.G_REP + j, finalFrom: 1 },
      { offset: f.G_JEPOCH + j, finalFrom: 1 },
      { offset: f.G_JTAGS + j, finalFrom: 1 },
    ]).flat(),
    ...Array.from({ length: (model.k.E + 1) * N }, (_, x) => ({ offset: f.G_SREAD + x, finalFrom: 1 })),
    ...Array.from({ length: model.k.E }, (_, e) => [
      { offset: f.G_HI + e + 1, finalFrom: 1 },
      { offset: f.G_SPLITGEN + e + 1, finalFrom: 1 },
    ]).flat(),
    ...Array.from({ length: 6 }, (_, r) => ({ offset: f.G_REJ + r, finalFrom: 1 })),
  ], { grows });

  const step: StepCheck[] = [
    {
      id: 'E-S2',
      holds(prev, c) {
        if (type(c) !== T.TRANSFER || !sSourced || emb === 'E2-poll' || emb === 'E2') return true;
        const j = arg(c);
        return prev[f.DIFF + lo[j] + prev[f.J_CUR + j]] === 0;
      },
    },
    {
      id: 'E-S3',
      on: [T.TRANSFER],
      holds(prev, c, next) {
        if (type(c) !== T.TRANSFER || (emb !== 'E2' && emb !== 'E2-poll')) return true;
        // A transfer copies nothing, so the differences are the same on both sides of it.
        for (let b = 0; b < N; b++) if (prev[f.DIFF + b] || next[f.DIFF + b]) return false;
        return true;
      },
    },
    {
      id: 'E-S4',
      on: emb === 'E3' ? [T.TRANSFER, T.STAGE, T.STAGE_READ] : [],
      holds(prev, c, next) {
        if (emb !== 'E3') return true;
        const j = arg(c);
        if (type(c) === T.TRANSFER) {
          for (let b = lo[j]; b < hi[j]; b++) if (prev[f.STAGE + j * N + b] < 0) return false;
          const b = lo[j] + prev[f.J_CUR + j];
          return next[f.TAPE + j * N + b] === prev[f.STAGE + j * N + b];
        }
        if (type(c) === T.STAGE || type(c) === T.STAGE_READ) {
          const b = lo[j] + prev[f.J_CUR + j];
          const v = next[f.STAGE + j * N + b];
          if (v === prev[f.STAGE + j * N + b]) return true; // a check step reads nothing
          return v === (prev[f.DIFF + b] ? pHat(prev, b) : prev[f.S + b]);
        }
        return true;
      },
    },
    {
      id: 'E-S5',
      watches: at('G_SPLITS'),
      holds(prev, _c, next) {
        if (next[f.G_SPLITS] === prev[f.G_SPLITS]) return true;
        if (next[f.STAT_P] !== VS_SPLIT) return false;
        for (let b = 0; b < N; b++) if (next[f.DIFF + b] !== prev[f.DIFF + b]) return false;
        return true;
      },
    },
    {
      id: 'E-S9',
      watches: at('G_LASTACK'),
      holds(prev, c, next) {
        if (next[f.G_LASTACK] === prev[f.G_LASTACK]) return true;
        if (type(c) !== T.APPLY) return false;
        const t = next[f.G_LASTACK];
        for (let b = next[f.G_WLO + t]; b < next[f.G_WLO + t] + next[f.G_WLEN + t]; b++) if (next[f.CACHE + b] !== t) return false;
        return true;
      },
    },
    {
      id: 'I-S2',
      watches: at('S'),
      holds(prev, c, next) {
        if (!inSplit(prev[f.PAIR]) || !inSplit(next[f.PAIR]) || type(c) === T.S_WRITE) return true;
        for (let b = 0; b < N; b++) if (next[f.S + b] !== prev[f.S + b] && next[f.S + b] !== prev[f.GSI + b]) return false;
        return true;
      },
    },
    {
      id: 'I-S4',
      watches: at('DIFF'),
      holds(prev, _c, next) {
        if (prev[f.PAIR] !== PAIR_SPLIT_PENDING || next[f.PAIR] !== PAIR_SPLIT_PENDING) return true;
        for (let b = 0; b < N; b++) if (next[f.DIFF + b] > prev[f.DIFF + b]) return false;
        return true;
      },
    },
    {
      id: 'I-S9',
      watches: at('S'),
      holds(prev, c, next) {
        if (type(c) === T.S_WRITE || type(c) === T.DELETE) return true;
        for (let b = 0; b < N; b++) if (next[f.S + b] !== prev[f.S + b] && next[f.S + b] !== pHat(prev, b)) return false;
        return true;
      },
    },
    {
      id: 'I-S11',
      watches: at('G_GEN'),
      holds(prev, _c, next) {
        if (next[f.G_GEN] === prev[f.G_GEN] || next[f.PAIR] === prev[f.PAIR]) return true;
        const resyncOrDelete = next[f.PAIR] === PAIR_RESYNC || next[f.PAIR] === PAIR_SIMPLEX;
        if (!resyncOrDelete) return true;
        for (let j = 0; j < J; j++) if (jobActive(prev, j)) return false;
        return true;
      },
    },
    {
      id: 'I-S13',
      on: [T.SPLIT],
      holds(prev, c, next) {
        if (type(c) !== T.SPLIT || !inSplit(prev[f.PAIR])) return true;
        for (let b = 0; b < N; b++) if (next[f.GSI + b] !== prev[f.GSI + b] || next[f.DIFF + b] !== prev[f.DIFF + b] || next[f.S + b] !== prev[f.S + b]) return false;
        for (let j = 0; j < J; j++) if (next[f.J_ST + j] !== prev[f.J_ST + j]) return false;
        return next[f.PAIR] === prev[f.PAIR] && next[f.G_SPLITS] === prev[f.G_SPLITS];
      },
    },
    ghost,
    {
      id: 'E-L6',
      on: emb === 'E3' ? [T.STAGE, T.STAGE_READ, T.TRANSFER, T.REPORT] : [],
      holds(prev, c, next) {
        if (emb !== 'E3') return true;
        const t = type(c);
        if (t === T.STAGE || t === T.STAGE_READ || t === T.TRANSFER || t === T.REPORT) {
          for (let b = 0; b < N; b++) if (next[f.S + b] !== prev[f.S + b]) return false;
          const j = arg(c);
          if (next[f.J_WORK + j] > next[f.J_BOUND + j]) return false;
        }
        return true;
      },
    },
  ];

  const seen = (s: State, bit: number): boolean => (s[f.SEEN] & bit) !== 0;
  const fault = (s: State, bit: number): boolean => (s[f.FAULT_SEEN] & bit) !== 0;
  const anyRep = (s: State, v: number): boolean => {
    for (let j = 0; j < J; j++) if (s[f.G_REP + j] === v) return true;
    return false;
  };
  const sometimes: SometimesCheck[] = [
    {
      id: 'W-backup-while-dirty',
      reached(s) {
        for (let j = 0; j < J; j++) if (success(s, j) && s[f.J_DIRTY + j]) return true;
        return false;
      },
    },
    { id: 'W-early-ack', reached: (s) => seen(s, SEEN.EARLY_ACK) },
    { id: 'W-cow', reached: (s) => seen(s, SEEN.COW) },
    { id: 'W-hold', reached: (s) => seen(s, SEEN.HOLD) && s[f.HW_TAG] === 0 },
    {
      id: 'W-post-split',
      reached(s) {
        for (let j = 0; j < J; j++) if (jobActive(s, j) && s[f.G_JEPOCH + j] > 0 && s[f.G_LASTACK] > s[f.G_HI + s[f.G_JEPOCH + j]]) return true;
        return false;
      },
    },
    {
      id: 'W-two-jobs',
      reached(s) {
        for (let a = 0; a < J; a++)
          for (let c = a + 1; c < J; c++)
            if (success(s, a) && success(s, c) && s[f.G_JEPOCH + a] === s[f.G_JEPOCH + c] && Math.max(lo[a], lo[c]) < Math.min(hi[a], hi[c])) return true;
        return false;
      },
    },
    {
      id: 'W-torn-window',
      reached(s) {
        for (let e = 1; e <= s[f.G_SPLITS]; e++) {
          const h = s[f.G_HI + e];
          if (h > s[f.G_LO + e] && s[f.G_WLEN + h] === 2) return true;
        }
        return false;
      },
    },
    { id: 'W-s-read-copy', reached: (s) => seen(s, SEEN.COPY_ON_READ) },
    {
      id: 'W-s-write',
      reached(s) {
        for (let b = 0; b < N; b++) if (s[f.G_SW + b] !== 0) return true;
        return false;
      },
    },
    { id: 'W-s-write-refused', reached: (s) => s[f.G_REJ + REJ.S_WRITE] === 1 },
    {
      id: 'W-resync-after-backup',
      reached(s) {
        if (s[f.PAIR] !== PAIR_PAIR || s[f.RESYNCS] === 0) return false;
        for (let j = 0; j < J; j++) if (success(s, j) && s[f.G_GEN] > s[f.G_JGEN + j]) return true;
        return false;
      },
    },
    { id: 'W-resync-refused', reached: (s) => s[f.G_REJ + REJ.RESYNC] === 1 || s[f.G_REJ + REJ.DELETE] === 1 },
    { id: 'W-delete', reached: (s) => s[f.DELETES] > 0 && s[f.G_REJ + REJ.DELETE] === 0 && s[f.PAIR] === PAIR_SIMPLEX },
    { id: 'W-backup-too-early', reached: (s) => s[f.G_REJ + REJ.EARLY] === 1 },
    { id: 'W-bad-range', reached: (s) => s[f.G_REJ + REJ.RANGE] === 1 },
    { id: 'W-split-refused', reached: (s) => s[f.G_REJ + REJ.SPLIT] === 1 },
    { id: 'W-dup-split', reached: (s) => s[f.G_DUP_SPLIT] === 1 },
    { id: 'W-tape-error', reached: (s) => fault(s, FAULT_BIT.tapeError) && anyRep(s, 2) },
    { id: 'W-p-read-error', reached: (s) => fault(s, FAULT_BIT.pReadError) && anyRep(s, 2) },
    { id: 'W-s-read-error', reached: (s) => fault(s, FAULT_BIT.sReadError) && anyRep(s, 2) },
    { id: 'W-mem-loss', reached: (s) => fault(s, FAULT_BIT.memLoss) && s[f.PAIR] !== PAIR_SPLIT && s[f.G_SPLITS] > 0 },
    { id: 'W-abort', reached: (s) => fault(s, FAULT_BIT.abort) && anyRep(s, 3) },
    { id: 'W-crash-result', reached: (s) => fault(s, FAULT_BIT.serverCrash) && s[f.G_ACC] === 1 && s[f.G_REP] !== 0 },
    { id: 'W-timeout', reached: (s) => emb === 'E4' && s[f.CLI] === CLIENT_TIMED_OUT },
    { id: 'W-false-timeout', reached: (s) => seen(s, SEEN.FALSE_TIMEOUT) && success(s, 0) },
    { id: 'W-lost-resume', reached: (s) => fault(s, FAULT_BIT.lostResume) },
    { id: 'W-poll-pending', reached: (s) => seen(s, SEEN.POLLED_PENDING) && success(s, 0) },
    { id: 'W-stage-from-p', reached: (s) => seen(s, SEEN.STAGE_FROM_P) && anyRep(s, 1) },
    { id: 'W-priority', reached: (s) => seen(s, SEEN.PRIORITY) && anyRep(s, 1) },
    { id: 'W-wait-all', reached: (s) => seen(s, SEEN.WAIT_ALL) && anyRep(s, 1) },
    { id: 'W-split-in-formation', reached: (s) => seen(s, SEEN.SPLIT_IN_FORMATION) },
    { id: 'W-e4-cycle', reached: (s) => emb === 'E4' && success(s, 0) && s[f.CLI] === CLIENT_RUNNING && s[f.G_SPLITS] > 0 },
    { id: 'W-drained', reached: (s) => seen(s, SEEN.EARLY_ACK) && s[f.PAIR] === PAIR_SPLIT && s[f.STAT_S] === VS_SPLIT },
    {
      id: 'W-update-copy',
      reached(s) {
        if (s[f.PAIR] !== PAIR_PAIR) return false;
        for (let b = 0; b < N; b++) if (s[f.DIFF + b]) return true;
        return false;
      },
    },
  ];

  const eventually: EventuallyCheck[] = [
    { id: 'E-L1', converged: (s) => s[f.PAIR] !== PAIR_SPLIT_PENDING && s[f.STAT_S] !== VS_PENDING },
    {
      id: 'E-L2',
      converged(s) {
        for (let j = 0; j < J; j++) if (s[f.G_ACC + j] === 1 && s[f.G_REP + j] === 0) return false;
        return true;
      },
    },
    {
      id: 'I-L9',
      converged(s) {
        for (let j = 0; j < J; j++) if (jobActive(s, j) || s[f.J_ST + j] === JS.transferDone) return false;
        return true;
      },
    },
    { id: 'L-resume', converged: (s) => emb !== 'E4' || s[f.CLI] !== CLIENT_QUIESCED },
  ];

  return { always, step, sometimes, eventually };
}
