// The system contract, after Stateright's `Model` and a TLA+ spec (Init, Next, invariants).
//
// A system is a plain value. For one named configuration and one variant it builds a `Model`:
// a state vector layout, the initial states, the enabled actions, a deterministic next-state
// function and the properties. States are `Int32Array` vectors (SPIN's "state vector"): the
// vector is its own canonical key, so the explorers hash it without building strings, and
// `next` writes into a caller-owned buffer, so the hot loop allocates nothing.
//
// Actions are small integer codes inside the explorers and plain JSON at every edge
// (traces, replay, CLI): `actionToJson` / `actionFromJson` convert between the two.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An action as plain JSON data: `{ type: "deliver", stream: "P0", seq: 1 }`. */
export interface Action {
  type: string;
  [key: string]: Json;
}

export type State = Int32Array;

/**
 * A message in a counterexample's sequence diagram. `send` puts it on the wire and a later
 * `deliver` with the same id takes it off (arrows from send to delivery); `transfer` is both in one
 * step (a synchronous copy, a write into a store); `drop` loses it, `duplicate` puts a second copy on
 * the wire. Reorderings are not declared: the renderer sees deliveries out of send order.
 */
export interface TraceMessage {
  id: string;
  from: string;
  to: string;
  kind: 'send' | 'deliver' | 'transfer' | 'drop' | 'duplicate';
  label: string;
}

/** Who took a step (a lane of the sequence diagram) and the messages it moved. */
export interface StepDescription {
  actor: string;
  messages: TraceMessage[];
}

/** A lifecycle machine's table and where in the state vector its instances keep their state. */
export interface MachineInstances {
  table: import('./table.js').MachineTable;
  /** Offsets of the vector entries holding a state index of this machine, one per instance. */
  offsets: number[];
}

/** Where a property comes from: stated in the seed, or our inference from it. */
export type Basis = 'explicit' | 'inferred';

/**
 * outcome: stated only on what hosts and operators observe (acknowledgements and rejections, read
 *   results, recovered images, tape contents, warnings), recorded in ghost state that no
 *   implementation step can relabel. A naive variant counts as caught only when one of these breaks.
 * mechanism: a rule of the protocol restated (pointers, flags, caches, limits). These give shorter,
 *   clearer counterexamples, but a design can keep them all and still lose data.
 */
export type PropertyCategory = 'outcome' | 'mechanism';

/**
 * always: a predicate on every reachable state (TLA+ invariant).
 * step: a predicate on every transition (prev, action, next) (TLA+ action property [][A]_v).
 * sometimes: must be reached at least once (Stateright's `sometimes`): the reachability witness
 *   that keeps an invariant from holding vacuously.
 * eventually: from every reachable state, the fault-free completion converges.
 */
export type PropertyKind = 'always' | 'step' | 'sometimes' | 'eventually';

/** What the spec, the report and `rcv list` say about a property. */
export interface PropertyInfo {
  id: string;
  statement: string;
  /** Seed paragraph(s), e.g. "【0038】-【0040】, Fig. 9". */
  ref: string;
  basis: Basis;
  kind: PropertyKind;
  /** For always, step and eventually properties: outcome or mechanism (see PropertyCategory). */
  category?: PropertyCategory;
  /** For `sometimes`: the invariants whose premise this witness shows reached. */
  witnessFor?: string[];
}

