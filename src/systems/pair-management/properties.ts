// What each `pair-management` property says (the spec, the report and `rcv list` read this), and the
// checks over the model's state vector. IDs are seed-notes/003.md's (N-P Nagashima's claims, J-P
// JP 2001-318833, I inferred, L progress); witness IDs (W-...), R-keep and G-ghost are ours. "N-cl.n"
// cites Nagashima's claim n as the petition summarises it; 【nnnn】 cites JP 2001-318833.
import type { AlwaysCheck, EventuallyCheck, PropertyInfo, SometimesCheck, State, StepCheck } from '../../engine/contract.js';
import { ghostIntegrity } from '../../engine/ghost.js';
import { fieldPositions } from '../../engine/layout.js';
import { END, HIST, HIT, KIND, SEEN, T, actionType, argA, argB, argC, type PairManagementModel } from './model.js';

const o = (id: string, statement: string, ref: string, basis: 'explicit' | 'inferred', kind: 'always' | 'step' | 'eventually'): PropertyInfo => ({ id, statement, ref, basis, kind, category: 'outcome' });
const m = (id: string, statement: string, ref: string, basis: 'explicit' | 'inferred', kind: 'always' | 'step' | 'eventually'): PropertyInfo => ({ id, statement, ref, basis, kind, category: 'mechanism' });
const w = (id: string, statement: string, witnessFor: string[], ref = 'witness'): PropertyInfo => ({ id, statement, ref, basis: 'inferred', kind: 'sometimes', witnessFor });

/** The scenarios of the guarantee matrix and how a request of each is recognised in the operator's log. */
export const SCENARIOS = ['C1', 'C2', 'C3', 'C5', 'C9', 'C15', 'F19', 'F20'] as const;
export type Scenario = (typeof SCENARIOS)[number];
export type Outcome = 'lost' | 'warned' | 'protected';

const SCENARIO_TEXT: Record<Scenario, string> = {
  C1: 'a resync onto a split sub-volume a host has mounted',
  C2: 'a new pair onto a pool volume a host has mounted',
  C3: 'a remote resync (claim 5) onto a sub-volume a host at the second site has mounted',
  C5: 'a request onto a volume a host mounted without registering it with the storage',
  C9: 'a user volume a host has mounted, re-typed into the pool and then selected',
  C15: 'a released copy a backup host still reads, selected again for a new pair',
  F19: 'a host mounting the destination after the request was made',
  F20: 'a host that wrote to the sub-volume and unmounted it before the resync',
};
const OUTCOME_TEXT: Record<Outcome, string> = {
  lost: 'the copy overwrote it with no warning',
  warned: 'the copy overwrote it after a warning the operator did not have to confirm',
  protected: 'the request was cancelled after a warning or refused, the volume untouched',
};
const SCENARIO_REF: Record<Scenario, string> = {
  C1: 'N-cl.1, N-cl.3, Pet.B.2',
  C2: 'N-cl.2',
  C3: 'N-cl.5',
  C5: 'Pet.B.4',
  C9: '【0083】【0122】, N-cl.2',
  C15: '【0077】【0021】, N-cl.2',
  F19: 'N-cl.1 (§7.4)',
  F20: 'N-cl.1 (§7.4)',
};
export const matrixWitness = (s: Scenario, x: Outcome): string => `W-${s}-${x}`;
const MATRIX: [Scenario, Outcome][] = [
  ...(['C1', 'C2', 'C3', 'C5', 'C9', 'C15'] as const).flatMap((s) => (['lost', 'warned', 'protected'] as const).map((x): [Scenario, Outcome] => [s, x])),
  ['F19', 'lost'],
  ['F19', 'protected'],
  ['F20', 'lost'],
];
const matrixFor = (s: Scenario, x: Outcome): string[] => {
  if (x === 'lost') return ['G-ghost'];
  const warn = s === 'C1' || s === 'C3' || s === 'C5' || s === 'F20' || s === 'F19' ? 'N-P4' : 'N-P5';
  return x === 'warned' ? ['I-1', warn, 'I-2'] : s === 'F19' ? ['I-1'] : ['I-1', warn, 'I-3', 'I-17'];
};

