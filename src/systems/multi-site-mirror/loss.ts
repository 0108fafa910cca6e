// P7' (seed-notes/002.md §7.2): the acknowledged writes lost when the primary and the sync site fail
// together, measured on the model for the invention and the two prior-art designs over the same
// workload and the same failure instants (G1, CE1, CE2), and CE4's latency claim as a figure.
//
// A workload is n writes alternating over two addresses. The invention's async copy runs `lag`
// writes behind (its log holds lag + 1 entries); the prior art copies its frozen duplicate to the
// third site once every `cycle` writes (mode 2) and not at all in between (mode 1). A failure
// instant is any point of that schedule: the primary and the sync site fail there, the application
// resumes on the async site by Fig. 13, and the writes that resume gives up are counted from the
// ghost (acknowledged, and not in 225D). The exhaustive bound is the largest loss in any reachable
// state of the same configuration, schedule free (the prior art then need never cycle).
import type { Action, Json, ReportTable, State } from '../../engine/contract.js';
import { exploreExhaustive } from '../../engine/exhaustive.js';
import type { MirrorConfig, Rules } from './config.js';
import { referenceRules } from './config.js';
import { buildModel, VOL, type MirrorModel } from './model.js';

export const DESIGNS = [
  { name: 'invention', title: 'Iwamura et al. (continuous async copy of 225B)', rules: {} as Partial<Rules> },
  { name: 'usp6209002', title: 'USP 6,209,002 (duplicate at the second site)', rules: { design: 'usp6209002' } as Partial<Rules> },
  { name: 'mikkelsen', title: 'Mikkelsen et al. (duplicate inside the first site)', rules: { design: 'mikkelsen' } as Partial<Rules> },
] as const;
export type DesignName = (typeof DESIGNS)[number]['name'];

export interface Workload {
  writes: number;
  cycle: number;
  lag: number;
}

/** The grid of the report: write counts, mode-cycle lengths of the prior art, async lag of the invention. */
export const GRID: Workload[] = [4, 6, 12].flatMap((writes) => [2, 4].flatMap((cycle) => [0, 1, 2].map((lag) => ({ writes, cycle, lag }))));

const measureConfig = (w: Workload): MirrorConfig => ({
  embodiment: 'mirror',
  groups: 1,
  addresses: 2,
  writes: w.writes,
  concurrent: 1,
  queue: w.lag + 1,
  protection: true,
  coalesce: false,
  mirrorAt: 'host',
  start: 'M1',
  faults: 2,
  failSites: ['P', 'S'],
  failLinks: [],
  repairLinks: false,
  failAreaA: false,
  suspends: 0,
  suspect: false,
  failovers: ['fig13'],
  failbacks: [],
});

interface Driver {
  m: MirrorModel;
  s: State;
  tmp: State;
  acts: Int32Array;
}

function take(d: Driver, type: string, pick: (a: Action) => boolean = () => true): boolean {
  const n = d.m.actions(d.s, d.acts);
  for (let i = 0; i < n; i++) {
    const a = d.m.actionToJson(d.s, d.acts[i]);
    if (a.type !== type || !pick(a)) continue;
    d.m.next(d.s, d.acts[i], d.tmp);
    d.s.set(d.tmp);
    return true;
  }
  return false;
}
function must(d: Driver, type: string, pick?: (a: Action) => boolean): void {
  if (!take(d, type, pick)) throw new Error(`loss schedule: ${type} not enabled`);
}

/** The writes a double failure at this state loses: the primary and the sync site fail, Fig. 13 resumes on 225D. */
function lossAt(m: MirrorModel, s: State): number[] {
  const d: Driver = { m, s: s.slice(), tmp: new Int32Array(s.length), acts: new Int32Array(m.maxActions) };
  must(d, 'failSite', (a) => a.site === 'P');
  must(d, 'failSite', (a) => a.site === 'S');
  must(d, 'start', (a) => a.procedure === 'fig13');
  for (let i = 0; i < 8 && take(d, 'step'); i++);
  const f = m.k.f;
  const lost: number[] = [];
  for (let w = 1; w < d.s[f.NEXTW]; w++) if (d.s[f.G_LOST + w]) lost.push(w);
  if (d.s[f.G_LOSS] - 1 !== lost.length) throw new Error('loss schedule: the resume did not run');
  return lost;
}

