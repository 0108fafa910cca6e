// A concurrent workload of numbered inserts against the primary, recorded as a Jepsen-style history.
//
// Each worker is a client process: it invokes `INSERT INTO log VALUES (v)` with a value no other
// write uses, and records ok when the commit is acknowledged, fail only when the server says the
// statement did not run, and info otherwise (a connection lost or a commit not answered in time:
// the commit may or may not have happened). After an info the worker continues as a new process,
// as in Jepsen, since its old connection's fate is unknown.
import type pg from 'pg';
import type { HistoryOp } from '../history.js';
import { connect, sleep } from './cluster.js';

export class Recorder {
  readonly ops: HistoryOp[] = [];
  private readonly t0 = process.hrtime.bigint();
  /** Microseconds since the recorder started (a monotonic clock; reports only). */
  now(): number {
    return Number((process.hrtime.bigint() - this.t0) / 1000n);
  }
  add(op: Omit<HistoryOp, 'time'>): void {
    this.ops.push({ ...op, time: this.now() });
  }
  fault(f: string, value: string): void {
    this.add({ process: 'nemesis', type: 'info', f, value });
  }
}

export interface WorkloadOptions {
  clients: number;
  /** Stop invoking after this many writes in all. */
  maxWrites: number;
  /** A commit not answered within this many ms is recorded as info and its connection dropped. */
  opTimeoutMs: number;
}

/** SQLSTATEs that mean the insert did not take effect. */
const DEFINITE = new Set(['25006', '23505', '42P01', '42601', '53300', '57P03', '08004']);

export class Workload {
  private stopped = false;
  private next = 1;
  private generation = 0;
  readonly done: Promise<void>;
  acknowledged = 0;

  constructor(private readonly rec: Recorder, private readonly port: () => number, private readonly opts: WorkloadOptions) {
    this.done = Promise.all(Array.from({ length: opts.clients }, (_, i) => this.worker(i))).then(() => undefined);
  }

  stop(): Promise<void> {
    this.stopped = true;
    return this.done;
  }

  get invoked(): number {
    return this.next - 1;
  }

  private async open(): Promise<pg.Client | undefined> {
    const c = connect(this.port(), 1000);
    c.on('error', () => undefined);
    try {
      await c.connect();
      return c;
    } catch {
      await c.end().catch(() => undefined);
      return undefined;
    }
  }

  private async worker(index: number): Promise<void> {
    let proc = index;
    let client: pg.Client | undefined;
    while (!this.stopped && this.next <= this.opts.maxWrites) {
      if (!client) {
        client = await this.open();
        if (!client) {
          // The primary is gone or not accepting: nothing was sent, so nothing is recorded.
          await sleep(20);
          continue;
        }
      }
      const v = this.next++;
      const op = { process: proc, f: 'write', key: `r${v}`, value: v };
      this.rec.add({ ...op, type: 'invoke' });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), this.opts.opTimeoutMs)));
      const outcome = await Promise.race([
        client.query('INSERT INTO log (v) VALUES ($1)', [v]).then(
          () => 'ok' as const,
          (e: { code?: string }) => (e.code !== undefined && DEFINITE.has(e.code) ? ('fail' as const) : ('info' as const)),
        ),
        timeout,
      ]);
      clearTimeout(timer);
      if (outcome === 'ok') {
        this.rec.add({ ...op, type: 'ok' });
        this.acknowledged++;
        continue;
      }
      this.rec.add({ ...op, type: outcome === 'fail' ? 'fail' : 'info' });
      if (outcome !== 'fail') {
        // Unknown outcome: drop the connection (a pending commit is abandoned, not cancelled:
        // a cancel would make PostgreSQL report the commit as done without the standby) and go
        // on as a new process.
        (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        await client.end().catch(() => undefined);
        client = undefined;
        this.generation++;
        proc = index + this.opts.clients * this.generation;
      }
    }
    if (client) await client.end().catch(() => undefined);
  }
}
