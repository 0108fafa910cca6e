// Jepsen-style history checking: an implementation (or its test harness) records what its clients
// saw — each operation's invocation and its completion (ok, fail, or info when the outcome is
// unknown), with process and time — and what each replica held when it was read after a failure.
// The checker judges that record against a system's outcome properties, seeing only what a host saw:
//
// - lost: a replica that guarantees completeness (a synchronous copy) is missing a write that was
//   acknowledged in the episode the read closes (it holds neither it nor a write to the same key that
//   does not precede it);
// - order (write-order fidelity): a replica holds a write p but lacks a write acknowledged before p was
//   invoked — no prefix of any commit order consistent with real time has that image;
// - phantom: a replica holds a value no write carried, or the value of a write that failed.
//
// A write whose outcome is unknown (info, or never completed) may or may not have happened: it is
// neither required nor forbidden, but once present, what precedes it must be present too. Real-time
// precedence is by position in the history: a completed before b was invoked. With one key per write
// (a log of numbered inserts) the order check is exact — the image is a prefix of a commit order
// consistent with real time iff it is closed under that precedence; with overwrites it is the same
// closure on each key's newest value, a necessary condition.
//
// Episodes: consecutive reads close an episode (a failover). A read requires only the writes
// acknowledged since the previous episode closed: what an earlier failover gave up was judged there.
//
// Protection: an event `{f: "protection", value: "off"}` says the system runs without its
// failure protection (no synchronous copy configured or established yet) until `"on"`; a write
// acknowledged meanwhile is not required of a complete replica (its loss is reported, and allowed),
// though write-order fidelity still applies to it.
import { readFileSync } from 'node:fs';
import { InputError, type Json } from '../engine/contract.js';

export const HISTORY_FORMAT = 'rcv-history/1';

export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

export interface HistoryOp {
  process: number | string;
  type: OpType;
  /** write, read, or a fault (kill, stop, start, promote, pause, resume, partition, ...). */
  f: string;
  /** write: the key written; its value must be unique in the history (Jepsen's unique values). */
  key?: string;
  /** write: the value; read (ok): the replica's image, key -> value. */
  value?: Json;
  /** read: the replica role read (one of the system's roles). */
  replica?: string;
  /** Any monotonic clock (ns, ms); reports only. */
  time?: number;
}

export interface History {
  format: typeof HISTORY_FORMAT;
  system: string;
  description?: string;
  ops: HistoryOp[];
}

/** What a replica role promises after a failure, and the properties that say so. */
export interface ReplicaRole {
  describes: string;
  /** complete: every acknowledged write survives (a synchronous copy); prefix: an ordered, possibly lagging copy. */
  guarantee: 'complete' | 'prefix';
  /** The property ids a lost, out-of-order or phantom write breaks. */
  lost?: string;
  order: string;
  phantom: string;
  /** A write answered as failed may still reach this copy (an async copy of a write rolled back at the source). */
  failedMayPersist?: boolean;
}

export interface HistorySpec {
  roles: Record<string, ReplicaRole>;
  /**
   * Naive variants whose violation no client-side history can show, with the reason: the
   * self-check expects their histories to pass, so that a change in either direction is noticed.
   */
  blind?: Record<string, string>;
  /**
   * The history a model run records: `views[0]` the initial state, `views[i]` the state after
   * action i. Used to check the checker: the reference design's histories must pass, a naive
   * variant's counterexample must fail. Undefined for a configuration whose views record no writes.
   */
  fromViews?(views: Record<string, Json>[], config: string): History | undefined;
}

export interface HistoryViolation {
  kind: 'lost' | 'order' | 'phantom';
  property: string;
  /** Indices (0-based positions in `ops`) of the operations involved. */
  ops: number[];
  sentence: string;
}

export interface ReadReport {
  /** Index of the read's invocation. */
  op: number;
  replica: string;
  guarantee: 'complete' | 'prefix';
  /** Writes acknowledged in this episode, and how many of them the replica lacks. */
  acknowledged: number;
  missingAcknowledged: number;
  /** Of those, acknowledged while protection was off (allowed). */
  missingUnprotected: number;
  present: number;
  /** Present writes whose outcome the client never learned. */
  presentUnknown: number;
}

export interface HistoryResult {
  system: string;
  valid: boolean;
  ops: number;
  writes: { invoked: number; ok: number; fail: number; info: number };
  faults: { op: number; f: string; value: Json }[];
  reads: ReadReport[];
  violations: HistoryViolation[];
}

interface Write {
  key: string;
  value: string;
  process: number | string;
  invoke: number;
  /** Index of the completion, or Infinity when it never came. */
  complete: number;
  outcome: 'ok' | 'fail' | 'info';
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const scalar = (x: unknown): x is string | number => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));