export interface AlwaysCheck {
  id: string;
  holds(s: State): boolean;
  /**
   * Every position of the state vector `holds` may read, on any state. The exhaustive explorer
   * then skips the check on a successor that differs from its parent (where it held) only
   * elsewhere (incremental.ts). Absent: checked on every state.
   */
  reads?: ArrayLike<number>;
  /**
   * The verdict of `holds` on `s`, given that it held on a state that differs from `s` only at
   * `changed[from..from + n)` (every such position, in increasing order): the parent that reached `s`.
   * Optional: a conjunction over positions (every slot in range) can judge the slots that changed
   * alone, where `holds` scans them all. The exhaustive explorer calls it, as a method of its check,
   * where it would call `holds` on a successor; the declaration audit (incremental-audit.ts) checks
   * that it agrees with `holds` there.
   */
  holdsAt?(s: State, changed: Int32Array, from: number, n: number): boolean;
}
export interface StepCheck {
  id: string;
  holds(prev: State, action: number, next: State): boolean;
  /**
   * Positions of the state vector such that every transition leaving them all unchanged satisfies
   * the check (TLA+'s [A]_v: it may stutter on v). The exhaustive explorer then evaluates it only on
   * transitions that change one of them (incremental.ts). Absent: checked on every transition.
   */
  watches?: ArrayLike<number>;
  /**
   * The verdict of `holds`, given the positions the transition changed: `changed[from..from + n)`,
   * every position where `prev` and `next` differ, in increasing order. Optional: a check that can
   * judge from the changed positions alone (ghost.ts) spares the explorer a scan of every position it
   * watches. Called as a method of its check; the declaration audit (incremental-audit.ts) checks
   * that it agrees with `holds`.
   */
  holdsAt?(prev: State, action: number, next: State, changed: Int32Array, from: number, n: number): boolean;
  /**
   * The action types (`Model.actionType`) of the only transitions that can break it: on a transition
   * of any other type it holds, whatever the states, and the exhaustive explorer does not evaluate it
   * there (a rule about one kind of step, as a TLA+ action's own conjunct). Absent: every type. With
   * `watches` too, it is evaluated where both say it can fail.
   */
  on?: ArrayLike<number>;
}
export interface SometimesCheck {
  id: string;
  reached(s: State): boolean;
}
export interface EventuallyCheck {
  id: string;
  /** Evaluated at the end of the fault-free completion. */
  converged(s: State): boolean;
}

/** One (system, configuration, variant) instance, ready to explore. */
export interface Model {
  readonly stateSize: number;
  /** Upper bound on the number of actions enabled in any state. */
  readonly maxActions: number;
  init(): State[];
  /** Writes the codes of the enabled actions into `out`, returns how many. Deterministic order. */
  actions(s: State, out: Int32Array): number;
  /** Writes the successor of `s` under `action` into `out` (which never aliases `s`). */
  next(s: State, action: number, out: State): void;
  /**
   * `next` where `out` holds a copy of `s` on entry: only the words the action changes are written.
   * Optional; the exhaustive explorer then copies a state into all its successors' slots in one call,
   * where `next` copies it once per successor. Every model here writes this and takes `next` from it
   * (`nextFrom`, layout.ts).
   */
  update?(s: State, action: number, out: State): void;
  /** True for actions the fault-free completion may take: no faults, no new host work. */
  fair(action: number): boolean;
  /**
   * True for injected faults (loss, duplication, crashes, partitions, disasters). The random
   * explorer gives faults a smaller share of its choices, as a Jepsen nemesis does, so that runs
   * are not cut short by a disaster in their first steps. Absent: no action is a fault.
   */
  fault?(action: number): boolean;
  actionToJson(s: State, action: number): Action;
  /** The code of a JSON action, or undefined when it names nothing in this model. */
  actionFromJson(a: Action): number | undefined;
  /** Names of the action types, and the type of an action code: per-type coverage (TLC's action counts). */
  actionTypes?: string[];
  actionType?(action: number): number;
  /** A readable view of a state, for traces and replay. */
  view(s: State): Record<string, Json>;
  /** The sites and components a counterexample's sequence diagram draws as lanes, in order. */
  lanes?: string[];
  /** The lane that took a step and the messages it moved, from the action and the views around it. */
  describe?(action: Action, before: Record<string, Json>, after: Record<string, Json>): StepDescription;
  /** A hash of the configuration's definition: a trace recorded on another definition says so on replay. */
  configHash?: string;
  /** Lifecycle machines whose state and transition coverage the exhaustive explorer reports. */
  machines?: MachineInstances[];
  /**
   * The state vector's named fields (name -> first position; a field runs to the next one): the
   * tests name the fields a check reads that its declaration leaves out.
   */
  fields?: Record<string, number>;
  always: AlwaysCheck[];
  step: StepCheck[];
  sometimes: SometimesCheck[];
  eventually: EventuallyCheck[];
}

export interface ConfigInfo {
  name: string;
  description: string;
  /** `small` configurations run exhaustively in `npm test`; larger ones in verify and bench. */
  tier: 'small' | 'standard' | 'large';
  /** The properties this configuration checks (the others do not apply to its embodiment). */
  properties: string[];
  /** Fixed length of the random explorer's runs. */
  randomSteps: number;
  /**
   * Per lifecycle machine (by id): the events this configuration can send. The part of the machine
   * reachable with them (computed with xstate/graph) is what the exploration must cover.
   */
  lifecycles?: Record<string, string[]>;
  /** Per lifecycle machine: the state its instances start in (several: instances start apart), where that is not the machine's initial state. */
  lifecycleStart?: Record<string, string | string[]>;
  /**
   * Machines whose declared events reach more here than this configuration's environment allows
   * (a copy interrupted only by a fault this configuration does not inject): the exploration must
   * stay inside the reachable part, and another configuration must cover what it leaves.
   */
  lifecyclesWithin?: string[];
}