/**
 * The failure instants of one schedule, the same for every design: before any write, and for each
 * write after its 225A leg (in flight), after its acknowledgement, and after the async copy caught
 * up to the lag (the invention) or the mode-2 cycle due then (the prior art). The writes lost at each.
 */
export function lossesAlongSchedule(design: DesignName, w: Workload): number[][] {
  const rules = { ...referenceRules, ...DESIGNS.find((x) => x.name === design)!.rules };
  const m = buildModel(measureConfig(w), rules);
  const d: Driver = { m, s: m.init()[0].slice(), tmp: new Int32Array(m.stateSize), acts: new Int32Array(m.maxActions) };
  const f = m.k.f;
  const out: number[][] = [];
  const instant = (): void => void out.push(lossAt(m, d.s));
  instant();
  let cycleAt = -1; // the prior art: the write after which mode 2 froze its duplicate, the copy pending
  for (let i = 1; i <= w.writes; i++) {
    must(d, 'issue', (a) => a.slot === 0 && a.address === (i - 1) % 2);
    must(d, 'legA');
    instant();
    if (design === 'invention') must(d, 'legB'); // the prior art's host writes 225A only
    must(d, 'finish');
    must(d, 'retire');
    instant();
    if (design === 'invention') {
      while (d.s[f.QLEN] > w.lag) {
        must(d, 'transfer');
        must(d, 'apply');
      }
    } else {
      // The same link: the frozen duplicate reaches the third site `lag` writes after mode 2 began.
      if (i % w.cycle === 0 && cycleAt < 0 && take(d, 'cycle')) cycleAt = i;
      if (cycleAt >= 0 && i - cycleAt >= w.lag) {
        must(d, 'cycle');
        cycleAt = -1;
      }
    }
    instant();
  }
  return out;
}

/** The largest loss in any reachable state of the configuration (the explorer visits every state). */
export function exhaustiveBound(design: DesignName, w: Workload): number {
  const rules = { ...referenceRules, ...DESIGNS.find((x) => x.name === design)!.rules };
  const m = buildModel(measureConfig(w), rules);
  const f = m.k.f;
  let max = 0;
  const observer = {
    id: 'measure',
    holds(s: State): boolean {
      if (s[f.G_LOSS] - 1 > max) max = s[f.G_LOSS] - 1;
      return true;
    },
  };
  const r = exploreExhaustive({ ...m, always: [observer], step: [], sometimes: [], eventually: [] }, { liveness: false });
  if (!r.complete) throw new Error('loss bound: exploration incomplete');
  return max;
}