export const properties: PropertyInfo[] = [
  o('I-1', 'No copy write changes a volume a host has mounted unless the operator was warned about that volume for the request that started the copy; under WARN_AND_CONFIRM the operator also confirmed', 'N-cl.1, N-cl.2, N-cl.3, 【0006】', 'inferred', 'step'),
  o('N-P1', 'In the pair condition the sub-volume holds what the primary holds (remote: once nothing is in flight to the second storage)', 'N-cl.1, N-cl.5, 【0006】【0042】', 'explicit', 'always'),
  o('N-P2', 'In the split condition a host write to the primary does not reach the sub-volume', 'N-cl.1, 【0007】', 'explicit', 'step'),
  m('N-P3', 'A mount inquiry goes to every host that can access the volume the request overwrites', 'N-cl.1, N-cl.2', 'explicit', 'step'),
  o('N-P4', 'A resync for which a host answered "mounted" is not executed before the UI warned about the volume, naming that host', 'N-cl.1, N-cl.3, N-cl.5', 'explicit', 'always'),
  o('N-P5', 'A new pair (or an attribute change into the pool) for which a host answered "mounted" is not executed before the UI warned, naming that host', 'N-cl.2', 'explicit', 'always'),
  o('N-P6', 'When a resync ends, the sub-volume holds what the primary holds', 'N-cl.1 (Pet.B.5), 【0006】', 'explicit', 'step'),
  m('N-P7', 'The difference copy of a resync writes the sub-volume only and never the primary', 'N-cl.1 (Pet.B.5)', 'explicit', 'step'),
  m('J-P1', 'A destination the subsystem selects (or, Emb. 2, accepts) is a free pool volume: SECONDARY and unpaired (UNUSED)', '【0067】【0072】【0148】【0152】', 'explicit', 'step'),
  m('J-P2', 'Selection: equal capacity first; a larger volume only when no equal one is free and the condition is not SAME_CAPACITY; never a smaller one (Emb. 3: the smaller one extended; Emb. 2: the host\'s pick at least as large)', '【0047】【0067】【0070】【0072】【0154】', 'explicit', 'step'),
  m('J-P3', 'An accepted create flags the destination paired and records a pair entry with the copy pointer at 0', '【0069】【0111】', 'explicit', 'step'),
  m('J-P4', 'A create with no usable destination changes no volume or pair information', '【0071】【0072】', 'explicit', 'step'),
  m('J-P5', 'No split from duplex pending', '【0044】', 'explicit', 'step'),
  m('J-P6', 'An attribute change on a paired volume (Emb. 2: to NORMAL on an IN_USE volume) leaves the volume information unchanged', '【0081】【0082】【0123】【0124】', 'explicit', 'step'),
  m('J-P7', 'An accepted release deletes the pair entry, unflags the sub-volume and gives it the attribute the release asked for (SECONDARY back to the pool, or NORMAL)', '【0077】【0078】【0116】', 'explicit', 'step'),
  m('J-P8', 'A status report returns the pair entry of the primary: its sub-volume and pair state (none: no pair)', '【0087】', 'explicit', 'step'),
  m('J-P9', 'Emb. 2: a volume is IN_USE exactly when it is the sub-volume of a pair, UNUSED exactly when it is SECONDARY and not', '【0099】', 'explicit', 'always'),
  m('J-P10', 'Emb. 2: the secondary-volume report lists exactly the UNUSED volumes', '【0132】', 'explicit', 'step'),
  m('J-P11', 'Emb. 3: once its copy has started, a sub-volume has exactly its primary\'s capacity', '【0024】【0154】【0155】', 'explicit', 'always'),
  o('J-P12', 'While split, a read of the sub-volume returns the replica as of the split (remote: what the second storage held), except blocks a host wrote there since', '【0007】【0043】', 'explicit', 'always'),
  m('J-P13', 'In duplex and duplex pending a host write to the primary is applied to the sub-volume too (below the copy pointer)', '【0006】【0041】【0042】', 'explicit', 'step'),
  m('J-P14', 'The copy pointer stays within the primary\'s capacity and is complete in every state after duplex pending', '【0038】【0042】', 'explicit', 'always'),
  o('J-P15', 'No copy write lands on a volume the operator was last told is NORMAL (a user volume, a replica released as NORMAL, a volume taken out of the pool)', '【0033】【0099】【0125】', 'explicit', 'step'),
  o('I-2', 'A warning names only hosts that answered "mounted" or never answered (UNKNOWN), and at least one', 'N-cl.1 (F18)', 'inferred', 'always'),
  o('I-3', 'A cancelled request leaves its volume\'s data as it was, the pair split (resync) or absent (create)', 'N-cl.1, N-cl.2', 'inferred', 'step'),
  m('I-4', 'While split, every block where the primary and the sub-volume differ is in the difference information, whichever side was written', 'N-cl.1 (Pet.B.5), 【0007】', 'inferred', 'always'),
  m('I-5', 'The resync copies only blocks in the difference information, clears each as it copies it, and ends with none left', 'N-cl.1 (Pet.B.5)', 'inferred', 'step'),
  m('I-6', 'No volume is the sub-volume of two pairs', '【0022】【0067】', 'inferred', 'always'),
  m('I-7', 'No pair has its primary as its sub-volume, and no primary is another pair\'s sub-volume', '【0067】【0087】', 'inferred', 'always'),
  m('I-8', 'Emb. 1, 3: a volume\'s pair presence flag is set exactly when it is the primary or the sub-volume of a pair', '【0033】【0069】【0077】', 'inferred', 'always'),
  m('I-9', 'A sub-volume is SECONDARY while its pair exists', '【0033】【0081】', 'inferred', 'always'),
  m('I-10', 'A sub-volume is at least as large as its primary (Emb. 3: once fitted)', '【0016】【0017】', 'inferred', 'always'),
  m('I-11', 'A volume in the free pool is no pair\'s primary or sub-volume', '【0021】【0067】', 'inferred', 'always'),
  m('I-12', 'Emb. 3: every physical area belongs to exactly one volume or to the unallocated list, and a primary\'s areas never move', '【0141】【0144】', 'inferred', 'always'),
  m('I-13', 'Emb. 3: a trim keeps the first blocks of the destination and frees only those beyond the primary\'s capacity', '【0155】', 'inferred', 'step'),
  m('I-14', 'In duplex pending the blocks below the copy pointer hold the primary\'s content', '【0038】【0041】', 'inferred', 'always'),
  m('I-15', 'A release takes effect only when it names the pair\'s own sub-volume and the pair is duplex or split', '【0060】【0077】', 'inferred', 'step'),
  o('I-16', 'Remote: in the pair condition the sub-volume holds the primary\'s content after some prefix of the host\'s writes', 'N-cl.5', 'inferred', 'always'),
  o('I-17', 'An attribute change puts a volume a host has mounted into the pool only after a warning (and under WARN_AND_CONFIRM a confirmation)', 'N-cl.2, 【0083】【0122】', 'inferred', 'step'),
  o('R-keep', 'A replica released as a NORMAL volume (kept) holds its primary\'s content (duplex) or the split replica', '【0052】【0078】', 'inferred', 'step'),
  o('G-ghost', 'The operator\'s and the hosts\' record (requests, answers, warnings, confirmations, attributes told, writes) is only ever added to', '【0087】', 'inferred', 'step'),
  o('L-1', 'Without new requests a pair in duplex pending reaches duplex', '【0038】【0042】', 'inferred', 'eventually'),
  o('L-2', 'Without new requests a resync that was not cancelled reaches the pair condition', 'N-cl.1', 'inferred', 'eventually'),
  m('L-3', 'The managing computer never stays in the inquiry or in the execution of a request: every host answers or times out', 'N-cl.3', 'inferred', 'eventually'),
  ...MATRIX.map(([s, x]) => w(matrixWitness(s, x), `${s}: ${SCENARIO_TEXT[s]}; ${OUTCOME_TEXT[x]}`, matrixFor(s, x), SCENARIO_REF[s])),
  w('W-confirmed-overwrite', 'The operator confirmed a warned request and its copy overwrote the mounted volume (the operator\'s informed choice)', ['I-1', 'N-P4', 'N-P5', 'I-2'], 'N-cl.3'),
  w('W-unknown', 'A host never answered; the warning named it as UNKNOWN', ['I-2', 'N-P3'], 'N-cl.1 (F18)'),
  w('W-inquiry', 'A mount inquiry went to a host that can access the volume', ['N-P3'], 'N-cl.1'),
  w('W-resync-done', 'A resync ended after both the primary and the sub-volume were written during the split', ['N-P6', 'I-5', 'N-P7', 'I-4'], 'N-cl.1 (Pet.B.5)'),
  w('W-split-diverged', 'A split pair whose primary was written after the split', ['J-P12', 'I-4', 'N-P2'], '【0007】'),
  w('W-update-copy', 'A host write to the primary of a duplex pair', ['N-P1', 'J-P13'], '【0006】'),
  w('W-formation-write', 'A host write below the copy pointer during the formation copy', ['I-14', 'J-P13', 'J-P14'], '【0006】【0041】'),
  w('W-select-equal', 'A create selected a pool volume of the primary\'s capacity', ['J-P1', 'J-P2', 'J-P3', 'I-10', 'I-9', 'I-6', 'I-7', 'I-8', 'I-11'], '【0067】'),
  w('W-select-larger', 'A create selected a larger pool volume because no equal one was free', ['J-P1', 'J-P2', 'J-P3', 'I-10'], '【0072】'),
  w('W-pair', 'A pair in the pair condition whose operator record holds a request or a write', ['N-P1', 'J-P14', 'J-P15', 'I-6', 'I-7', 'I-8', 'I-9', 'I-10', 'I-11', 'G-ghost'], '【0042】'),
  w('W-formation-copy', 'A formation copy part done: the copy pointer between 0 and the primary\'s capacity', ['I-14', 'J-P14', 'J-P13'], '【0038】'),
  w('W-same-refused', 'A SAME_CAPACITY create refused although a larger pool volume was free (F1)', ['J-P2', 'J-P4'], '【0070】【0071】'),
  w('W-no-candidate', 'A create refused: no pool volume at least as large (F2, F3)', ['J-P4', 'J-P2'], '【0072】'),
  w('W-self-excluded', 'A create for a SECONDARY primary that was itself a free pool volume of its capacity selected another volume (C8)', ['I-7', 'J-P1'], '【0067】'),
  w('W-split-refused', 'A split in duplex pending was refused (F7)', ['J-P5', 'J-P14'], '【0044】'),
  w('W-release-refused', 'A release in duplex pending, or naming the wrong sub-volume, was refused (F8, F9)', ['I-15', 'J-P7'], '【0060】'),
  w('W-wrong-release', 'A release named a volume that is not the pair\'s sub-volume (C14 premise)', ['I-15', 'I-8', 'I-11'], '【0077】'),
  w('W-release-normal', 'A replica was released as a NORMAL volume and kept', ['R-keep', 'J-P7', 'J-P15'], '【0078】'),
  w('W-release-pool', 'A sub-volume was released back to the pool', ['J-P7', 'I-11', 'I-8'], '【0077】'),
  w('W-status', 'A status report returned an existing pair', ['J-P8'], '【0087】'),
  w('W-status-none', 'A status report for a primary with no pair (F21)', ['J-P8'], '【0087】'),
  w('W-retype-refused', 'An attribute change on a paired volume was refused (F6)', ['J-P6'], '【0082】'),
  w('W-retype-pool', 'A user volume was re-typed into the pool', ['I-17', 'J-P15', 'I-11', 'N-P5'], '【0083】'),
  w('W-retype-normal', 'A pool volume was taken out of the pool (re-typed NORMAL)', ['J-P15', 'J-P6'], '【0083】【0125】'),
  w('W-revalidate', 'Emb. 2: a host\'s pick was no longer usable and the create was refused (F10, F11)', ['J-P1', 'J-P4', 'J-P9', 'I-6'], '【0111】'),
  w('W-two-picks', 'Emb. 2: two hosts held the same pool volume in their reports and one of them had taken it', ['I-6', 'J-P9', 'J-P10'], '【0103】【0104】'),
  w('W-report', 'Emb. 2: a host received a report listing an unused volume', ['J-P10', 'J-P9'], '【0132】'),
  w('W-trim', 'Emb. 3: a larger pool volume was trimmed to the primary\'s capacity', ['J-P11', 'I-12', 'I-13'], '【0155】'),
  w('W-extend', 'Emb. 3: a smaller pool volume was extended from the unallocated areas', ['J-P11', 'I-12'], '【0154】'),
  w('W-in-flight', 'Remote: two host writes in flight to the second storage at once', ['I-16', 'N-P1'], 'N-cl.5'),
  w('W-split-in-flight', 'Remote: the split found writes in flight and recorded them as differences', ['J-P12', 'I-4', 'I-16'], 'N-cl.5'),
  w('W-applied', 'Remote: a host write to the primary reached the second storage, the pair in the pair condition with nothing in flight', ['N-P1', 'I-16'], 'N-cl.5'),
  w('W-cancel', 'The operator cancelled a warned request', ['I-3'], 'N-cl.3'),
  w('W-mount-refused', 'A host\'s mount of a destination being checked or copied was refused (the fence)', ['I-1'], 'N-cl.1 (§7.4)'),
  w('W-two-pairs', 'Two pairs existed at once', ['I-6', 'I-7', 'I-8'], '【0022】'),
];