/** One row of a guarantee matrix: what a failure class costs, and what checks it. */
export interface GuaranteeRow {
  failure: string;
  guarantee: string;
  /** Invariants and liveness properties that check the guarantee. */
  properties: string[];
  /** Configurations exercising this failure class. */
  configs: string[];
  /** Witness ids of losses the design allows in this class: they must be reached, not hidden. */
  allowed?: string[];
  /** Witness ids that must be reached on one of this row's own configurations (the row's premise and outcome). */
  reached?: string[];
  /** A cell of a two-way matrix (scenario x policy): the report also draws the rows as that matrix. */
  cell?: { row: string; column: string; value: string };
}

export interface VariantInfo {
  name: string;
  description: string;
  /** The seed-notes scenario it reproduces, e.g. "R-1 (Reading A)". */
  scenario: string;
  ref: string;
  /** The configuration on which the suite must catch it. */
  catchConfig: string;
  /**
   * The properties whose violation counts as catching it. With every property checked, any of them
   * may be the first to break; with only the outcome properties checked, one of the outcome
   * properties listed here must break (mechanism properties alone never count as a catch).
   */
  breaks: string[];
}

/**
 * What shows that an always or step property can be false, so that a property made vacuous
 * (`return true`) turns the suite red. Either a naive variant reaches a violation of it (checked with
 * that property alone), or a reachable state (transition) of the reference design, corrupted by hand
 * as described, violates it.
 */
export type Falsifier =
  | { property: string; variant: string; config: string }
  | {
      property: string;
      config: string;
      /** What the corruption does, in a few words (shown in the report). */
      corruption: string;
      /** A reachable state to corrupt (an always property), or ... */
      find?(m: Model, s: State): boolean;
      /** ... a reachable transition whose successor is corrupted (a step property). */
      findStep?(m: Model, prev: State, action: number, next: State): boolean;
      /** Corrupts a copy of the found state (or of the transition's successor) in place. */
      corrupt(m: Model, s: State): void;
    };

/** A table a system measures about itself (latency, loss), shown in the report beside its verdicts. */
export interface ReportTable {
  title: string;
  /** How the figures were measured, in a sentence or two. */
  note: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface System {
  name: string;
  title: string;
  seed: string;
  spec: string;
  configs: ConfigInfo[];
  variants: VariantInfo[];
  properties: PropertyInfo[];
  /** The guarantee matrix, when the seed's failure model has one. */
  guarantees?: GuaranteeRow[];
  /** Lifecycle machines by id, for coverage of their reachable part (see ConfigInfo.lifecycles). */
  lifecycles?: Record<string, import('xstate').AnyStateMachine>;
  /** Measured tables for the report (deterministic: the same figures on every run). */
  tables?: () => ReportTable[];
  /**
   * Designs compared over the same workloads and failure instants (`rcv compare`): the tables, and
   * the same figures as JSON. `boundWrites`: the largest workload that also gets an exhaustive bound.
   */
  compare?(boundWrites: number): { tables: ReportTable[]; data: Json };
  /**
   * One sentence on why an outcome property broke, built from the acknowledgement record (the ghost
   * state) of the states along the trace: `views[0]` is the initial state, `views[i]` the state after
   * step i. Undefined where the system has nothing better than the property's statement.
   */
  explain?(property: string, views: Record<string, Json>[], actions: Action[]): string | undefined;
  /** For every always and step property, at least one way to show it can fail. */
  falsifiers: Falsifier[];
  /**
   * Conformance: what hosts and operators can observe of a state (acknowledgements, read results,
   * images, warnings), from the model's view. An implementation under test reports the same
   * projection of itself, and the model-based driver compares the two after every step.
   */
  observe?(view: Record<string, Json>): Json;
  /** Jepsen-style history checking (`rcv history`): the replicas a history may read and what each guarantees. */
  history?: import('../conformance/history.js').HistorySpec;
  /** Builds the model; throws `InputError` for an unknown configuration or variant. */
  build(config: string, variant?: string): Model;
}

/** Bad input from a user: reported as one line on stderr with exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}