/** Validates a parsed history; every problem is one line naming the operation. */
export function validateHistory(data: unknown, spec: HistorySpec | undefined, system: string): History {
  if (!isObject(data)) throw new InputError('history: expected a JSON object with "format", "system" and "ops"');
  if (data.format !== HISTORY_FORMAT) throw new InputError(`history: format must be "${HISTORY_FORMAT}", got ${JSON.stringify(data.format ?? null)}`);
  if (typeof data.system !== 'string') throw new InputError('history: "system" must be a string');
  if (data.system !== system) throw new InputError(`history: recorded for system "${data.system}", checked as "${system}"`);
  if (!Array.isArray(data.ops)) throw new InputError('history: "ops" must be an array');
  if (!spec) throw new InputError(`history: ${system} has no replica roles to check a history against`);
  const open = new Map<string, HistoryOp>();
  const values = new Set<string>();
  let lastTime = -Infinity;
  data.ops.forEach((raw: unknown, i: number) => {
    const at = `history: op ${i}`;
    if (!isObject(raw)) throw new InputError(`${at}: expected an object`);
    const op = raw as unknown as HistoryOp;
    if (!scalar(op.process)) throw new InputError(`${at}: "process" must be a number or a string`);
    if (!['invoke', 'ok', 'fail', 'info'].includes(op.type as string)) throw new InputError(`${at}: "type" must be invoke, ok, fail or info, got ${JSON.stringify(op.type ?? null)}`);
    if (typeof op.f !== 'string' || op.f === '') throw new InputError(`${at}: "f" must be a non-empty string`);
    if (op.time !== undefined) {
      if (typeof op.time !== 'number' || !Number.isFinite(op.time)) throw new InputError(`${at}: "time" must be a number`);
      if (op.time < lastTime) throw new InputError(`${at}: time ${op.time} goes back from ${lastTime}`);
      lastTime = op.time;
    }
    for (const k of Object.keys(op)) if (!['process', 'type', 'f', 'key', 'value', 'replica', 'time'].includes(k)) throw new InputError(`${at}: unknown field "${k}"`);
    if (op.f !== 'write' && op.f !== 'read') return; // faults and other events: free-form
    const proc = String(op.process);
    const pending = open.get(proc);
    if (op.type === 'invoke') {
      if (pending) throw new InputError(`${at}: process ${proc} invokes ${op.f} while its ${pending.f} is still open`);
      open.set(proc, op);
    } else {
      if (!pending) throw new InputError(`${at}: ${op.type} of ${op.f} with no open invocation on process ${proc}`);
      if (pending.f !== op.f) throw new InputError(`${at}: process ${proc} completes ${op.f} but invoked ${pending.f}`);
      open.delete(proc);
    }
    if (op.f === 'write') {
      if (typeof op.key !== 'string' || op.key === '') throw new InputError(`${at}: a write needs a "key" string`);
      if (!scalar(op.value)) throw new InputError(`${at}: a write's "value" must be a number or a string`);
      if (op.type === 'invoke') {
        const v = String(op.value);
        if (values.has(v)) throw new InputError(`${at}: value ${v} is written twice; each write needs a unique value to be told apart`);
        values.add(v);
      } else if (pending && (pending.key !== op.key || String(pending.value) !== String(op.value))) {
        throw new InputError(`${at}: completion names ${op.key}=${String(op.value)} but process ${proc} invoked ${pending.key}=${String(pending.value)}`);
      }
    } else {
      if (typeof op.replica !== 'string' || !Object.hasOwn(spec.roles, op.replica)) {
        throw new InputError(`${at}: a read needs "replica", one of ${Object.keys(spec.roles).join(', ')}; got ${JSON.stringify(op.replica ?? null)}`);
      }
      if (op.type === 'ok') {
        if (!isObject(op.value)) throw new InputError(`${at}: a completed read's "value" must be an object key -> value`);
        for (const [k, v] of Object.entries(op.value)) if (!scalar(v)) throw new InputError(`${at}: the read's value at "${k}" must be a number or a string`);
      }
    }
  });
  return data as unknown as History;
}

export function loadHistory(file: string, spec: HistorySpec | undefined, system: string): History {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`history: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`history: ${file} is not JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  return validateHistory(data, spec, system);
}

const who = (w: Write): string => `write ${w.value} (${w.key}, process ${w.process})`;