export function checks(model: PairManagementModel): { always: AlwaysCheck[]; step: StepCheck[]; sometimes: SometimesCheck[]; eventually: EventuallyCheck[] } {
  const { V, MC, PR, H, W, R, f, cfg, main, access } = model.k;
  const { read, cap, mounted, paired, inPool, attr } = model;
  // The fields each check reads or watches (incremental.ts): whole fields, since a volume, a pair or a request picks the word.
  const at = fieldPositions(f as unknown as Record<string, number>, model.stateSize);
  const emb = cfg.embodiment;
  const confirm = cfg.policy === 'WARN_AND_CONFIRM';
  const ps = (n: string): number => model.machines![0].table.states.indexOf(n);
  const PS = { simplex: ps('simplex'), newCheck: ps('newCheck'), newWarned: ps('newWarned'), initialCopy: ps('initialCopy'), pair: ps('pair'), split: ps('split'), resyncCheck: ps('resyncCheck'), resyncWarned: ps('resyncWarned'), resync: ps('resync') };
  const splitLike = (st: number): boolean => st === PS.split || st === PS.resyncCheck || st === PS.resyncWarned;
  const fitted = (st: number): boolean => st === PS.initialCopy || st === PS.pair || st === PS.resync || splitLike(st);
  const ORC_INQ = model.machines![3].table.states.indexOf('inquiring');
  const ORC_EXEC = model.machines![3].table.states.indexOf('executing');
  const ORC_WARN = model.machines![3].table.states.indexOf('warning');
  const type = actionType;
  const isMain = (v: number): boolean => main.includes(v);
  const subOf = (s: State, v: number): number => {
    for (let p = 0; p < PR; p++) if (s[f.SUB + p] === v) return p;
    return -1;
  };
  const changed = (a: State, b: State, v: number): boolean => {
    for (let x = 0; x < MC; x++) if (read(a, v, x) !== read(b, v, x)) return true;
    return false;
  };
  /** A host's own write to v in this step (or the production host's to a primary): not a copy write. */
  const ownWrite = (c: number, v: number): boolean => (type(c) === T.WRITE_VOL && argB(c) === v) || (type(c) === T.WRITE_MAIN && main[argA(c)] === v);
  /** The latest request of the given kinds on v, in the operator's log. */
  const latest = (s: State, v: number, retype: boolean): number => {
    for (let r = s[f.G_RN] - 1; r >= 0; r--) if (s[f.G_RVOL + r] === v + 1 && (s[f.G_RKIND + r] === KIND.RETYPE) === retype) return r;
    return -1;
  };
  const warnedOk = (s: State, r: number): boolean => r >= 0 && s[f.G_RWARN + r] === 1 && (!confirm || s[f.G_RCONF + r] === 1);
  const sameData = (s: State, a: number, b: number, n: number): boolean => {
    for (let x = 0; x < n; x++) if (read(s, a, x) !== read(s, b, x)) return false;
    return true;
  };
  const hostWrote = (s: State, v: number, b: number, x: number): boolean => x > 0 && x < 32 && s[f.G_HW + v * MC + b] === x;

  // ---- request classification for the guarantee matrix (ghost only) ----
  const registeredAt = (s: State, r: number): boolean => (s[f.G_RMNT + r] & ~s[f.G_RUNREG + r]) !== 0;
  const scenarioOf = (s: State, r: number): Scenario | undefined => {
    const kind = s[f.G_RKIND + r];
    const at = s[f.G_RMNT + r];
    if (at === 0) return undefined;
    if (!registeredAt(s, r)) return 'C5';
    const hist = s[f.G_RHIST + r];
    if (kind === KIND.RESYNC) return emb === 'remote' ? 'C3' : 'C1';
    if (kind === KIND.RETYPE) return 'C9';
    if (hist & HIST.RETYPED) return 'C9';
    if (hist & HIST.RELEASED) return 'C15';
    return 'C2';
  };
  const outcomeOf = (s: State, r: number): Outcome | undefined => {
    const end = s[f.G_REND + r];
    const hit = s[f.G_RHIT + r];
    if (end === END.CANCELLED || end === END.REFUSED) return hit ? undefined : 'protected';
    if (!(hit & HIT.MOUNTED)) return undefined;
    if (s[f.G_RWARN + r] === 0) return 'lost';
    return s[f.G_RCONF + r] === 0 ? 'warned' : undefined;
  };
  const matrixReached = (s: State, sc: Scenario, x: Outcome): boolean => {
    for (let r = 0; r < s[f.G_RN]; r++) {
      if (sc === 'F19') {
        if (s[f.G_RMNT + r] !== 0 || s[f.G_RKIND + r] === KIND.RETYPE) continue;
        if (x === 'lost' && s[f.G_RHIT + r] & HIT.MOUNTED && s[f.G_RWARN + r] === 0) return true;
        if (x === 'protected' && s[f.G_RFENCED + r] === 1 && s[f.G_REND + r] === END.EXECUTED && !(s[f.G_RHIT + r] & HIT.MOUNTED)) return true;
        continue;
      }
      if (sc === 'F20') {
        if (s[f.G_RKIND + r] === KIND.RESYNC && s[f.G_RHIT + r] & HIT.HOST_DATA && s[f.G_RWARN + r] === 0 && s[f.G_RMNT + r] === 0) return true;
        continue;
      }
      if (scenarioOf(s, r) === sc && outcomeOf(s, r) === x) {
        // C9 protected at the attribute change itself, or at the create that selected it.
        return true;
      }
    }
    return false;
  };

  const always: AlwaysCheck[] = [
    {
      id: 'N-P1',
      reads: at('AREA', 'MAP', 'PST', 'QLEN', 'SUB'),
      holds(s) {
        for (let p = 0; p < PR; p++) {
          if (s[f.PST + p] !== PS.pair || s[f.QLEN + p] !== 0) continue;
          const v = s[f.SUB + p];
          for (let b = 0; b < cap(s, main[p]); b++) if (read(s, v, b) !== read(s, main[p], b)) return false;
        }
        return true;
      },
    },
    {
      id: 'N-P4',
      reads: at('G_REND', 'G_RKIND', 'G_RN', 'G_RSAID', 'G_RWARN', 'G_RWHO'),
      holds: (s) => warnedBeforeExecuted(s, KIND.RESYNC),
    },
    {
      id: 'N-P5',
      reads: at('G_REND', 'G_RKIND', 'G_RN', 'G_RSAID', 'G_RWARN', 'G_RWHO'),
      holds: (s) => warnedBeforeExecuted(s, KIND.CREATE) && warnedBeforeExecuted(s, KIND.RETYPE),
    },
    {
      id: 'J-P9',
      reads: at('SUB', 'VST'),
      holds(s) {
        if (emb !== 'E2') return true;
        for (let v = 0; v < V; v++) {
          if (paired(s, v) !== subOf(s, v) >= 0) return false;
          if (inPool(s, v) !== (attr(s, v) === 1 && subOf(s, v) < 0)) return false;
        }
        return true;
      },
    },
    {
      id: 'J-P11',
      reads: at('MAP', 'PST', 'SUB'),
      holds(s) {
        if (emb !== 'E3') return true;
        for (let p = 0; p < PR; p++) if (s[f.SUB + p] >= 0 && fitted(s[f.PST + p]) && cap(s, s[f.SUB + p]) !== cap(s, main[p])) return false;
        return true;
      },
    },
    {
      id: 'J-P12',
      reads: at('AREA', 'G_FROZEN', 'G_HW', 'MAP', 'PST', 'SUB'),
      holds(s) {
        for (let p = 0; p < PR; p++) {
          if (!splitLike(s[f.PST + p])) continue;
          const v = s[f.SUB + p];
          for (let b = 0; b < cap(s, main[p]); b++) {
            const x = read(s, v, b);
            if (x !== s[f.G_FROZEN + p * MC + b] && !hostWrote(s, v, b, x)) return false;
          }
        }
        return true;
      },
    },
    {
      id: 'J-P14',
      reads: at('MAP', 'PST', 'PTR'),
      holds(s) {
        for (let p = 0; p < PR; p++) {
          const ptr = s[f.PTR + p];
          const c = cap(s, main[p]);
          if (ptr < 0 || ptr > c) return false;
          const st = s[f.PST + p];
          if ((st === PS.pair || st === PS.resync || splitLike(st)) && ptr !== c) return false;
        }
        return true;
      },
    },
    {
      id: 'I-2',
      reads: at('G_RN', 'G_RSAID', 'G_RSILENT', 'G_RWARN', 'G_RWHO'),
      holds(s) {
        for (let r = 0; r < s[f.G_RN]; r++) {
          if (s[f.G_RWARN + r] === 0) continue;
          const who = s[f.G_RWHO + r];
          if (who === 0 || (who & ~(s[f.G_RSAID + r] | s[f.G_RSILENT + r])) !== 0) return false;
        }
        return true;
      },
    },
    {
      id: 'I-4',
      reads: at('AREA', 'DIFF', 'MAP', 'PST', 'SUB'),
      holds(s) {
        for (let p = 0; p < PR; p++) {
          const st = s[f.PST + p];
          if (!splitLike(st) && st !== PS.resync) continue;
          const v = s[f.SUB + p];
          for (let b = 0; b < cap(s, main[p]); b++) if (read(s, v, b) !== read(s, main[p], b) && !(s[f.DIFF + p] & (1 << b))) return false;
        }
        return true;
      },
    },
    {
      id: 'I-6',
      reads: at('SUB'),
      holds(s) {
        for (let p = 0; p < PR; p++) for (let q = p + 1; q < PR; q++) if (s[f.SUB + p] >= 0 && s[f.SUB + p] === s[f.SUB + q]) return false;
        return true;
      },
    },
    {
      id: 'I-7',
      reads: at('SUB'),
      holds(s) {
        for (let p = 0; p < PR; p++) if (s[f.SUB + p] >= 0 && isMain(s[f.SUB + p])) return false;
        return true;
      },
    },
    {
      id: 'I-8',
      reads: at('SUB', 'VST'),
      holds(s) {
        if (emb === 'E2') return true;
        for (let v = 0; v < V; v++) {
          let member = false;
          for (let p = 0; p < PR; p++) if (s[f.SUB + p] >= 0 && (s[f.SUB + p] === v || main[p] === v)) member = true;
          if (paired(s, v) !== member) return false;
        }
        return true;
      },
    },
    {
      id: 'I-9',
      reads: at('SUB', 'VST'),
      holds(s) {
        for (let p = 0; p < PR; p++) if (s[f.SUB + p] >= 0 && attr(s, s[f.SUB + p]) !== 1) return false;
        return true;
      },
    },
    {
      id: 'I-10',
      reads: at('MAP', 'PST', 'SUB'),
      holds(s) {
        for (let p = 0; p < PR; p++) {
          const v = s[f.SUB + p];
          if (v < 0 || (emb === 'E3' && !fitted(s[f.PST + p]))) continue;
          if (cap(s, v) < cap(s, main[p])) return false;
        }
        return true;
      },
    },
    {
      id: 'I-11',
      reads: at('SUB', 'VST'),
      holds(s) {
        for (let v = 0; v < V; v++) {
          if (!inPool(s, v)) continue;
          for (let p = 0; p < PR; p++) if (s[f.SUB + p] === v || (s[f.SUB + p] >= 0 && main[p] === v)) return false;
        }
        return true;
      },
    },
    {
      id: 'I-12',
      reads: at('MAP', 'UNALLOC'),
      holds(s) {
        if (emb !== 'E3') return true;
        const A = model.k.A;
        let owned = s[f.UNALLOC];
        for (let v = 0; v < V; v++)
          for (let b = 0; b < MC; b++) {
            const a = s[f.MAP + v * MC + b];
            if (a < 0) {
              for (let c = b + 1; c < MC; c++) if (s[f.MAP + v * MC + c] >= 0) return false; // no holes
              break;
            }
            if (owned & (1 << a)) return false;
            owned |= 1 << a;
          }
        if (owned !== (1 << A) - 1) return false;
        for (const v of main) for (let b = 0; b < MC; b++) if (s[f.MAP + v * MC + b] !== model.start[f.MAP + v * MC + b]) return false;
        return true;
      },
    },
    {
      id: 'I-14',
      reads: at('AREA', 'MAP', 'PST', 'PTR', 'SUB'),
      holds(s) {
        if (emb === 'remote') return true;
        for (let p = 0; p < PR; p++) {
          if (s[f.PST + p] !== PS.initialCopy) continue;
          const v = s[f.SUB + p];
          for (let b = 0; b < s[f.PTR + p]; b++) if (read(s, v, b) !== read(s, main[p], b)) return false;
        }
        return true;
      },
    },
    {
      id: 'I-16',
      reads: at('AREA', 'G_WBLK', 'G_WVOL', 'MAP', 'PST', 'SUB', 'TAGS'),
      holds(s) {
        if (emb !== 'remote') return true;
        for (let p = 0; p < PR; p++) {
          if (s[f.PST + p] !== PS.pair) continue;
          const v = s[f.SUB + p];
          const mv = main[p];
          let some = false;
          for (let k = s[f.TAGS]; k >= 0 && !some; k--) {
            let ok = true;
            for (let b = 0; b < cap(s, mv) && ok; b++) ok = read(s, v, b) === model.image(model.start, s, mv, k, b);
            some = ok;
          }
          if (!some) return false;
        }
        return true;
      },
    },
  ];

  /** N-P4 / N-P5: an executed request of this kind for which a host answered "mounted" was warned, naming it. */
  function warnedBeforeExecuted(s: State, kind: number): boolean {
    for (let r = 0; r < s[f.G_RN]; r++) {
      if (s[f.G_RKIND + r] !== kind) continue;
      const said = s[f.G_RSAID + r];
      if (said === 0) continue;
      if (s[f.G_REND + r] === END.EXECUTED && (s[f.G_RWARN + r] !== 1 || (s[f.G_RWHO + r] & said) !== said)) return false;
    }
    return true;
  }

  // Masks that only gain members, and counters that only grow.
  const supersets = [
    ...Array.from({ length: R }, (_, r) => [f.G_RSAID + r, f.G_RSILENT + r, f.G_RHIT + r]).flat(),
    ...Array.from({ length: V }, (_, v) => f.G_HIST + v),
  ];
  const grows = [f.G_RN, ...Array.from({ length: PR }, (_, p) => f.G_FROZ + p), ...Array.from({ length: V * MC }, (_, i) => f.G_HW + i)];
  const ghost = ghostIntegrity('G-ghost', [
    ...Array.from({ length: W }, (_, t) => ({ offset: f.G_WVOL + t + 1, finalFrom: 1 })),
    ...Array.from({ length: R }, (_, r) => [
      { offset: f.G_RKIND + r, finalFrom: 1 },
      { offset: f.G_RVOL + r, finalFrom: 1 },
      { offset: f.G_RWARN + r, finalFrom: 1 },
      { offset: f.G_RCONF + r, finalFrom: 1 },
      { offset: f.G_REND + r, finalFrom: 1 },
      { offset: f.G_RFENCED + r, finalFrom: 1 },
      { offset: f.G_RWHO + r, finalFrom: 1 },
    ]).flat(),
    ...Array.from({ length: V }, (_, v) => ({ offset: f.G_ATTR + v, finalFrom: 3 })),
  ], { supersets, grows });
  // Recorded once with their request: these never change afterwards. Per position, the request it
  // belongs to; and the write whose block a G_WBLK position records.
  const fixed = Array.from({ length: R }, (_, r) => [f.G_RMNT + r, f.G_RUNREG + r, f.G_RHIST + r]).flat();
  const fixedOf = new Int32Array(model.stateSize).fill(-1);
  fixed.forEach((x, i) => (fixedOf[x] = Math.floor(i / 3)));
  const blockOf = new Int32Array(model.stateSize).fill(-1);
  for (let t = 1; t <= W; t++) blockOf[f.G_WBLK + t] = t;
  const frozenWatch = [...fixed, ...at('G_WBLK')];
  // Whether position o may change on a step from `prev`: not a request's record once the request is
  // made, nor a write's block once the write is recorded.
  const mayChange = (prev: State, o: number): boolean => !(fixedOf[o] >= 0 && fixedOf[o] < prev[f.G_RN]) && !(blockOf[o] > 0 && prev[f.G_WVOL + blockOf[o]] !== 0);

  const step: StepCheck[] = [
    {
      id: 'I-1',
      watches: at('MAP', 'AREA'),
      holds(prev, c, next) {
        for (let v = 0; v < V; v++) {
          if (mounted(prev, v) === 0 || ownWrite(c, v) || !changed(prev, next, v)) continue;
          if (!warnedOk(next, latest(next, v, false))) return false;
        }
        return true;
      },
    },
    {
      id: 'N-P2',
      on: [T.WRITE_MAIN],
      holds(prev, c, next) {
        if (type(c) !== T.WRITE_MAIN) return true;
        const p = argA(c);
        if (!splitLike(prev[f.PST + p])) return true;
        return !changed(prev, next, prev[f.SUB + p]);
      },
    },
    {
      id: 'N-P3',
      watches: at('ORC'),
      holds(prev, _c, next) {
        if (prev[f.ORC] === ORC_INQ || next[f.ORC] !== ORC_INQ) return true;
        return next[f.RQ_PEND] === access[next[f.RQ_VOL]];
      },
    },
    {
      id: 'N-P6',
      watches: at('PST'),
      holds(prev, _c, next) {
        for (let p = 0; p < PR; p++) {
          if (prev[f.PST + p] !== PS.resync || next[f.PST + p] !== PS.pair) continue;
          if (!sameData(next, main[p], next[f.SUB + p], cap(next, main[p]))) return false;
        }
        return true;
      },
    },
    {
      id: 'N-P7',
      on: [T.COPY],
      holds(prev, c, next) {
        if (type(c) !== T.COPY || prev[f.PST + argA(c)] !== PS.resync) return true;
        return !changed(prev, next, main[argA(c)]);
      },
    },
    {
      id: 'J-P1',
      on: [T.CREATE],
      holds(prev, c, next) {
        if (type(c) !== T.CREATE) return true;
        for (let p = 0; p < PR; p++) {
          const v = next[f.SUB + p];
          if (prev[f.SUB + p] < 0 && v >= 0 && !inPool(prev, v)) return false;
        }
        return true;
      },
    },
    {
      id: 'J-P2',
      on: [T.CREATE],
      holds(prev, c, next) {
        if (type(c) !== T.CREATE) return true;
        for (let p = 0; p < PR; p++) {
          const v = next[f.SUB + p];
          if (prev[f.SUB + p] >= 0 || v < 0) continue;
          const need = cap(prev, main[p]);
          const have = cap(prev, v);
          if (emb === 'E2') {
            if (have < need) return false;
            continue;
          }
          let eq = false;
          let gt = false;
          for (let u = 0; u < V; u++) {
            if (u === main[p] || !inPool(prev, u)) continue;
            if (cap(prev, u) === need) eq = true;
            if (cap(prev, u) > need) gt = true;
          }
          if (eq && have !== need) return false;
          if (emb === 'E3') {
            if (!eq && gt && have < need) return false;
            continue;
          }
          if (argC(c) === 1 && have !== need) return false;
          if (have < need) return false;
        }
        return true;
      },
    },
    {
      id: 'J-P3',
      on: [T.CREATE],
      holds(prev, c, next) {
        if (type(c) !== T.CREATE) return true;
        for (let p = 0; p < PR; p++) {
          const v = next[f.SUB + p];
          if (prev[f.SUB + p] >= 0 || v < 0) continue;
          if (!paired(next, v) || next[f.PTR + p] !== 0) return false;
          const st = next[f.PST + p];
          if (st !== PS.simplex && st !== PS.newCheck) return false;
        }
        return true;
      },
    },
    {
      id: 'J-P4',
      on: [T.CREATE],
      holds(prev, c, next) {
        if (type(c) !== T.CREATE) return true;
        for (let p = 0; p < PR; p++) if (next[f.SUB + p] !== prev[f.SUB + p] && next[f.SUB + p] >= 0) return true; // accepted
        for (let i = 0; i < V; i++) if (next[f.VST + i] !== prev[f.VST + i]) return false;
        for (let i = 0; i < V * MC; i++) if (next[f.MAP + i] !== prev[f.MAP + i]) return false;
        for (let p = 0; p < PR; p++) if (next[f.PST + p] !== prev[f.PST + p] || next[f.PTR + p] !== prev[f.PTR + p]) return false;
        return true;
      },
    },
    {
      id: 'J-P5',
      on: [T.SPLIT],
      holds(prev, c, next) {
        if (type(c) !== T.SPLIT) return true;
        const p = argA(c);
        return prev[f.PST + p] !== PS.initialCopy || next[f.PST + p] === PS.initialCopy;
      },
    },
    {
      id: 'J-P6',
      holds(prev, c, next) {
        let v = -1;
        if (type(c) === T.RETYPE) v = argA(c);
        else if (type(c) === T.EXECUTE && prev[f.RQ_KIND] === KIND.RETYPE) v = prev[f.RQ_VOL];
        if (v < 0 || !paired(prev, v)) return true;
        return next[f.VST + v] === prev[f.VST + v];
      },
    },
    {
      id: 'J-P7',
      on: [T.RELEASE],
      holds(prev, c, next) {
        if (type(c) !== T.RELEASE) return true;
        const p = argA(c);
        const v = argB(c);
        if (!(prev[f.SUB + p] === v && next[f.SUB + p] < 0)) return true;
        if (next[f.PST + p] !== PS.simplex || paired(next, v)) return false;
        if (emb === 'E2') return inPool(next, v);
        return attr(next, v) === (argC(c) === 1 ? 0 : 1);
      },
    },
    {
      id: 'J-P8',
      on: [T.STATUS],
      holds(prev, c, next) {
        if (type(c) !== T.STATUS) return true;
        const p = argA(c);
        return next[f.VIEW_SUB + p] === prev[f.SUB + p] && next[f.VIEW_ST + p] === prev[f.PST + p];
      },
    },
    {
      id: 'J-P10',
      on: [T.REPORT],
      holds(prev, c, next) {
        if (type(c) !== T.REPORT) return true;
        let mask = 0;
        for (let v = 0; v < V; v++) if (inPool(prev, v)) mask |= 1 << v;
        return next[f.LIST + argA(c)] === mask;
      },
    },
    {
      id: 'J-P13',
      on: [T.WRITE_MAIN],
      holds(prev, c, next) {
        if (type(c) !== T.WRITE_MAIN || emb === 'remote') return true;
        const p = argA(c);
        const b = argB(c);
        const st = prev[f.PST + p];
        if (st !== PS.pair && !(st === PS.initialCopy && b < prev[f.PTR + p])) return true;
        return read(next, next[f.SUB + p], b) === read(next, main[p], b);
      },
    },
    {
      id: 'J-P15',
      watches: at('MAP', 'AREA'),
      holds(prev, c, next) {
        for (let v = 0; v < V; v++) {
          if (prev[f.G_ATTR + v] !== 1 || isMain(v) || ownWrite(c, v)) continue;
          if (changed(prev, next, v)) return false;
        }
        return true;
      },
    },
    {
      id: 'I-3',
      on: [T.CANCEL],
      holds(prev, c, next) {
        if (type(c) !== T.CANCEL) return true;
        const r = prev[f.G_RN] - 1;
        const v = prev[f.G_RVOL + r] - 1;
        if (changed(prev, next, v)) return false;
        const p = subOf(next, v);
        if (prev[f.G_RKIND + r] === KIND.RESYNC) return p >= 0 && next[f.PST + p] === PS.split;
        if (prev[f.G_RKIND + r] === KIND.CREATE) return p < 0;
        return true;
      },
    },
    {
      id: 'I-5',
      holds(prev, c, next) {
        for (let p = 0; p < PR; p++) {
          if (prev[f.PST + p] !== PS.resync) continue;
          if (next[f.PST + p] === PS.pair && prev[f.DIFF + p] !== 0) return false;
          if (type(c) === T.COPY && argA(c) === p) {
            const cleared = prev[f.DIFF + p] & ~next[f.DIFF + p];
            if (cleared === 0 || (cleared & (cleared - 1)) !== 0) return false;
            const v = prev[f.SUB + p];
            for (let b = 0; b < MC; b++) if (read(prev, v, b) !== read(next, v, b) && !(cleared & (1 << b))) return false;
          }
        }
        return true;
      },
    },
    {
      id: 'I-13',
      on: [T.EXECUTE],
      holds(prev, c, next) {
        if (emb !== 'E3' || type(c) !== T.EXECUTE || prev[f.RQ_KIND] !== KIND.CREATE) return true;
        const v = prev[f.RQ_VOL];
        const keep = Math.min(cap(prev, v), cap(next, v));
        for (let b = 0; b < keep; b++) if (next[f.MAP + v * MC + b] !== prev[f.MAP + v * MC + b]) return false;
        return true;
      },
    },
    {
      id: 'I-15',
      on: [T.RELEASE],
      holds(prev, c, next) {
        if (type(c) !== T.RELEASE) return true;
        const p = argA(c);
        const tookEffect = next[f.SUB + p] !== prev[f.SUB + p] || next[f.VST + argB(c)] !== prev[f.VST + argB(c)];
        if (!tookEffect) return true;
        const st = prev[f.PST + p];
        return prev[f.SUB + p] === argB(c) && (st === PS.pair || st === PS.split);
      },
    },
    {
      id: 'I-17',
      watches: at('G_ATTR'),
      holds(prev, _c, next) {
        for (let v = 0; v < V; v++) {
          if (prev[f.G_ATTR + v] !== 1 || next[f.G_ATTR + v] !== 2 || mounted(prev, v) === 0) continue;
          if (!warnedOk(next, latest(next, v, true))) return false;
        }
        return true;
      },
    },
    {
      id: 'R-keep',
      on: [T.RELEASE],
      holds(prev, c, next) {
        if (type(c) !== T.RELEASE || argC(c) !== 1 || emb === 'remote') return true;
        const p = argA(c);
        const v = argB(c);
        if (!(prev[f.SUB + p] === v && next[f.SUB + p] < 0)) return true;
        const st = prev[f.PST + p];
        for (let b = 0; b < cap(prev, main[p]); b++) {
          const x = read(next, v, b);
          const want = splitLike(st) ? prev[f.G_FROZEN + p * MC + b] : read(prev, main[p], b);
          if (x !== want && !(splitLike(st) && hostWrote(prev, v, b, x))) return false;
        }
        return true;
      },
    },
    {
      id: 'G-ghost',
      watches: [...Array.from(ghost.watches!), ...frozenWatch],
      holds(prev, c, next) {
        if (!ghost.holds(prev, c, next)) return false;
        for (const o of frozenWatch) if (next[o] !== prev[o] && !mayChange(prev, o)) return false;
        return true;
      },
      holdsAt(prev, c, next, changed, from, n) {
        if (!ghost.holdsAt(prev, c, next, changed, from, n)) return false;
        for (let j = from; j < from + n; j++) if (!mayChange(prev, changed[j])) return false;
        return true;
      },
    },
  ];

  const seen = (s: State, bit: number): boolean => (s[f.SEEN] & bit) !== 0;
  const anyReq = (s: State, fn: (r: number) => boolean): boolean => {
    for (let r = 0; r < s[f.G_RN]; r++) if (fn(r)) return true;
    return false;
  };
  const anyPair = (s: State, fn: (p: number) => boolean): boolean => {
    for (let p = 0; p < PR; p++) if (fn(p)) return true;
    return false;
  };
  const sometimes: SometimesCheck[] = [
    ...MATRIX.map(([sc, x]) => ({ id: matrixWitness(sc, x), reached: (s: State) => matrixReached(s, sc, x) })),
    { id: 'W-confirmed-overwrite', reached: (s) => anyReq(s, (r) => s[f.G_RCONF + r] === 1 && (s[f.G_RHIT + r] & HIT.MOUNTED) !== 0) },
    { id: 'W-unknown', reached: (s) => anyReq(s, (r) => s[f.G_RWARN + r] === 1 && (s[f.G_RWHO + r] & s[f.G_RSILENT + r]) !== 0) },
    { id: 'W-inquiry', reached: (s) => s[f.ORC] === ORC_INQ && s[f.RQ_PEND] !== 0 },
    {
      id: 'W-resync-done',
      reached: (s) => anyReq(s, (r) => s[f.G_RKIND + r] === KIND.RESYNC && s[f.G_REND + r] === END.EXECUTED) && anyPair(s, (p) => s[f.PST + p] === PS.pair) && s[f.HW] > 0 && s[f.MW] > 0,
    },
    {
      id: 'W-split-diverged',
      reached: (s) => anyPair(s, (p) => s[f.PST + p] === PS.split && !sameData(s, main[p], s[f.SUB + p], cap(s, main[p])) && s[f.DIFF + p] !== 0),
    },
    { id: 'W-update-copy', reached: (s) => anyPair(s, (p) => s[f.PST + p] === PS.pair && s[f.MW] > 0 && s[f.SPLITS] === 0) },
    { id: 'W-formation-write', reached: (s) => anyPair(s, (p) => s[f.PST + p] === PS.initialCopy && s[f.PTR + p] > 0 && s[f.MW] > 0) },
    { id: 'W-select-equal', reached: (s) => anyPair(s, (p) => s[f.SUB + p] >= 0 && s[f.PST + p] !== PS.pair && s[f.PST + p] !== PS.split && cap(s, s[f.SUB + p]) === cap(s, main[p])) },
    { id: 'W-select-larger', reached: (s) => seen(s, SEEN.LARGER) },
    { id: 'W-pair', reached: (s) => anyPair(s, (p) => s[f.PST + p] === PS.pair) && (s[f.G_RN] > 0 || s[f.TAGS] > 0) },
    { id: 'W-formation-copy', reached: (s) => anyPair(s, (p) => s[f.PST + p] === PS.initialCopy && s[f.PTR + p] > 0 && s[f.PTR + p] < cap(s, main[p])) },
    { id: 'W-same-refused', reached: (s) => seen(s, SEEN.SAME_REFUSED) },
    { id: 'W-no-candidate', reached: (s) => seen(s, SEEN.CREATE_REJECTED) && !seen(s, SEEN.SAME_REFUSED) },
    { id: 'W-self-excluded', reached: (s) => seen(s, SEEN.SELF_CANDIDATE) && anyPair(s, (p) => s[f.SUB + p] >= 0 && s[f.SUB + p] !== main[p]) },
    { id: 'W-split-refused', reached: (s) => seen(s, SEEN.SPLIT_REFUSED) },
    { id: 'W-release-refused', reached: (s) => seen(s, SEEN.RELEASE_REFUSED) },
    { id: 'W-wrong-release', reached: (s) => seen(s, SEEN.WRONG_RELEASE) },
    { id: 'W-release-normal', reached: (s) => anyVol(s, (v) => s[f.G_ATTR + v] === 1 && (s[f.G_HIST + v] & HIST.RELEASED) !== 0) },
    { id: 'W-release-pool', reached: (s) => anyVol(s, (v) => inPool(s, v) && (s[f.G_HIST + v] & HIST.RELEASED) !== 0) },
    { id: 'W-status', reached: (s) => anyPair(s, (p) => s[f.VIEW_SUB + p] >= 0) },
    { id: 'W-status-none', reached: (s) => seen(s, SEEN.STATUS_NONE) },
    { id: 'W-retype-refused', reached: (s) => seen(s, SEEN.RETYPE_REFUSED) },
    { id: 'W-retype-pool', reached: (s) => anyVol(s, (v) => inPool(s, v) && (s[f.G_HIST + v] & HIST.RETYPED) !== 0) },
    { id: 'W-retype-normal', reached: (s) => anyVol(s, (v) => cfg.volumes[v].attr === 'SECONDARY' && s[f.G_ATTR + v] === 1 && attr(s, v) === 0) },
    { id: 'W-revalidate', reached: (s) => seen(s, SEEN.REVALIDATE_REJECTED) },
    { id: 'W-two-picks', reached: (s) => seen(s, SEEN.STALE_PICK) },
    { id: 'W-report', reached: (s) => anyHost(s, (h) => s[f.LIST + h] !== 0) },
    { id: 'W-trim', reached: (s) => seen(s, SEEN.TRIM) },
    { id: 'W-extend', reached: (s) => seen(s, SEEN.EXTEND) },
    { id: 'W-in-flight', reached: (s) => seen(s, SEEN.QUEUE_2) },
    { id: 'W-split-in-flight', reached: (s) => seen(s, SEEN.SPLIT_DROPPED) },
    // N-P1's remote premise with a write behind it: without it, a model that never applied a write in
    // flight (every write reached the sub through split and resync only) reached every other witness.
    { id: 'W-applied', reached: (s) => s[f.MW] > 0 && s[f.SPLITS] === 0 && anyPair(s, (p) => s[f.PST + p] === PS.pair && s[f.QLEN + p] === 0) },
    { id: 'W-cancel', reached: (s) => anyReq(s, (r) => s[f.G_REND + r] === END.CANCELLED) },
    { id: 'W-mount-refused', reached: (s) => seen(s, SEEN.MOUNT_REFUSED) },
    { id: 'W-two-pairs', reached: (s) => PR > 1 && anyPair(s, (p) => s[f.SUB + p] >= 0) && s[f.SUB] >= 0 && s[f.SUB + 1] >= 0 },
  ];
  function anyVol(s: State, fn: (v: number) => boolean): boolean {
    for (let v = 0; v < V; v++) if (fn(v)) return true;
    return false;
  }
  function anyHost(s: State, fn: (h: number) => boolean): boolean {
    for (let h = 0; h < H; h++) if (fn(h)) return true;
    return false;
  }

  const eventually: EventuallyCheck[] = [
    { id: 'L-1', converged: (s) => !anyPair(s, (p) => s[f.PST + p] === PS.initialCopy) },
    {
      id: 'L-2',
      converged: (s) => !anyPair(s, (p) => s[f.PST + p] === PS.resync || ((s[f.PST + p] === PS.resyncCheck || s[f.PST + p] === PS.resyncWarned) && s[f.ORC] !== ORC_WARN)),
    },
    { id: 'L-3', converged: (s) => s[f.ORC] !== ORC_INQ && s[f.ORC] !== ORC_EXEC },
  ];

  return { always, step, sometimes, eventually };
}