export interface LossRow {
  workload: Workload;
  instants: number;
  designs: Record<DesignName, { max: number; mean: number; bound: number | null }>;
  /** At every instant, the writes the invention lost are a subset of those each prior-art design lost. */
  subset: boolean;
  /** Instants where the invention lost strictly fewer writes than the better prior-art design. */
  fewer: number;
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** Exhaustive bounds only up to this many writes in the report (`rcv compare --bound-writes N` for more). */
export const BOUND_WRITES = 6;

export function lossRows(grid: Workload[] = GRID, boundUpTo = BOUND_WRITES): LossRow[] {
  const bounds = new Map<string, number>();
  const bound = (design: DesignName, w: Workload): number | null => {
    if (w.writes > boundUpTo) return null;
    // The bound does not depend on the cycle (the explorer need never cycle), nor the prior art's on the lag.
    const key = `${design}/${w.writes}/${design === 'invention' ? w.lag : 0}`;
    if (!bounds.has(key)) bounds.set(key, exhaustiveBound(design, { ...w, lag: design === 'invention' ? w.lag : 0 }));
    return bounds.get(key)!;
  };
  return grid.map((w) => {
    const runs = Object.fromEntries(DESIGNS.map((d) => [d.name, lossesAlongSchedule(d.name, w)])) as Record<DesignName, number[][]>;
    const inv = runs.invention;
    let subset = true;
    let fewer = 0;
    for (let t = 0; t < inv.length; t++) {
      for (const p of ['usp6209002', 'mikkelsen'] as const) if (!inv[t].every((x) => runs[p][t].includes(x))) subset = false;
      if (inv[t].length < Math.min(runs.usp6209002[t].length, runs.mikkelsen[t].length)) fewer++;
    }
    const designs = Object.fromEntries(
      DESIGNS.map((d) => {
        const sizes = runs[d.name].map((x) => x.length);
        return [d.name, { max: Math.max(...sizes), mean: round(sizes.reduce((a, b) => a + b, 0) / sizes.length), bound: bound(d.name, w) }];
      }),
    ) as LossRow['designs'];
    return { workload: w, instants: inv.length, designs, subset, fewer };
  });
}

/**
 * CE4 (L61, L186): the acknowledgement latency of one write, from the model's acknowledgement path:
 * the remote sites whose area holds the write when the application is answered, each costing a round
 * trip. Distances are assumptions (the seed gives none): near site 100 km, far site 1,000 km, 5 us/km
 * one way, 0.1 ms for the local write.
 */
export function ackLatency(): { design: string; touched: string[]; ms: number }[] {
  const KM = { S: 100, A: 1000 };
  const designs: { design: string; rules: Partial<Rules> }[] = [
    { design: 'invention: sync to the near site, async to the far site', rules: {} },
    { design: 'sync copy to the far site (the other leg async)', rules: { syncFar: true } },
    { design: 'async copy only (CE3)', rules: { syncLeg: false } },
  ];
  return designs.map(({ design, rules }) => {
    const m = buildModel(measureConfig({ writes: 1, cycle: 1, lag: 0 }), { ...referenceRules, ...rules });
    const d: Driver = { m, s: m.init()[0].slice(), tmp: new Int32Array(m.stateSize), acts: new Int32Array(m.maxActions) };
    for (const t of ['issue', 'legA', 'legB', 'finish']) take(d, t);
    const f = m.k.f;
    const touched: string[] = [];
    if (d.s[f.V + VOL.C * m.k.NC] === 1) touched.push('S');
    if (d.s[f.V + VOL.D * m.k.NC] === 1) touched.push('A');
    const rtt = Math.max(0, ...touched.map((x) => (2 * KM[x as 'S' | 'A'] * 5) / 1000));
    return { design, touched, ms: round(0.1 + rtt) };
  });
}

export function lossTables(boundWrites = BOUND_WRITES): ReportTable[] {
  return lossReport(boundWrites).tables;
}

export function lossReport(boundWrites = BOUND_WRITES): { tables: ReportTable[]; data: Json } {
  const rows = lossRows(GRID, boundWrites);
  const lat = ackLatency();
  const tables: ReportTable[] = [
    {
      title: "P7': acknowledged writes lost when the primary and the sync site fail together",
      note:
        "The 3n + 1 failure instants of one deterministic schedule (n writes over two addresses; the invention's async copy 'lag' writes behind; the prior art's mode 2 begins every 'cycle' writes and its copy of the frozen duplicate lands 'lag' writes later, over the same link), the same for the three designs; then Fig. 13 resumes on 225D and the ghost counts the acknowledged writes it lacks. Max and mean over the instants; bound: the largest loss in any reachable state of the configuration, schedule free (computed up to " + boundWrites + " writes; rcv compare multi-site-mirror --bound-writes N for more). Subset: at every instant the invention's lost writes are among each prior-art design's.",
      columns: ['writes', 'cycle', 'lag', 'instants', 'invention max / mean / bound', 'USP 6,209,002 max / mean / bound', 'Mikkelsen max / mean / bound', 'subset', 'instants with less loss'],
      rows: rows.map((r) => [
        r.workload.writes,
        r.workload.cycle,
        r.workload.lag,
        r.instants,
        ...DESIGNS.map((d) => `${r.designs[d.name].max} / ${r.designs[d.name].mean} / ${r.designs[d.name].bound ?? '-'}`),
        r.subset ? 'yes' : 'NO',
        `${r.fewer} of ${r.instants}`,
      ]),
    },
    {
      title: 'CE4: acknowledgement latency of one write (a latency claim, not a safety failure)',
      note: "From the model's acknowledgement path: the remote sites whose area holds the write when the application is answered, one round trip each. Assumed distances (the seed gives none, only d(P,S) < d(P,A), L186): near site 100 km, far site 1,000 km, 5 us/km, 0.1 ms local write.",
      columns: ['design', 'remote sites on the acknowledgement path', 'latency (ms)'],
      rows: lat.map((x) => [x.design, x.touched.join(', ') || 'none', x.ms]),
    },
  ];
  const data: Json = {
    system: 'multi-site-mirror',
    designs: DESIGNS.map((d) => ({ name: d.name, title: d.title })),
    boundWrites,
    rows: rows.map((r) => ({ ...r.workload, instants: r.instants, subset: r.subset, fewer: r.fewer, designs: r.designs })),
    latency: lat,
  };
  return { tables, data };
}