/** Checks a validated history against the roles' guarantees. */
export function checkHistory(h: History, spec: HistorySpec): HistoryResult {
  const writes: Write[] = [];
  const byValue = new Map<string, Write>();
  const open = new Map<string, Write>();
  const faults: HistoryResult['faults'] = [];
  const reads: { invoke: number; ok: number; replica: string; image: Record<string, Json> }[] = [];
  const openReads = new Map<string, number>();
  const unprotected = new Set<Write>();
  let protection = true;
  h.ops.forEach((op, i) => {
    if (op.f === 'protection') protection = op.value !== 'off';
    const proc = String(op.process);
    if (op.f === 'write') {
      if (op.type === 'invoke') {
        const w: Write = { key: op.key!, value: String(op.value), process: op.process, invoke: i, complete: Infinity, outcome: 'info' };
        writes.push(w);
        byValue.set(w.value, w);
        open.set(proc, w);
      } else {
        const w = open.get(proc)!;
        open.delete(proc);
        w.complete = i;
        w.outcome = op.type === 'ok' ? 'ok' : op.type === 'fail' ? 'fail' : 'info';
        if (w.outcome === 'ok' && !protection) unprotected.add(w);
      }
    } else if (op.f === 'read') {
      if (op.type === 'invoke') openReads.set(proc, i);
      else {
        const inv = openReads.get(proc)!;
        openReads.delete(proc);
        if (op.type === 'ok') reads.push({ invoke: inv, ok: i, replica: op.replica!, image: op.value as Record<string, Json> });
      }
    } else if (op.type !== 'invoke') faults.push({ op: i, f: op.f, value: op.value ?? null });
  });

  const violations: HistoryViolation[] = [];
  const reports: ReadReport[] = [];
  // Episodes: a read group closes at its last completion; the next episode starts after it.
  let episodeStart = -1;
  let groupEnd = -1;
  for (let r = 0; r < reads.length; r++) {
    const read = reads[r];
    // A write invoked between two reads starts a new episode.
    if (r > 0 && writes.some((w) => w.invoke > reads[r - 1].ok && w.invoke < read.invoke)) episodeStart = groupEnd;
    groupEnd = Math.max(groupEnd, read.ok);
    const role = spec.roles[read.replica];
    const fault = faults.filter((f) => f.op < read.invoke).pop();
    const after = fault ? ` after ${fault.f}${fault.value !== null ? ` ${JSON.stringify(fault.value)}` : ''} (op ${fault.op})` : '';
    const where = `the ${read.replica} replica read at op ${read.invoke}${after}`;
    // What the replica holds, per key: a write, or a value nobody wrote.
    const present = new Map<string, Write>();
    let presentUnknown = 0;
    for (const [key, v] of Object.entries(read.image)) {
      const w = byValue.get(String(v));
      if (!w || w.key !== key || w.invoke > read.ok) {
        violations.push({ kind: 'phantom', property: role.phantom, ops: [read.invoke], sentence: `${where} holds ${key}=${String(v)}, which no write before it carried.` });
        continue;
      }
      if (w.outcome === 'fail' && !role.failedMayPersist) {
        violations.push({ kind: 'phantom', property: role.phantom, ops: [w.invoke, w.complete, read.invoke], sentence: `${who(w)} failed at op ${w.complete}, yet ${where} holds it.` });
        continue;
      }
      if (w.outcome === 'info' || w.complete > read.invoke) presentUnknown++;
      present.set(key, w);
    }
    // A write is covered when its key holds it, or a write that does not precede it.
    const covered = (w: Write): boolean => {
      const p = present.get(w.key);
      return p !== undefined && (p === w || !(p.complete < w.invoke));
    };
    const acknowledged = writes.filter((w) => w.outcome === 'ok' && w.complete > episodeStart && w.complete < read.invoke);
    const missing = acknowledged.filter((w) => !covered(w));
    const required = missing.filter((w) => !unprotected.has(w));
    reports.push({ op: read.invoke, replica: read.replica, guarantee: role.guarantee, acknowledged: acknowledged.length, missingAcknowledged: missing.length, missingUnprotected: missing.length - required.length, present: present.size, presentUnknown });
    if (role.guarantee === 'complete' && required.length > 0) {
      const missing = required;
      const shown = missing.slice(0, 3).map((w) => `${who(w)} acknowledged at op ${w.complete}`);
      violations.push({
        kind: 'lost',
        property: role.lost ?? role.order,
        ops: [...missing.flatMap((w) => [w.invoke, w.complete]), read.invoke],
        sentence: `${shown.join('; ')}${missing.length > 3 ? ` and ${missing.length - 3} more acknowledged writes` : ''}: ${where} does not hold ${missing.length === 1 ? 'it' : 'them'}.`,
      });
    }
    // Write-order fidelity: for each missing acknowledged write, the earliest-invoked present write
    // issued after it completed shows the image is no prefix.
    const presentByInvoke = [...present.values()].filter((p) => p.invoke > episodeStart).sort((a, b) => a.invoke - b.invoke);
    const orderBroken: [Write, Write][] = [];
    for (const w of missing) {
      let lo = 0;
      let hi = presentByInvoke.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (presentByInvoke[mid].invoke > w.complete) hi = mid;
        else lo = mid + 1;
      }
      if (lo < presentByInvoke.length) orderBroken.push([w, presentByInvoke[lo]]);
    }
    if (orderBroken.length > 0) {
      const [w, p] = orderBroken[0];
      violations.push({
        kind: 'order',
        property: role.order,
        ops: [w.complete, p.invoke, read.invoke],
        sentence: `${where} holds ${who(p)}, invoked at op ${p.invoke}, but not ${who(w)}, acknowledged before it at op ${w.complete}: no prefix of the write order${orderBroken.length > 1 ? ` (${orderBroken.length} such pairs)` : ''}.`,
      });
    }
  }
  const count = (o: Write['outcome']): number => writes.filter((w) => w.outcome === o && w.complete !== Infinity).length;
  return {
    system: h.system,
    valid: violations.length === 0,
    ops: h.ops.length,
    writes: { invoked: writes.length, ok: count('ok'), fail: count('fail'), info: writes.length - count('ok') - count('fail') },
    faults,
    reads: reports,
    violations,
  };
}
