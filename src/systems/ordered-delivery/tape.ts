// The tape embodiment of seed 004 (Figs. 16-20, 【0064】-【0080】): sequence-numbered read or write
// requests cross a network that reorders them, and the remote MT system keeps a queue ordered by
// block id so that each request reaches the right block.
import type { Action, Json, Model, State } from '../../engine/contract.js';
import { addMember, createLayout, fieldPositions, hasMember, lowestMember, memberCount, membersOf, nextFrom, removeMember, setWords } from '../../engine/layout.js';
import type { TapeConfig, TapeRules } from './config.js';

const ISSUE = 0;
const DELIVER_REQUEST = 1;
const DELIVER_REPLY = 2;
const FLUSH = 3;
const DUPLICATE = 4;
const SHIFT = 12;
const code = (type: number, arg = 0): number => (type << SHIFT) | arg;
const NOT_FOUND = -1;

export interface TapeModel extends Model {
  /** Offsets the falsifiers corrupt. */
  readonly k: { N: number; M: number; ISSUED: number; NEXT_SEQ: number; QUEUE: number; QLEN: number };
  outstanding(s: State): number;
  /** Issues one more request in place, window or not (the I-T4 falsifier's corruption). */
  issueAnother(s: State): void;
}

export function buildTapeModel(cfg: TapeConfig, rules: TapeRules): TapeModel {
  const N = cfg.blocks;
  const M = cfg.window;
  const write = cfg.direction === 'write';
  const layout = createLayout();
  const field = layout.field;
  const ISSUED = field();
  const NEXT_SEQ = field(); // counter 1632
  const QLEN = field();
  const TAPE_LEN = field();
  const DUPS = field();
  const STALE = field(); // ghost: stale read requests the MT system turned away
  // Requests in flight as two sets of blocks (layout.ts): block k is in REQ while request k has a
  // copy in flight, and in REQ2 while it has two (the network copied it, R-10). With a word per block
  // for the requests, the notices and the slots, those were 36 of tape-write-standard's 66 words:
  // as sets they are 8, and its steady search is 13-17 % faster (the explorer copies, compares and
  // queues every word of a state per transition).
  const SET = setWords(N);
  const REQ = layout.set(N);
  const REQ2 = layout.set(N);
  // write: the sets of completion notices in flight and received; read: block id + 1 in flight for
  // slot k (0 none), and the block id + 1 the issuer placed at slot k.
  const REPLY = write ? layout.set(N) : field(N);
  const DONE = write ? layout.set(N) : field(N);
  const QUEUE = field(N); // MT queue 1626 as block ids, head first
  const TAPE = field(N);
  const SIZE = layout.size;
  const fields = { ISSUED, NEXT_SEQ, QLEN, TAPE_LEN, DUPS, STALE, REQ, REQ2, REPLY, DONE, QUEUE, TAPE };
  // The fields each check reads (incremental.ts).
  const at = fieldPositions(fields, SIZE);

  function initial(): State {
    const s = new Int32Array(SIZE);
    if (!write) {
      // A group of read data already in the queue, ordered by block id; counter 1632 names the head.
      for (let k = 0; k < N; k++) s[QUEUE + k] = k;
      s[QLEN] = N;
    }
    return s;
  }

  /** The set of blocks at field `at`, as the bits of one number. */
  const setOf = (s: State, at: number): number => membersOf(s, at, SET);

  const outstanding = (s: State): number => {
    if (write) return memberCount(~setOf(s, DONE) & ((1 << s[ISSUED]) - 1));
    let n = 0;
    for (let k = 0; k < s[ISSUED]; k++) if (!s[DONE + k]) n++;
    return n;
  };

  function actions(s: State, out: Int32Array): number {
    let n = 0;
    // Steps 1700-1703 / 1800-1803: keep issuing while fewer than m requests are outstanding.
    if (s[ISSUED] < N && outstanding(s) < M) out[n++] = code(ISSUE);
    // Blocks in increasing order, as a loop over them would give (ids and traces follow the order).
    const requests = setOf(s, REQ);
    for (let m = requests; m !== 0; m &= m - 1) out[n++] = code(DELIVER_REQUEST, lowestMember(m));
    if (write) for (let m = setOf(s, REPLY); m !== 0; m &= m - 1) out[n++] = code(DELIVER_REPLY, lowestMember(m));
    else for (let k = 0; k < N; k++) if (s[REPLY + k]) out[n++] = code(DELIVER_REPLY, k);
    // [INFERRED] only the contiguous prefix goes to tape; the naive design writes its head as it is.
    if (write && s[QLEN] > 0 && (s[QUEUE] === s[TAPE_LEN] || rules.locate === 'arrival')) out[n++] = code(FLUSH);
    // The network may copy a request once (a retransmission): the late copy is stale.
    if (s[DUPS] < (cfg.duplicates ?? 0)) for (let m = requests & ~setOf(s, REQ2); m !== 0; m &= m - 1) out[n++] = code(DUPLICATE, lowestMember(m));
    return n;
  }

  function removeAt(out: State, i: number): void {
    for (let j = i; j < out[QLEN] - 1; j++) out[QUEUE + j] = out[QUEUE + j + 1];
    out[QLEN]--;
    out[QUEUE + out[QLEN]] = 0;
  }

  /** Steps 1904-1905: the entry D requests ahead of the head; by block id, by counting entries, or the head itself (N-6). */
  function locate(s: State, d: number): number {
    if (rules.locate === 'arrival') return 0;
    if (rules.locate === 'count') return d >= 0 && d < s[QLEN] ? d : NOT_FOUND;
    const target = s[QUEUE] + d;
    for (let i = 0; i < s[QLEN]; i++) if (s[QUEUE + i] === target) return i;
    return NOT_FOUND;
  }

  const next = nextFrom(update);

  function issueAnother(s: State): void {
    addMember(s, REQ, s[ISSUED]);
    s[ISSUED]++;
  }

  /** `next` on a copy of `s` already in `out` (contract.ts). */
  function update(s: State, c: number, out: State): void {
    const k = c & ((1 << SHIFT) - 1);
    switch (c >> SHIFT) {
      case ISSUE:
        addMember(out, REQ, s[ISSUED]);
        out[ISSUED]++;
        return;
      case DUPLICATE:
        addMember(out, REQ2, k);
        out[DUPS]++;
        return;
      case DELIVER_REQUEST: {
        // One copy fewer: the second if there are two.
        if (hasMember(s, REQ2, k)) removeMember(out, REQ2, k);
        else removeMember(out, REQ, k);
        if (write) {
          // Steps 2000-2009. Block id = sequence number here (block id base 0).
          const len = s[QLEN];
          let at: number;
          if (k >= s[NEXT_SEQ] || rules.locate === 'arrival') {
            at = len; // steps 2002-2004: tail, counter := s + 1 (N-5: every arrival goes to the tail)
            out[NEXT_SEQ] = Math.max(s[NEXT_SEQ], k + 1);
          } else if (rules.locate === 'count') {
            at = Math.max(0, len - (s[NEXT_SEQ] - k - 1)); // d entries back from the tail
          } else {
            at = 0;
            while (at < len && s[QUEUE + at] < k) at++; // step 2007: position by block id
          }
          for (let j = len; j > at; j--) out[QUEUE + j] = out[QUEUE + j - 1];
          out[QUEUE + at] = k;
          out[QLEN]++;
          addMember(out, REPLY, k);
          return;
        }
        // Steps 1900-1907. [INFERRED] A request whose block is no longer queued (a stale copy, R-10)
        // is turned away without a reply: the issuer already holds that slot, or will from the original.
        const i = s[QLEN] === 0 ? NOT_FOUND : k === s[NEXT_SEQ] ? 0 : locate(s, k - s[NEXT_SEQ]);
        if (i === NOT_FOUND) {
          out[STALE]++;
          return;
        }
        out[REPLY + k] = s[QUEUE + i] + 1;
        const oldHead = s[QUEUE];
        removeAt(out, i);
        // Step 1903: keep the offset between the counter and the head's block id.
        if (i === 0) out[NEXT_SEQ] = out[QLEN] > 0 ? s[NEXT_SEQ] + (out[QUEUE] - oldHead) : s[NEXT_SEQ] + 1;
        return;
      }
      case DELIVER_REPLY:
        // Steps 1705 / 1805: the issuer places what it gets by sequence number.
        if (write) {
          addMember(out, DONE, k);
          removeMember(out, REPLY, k);
        } else {
          out[DONE + k] = s[REPLY + k];
          out[REPLY + k] = 0;
        }
        return;
      case FLUSH:
        // [INFERRED] only the contiguous prefix of the queue goes to tape (seed-notes §4.14).
        out[TAPE + s[TAPE_LEN]] = s[QUEUE] + 1;
        out[TAPE_LEN]++;
        removeAt(out, 0);
        return;
      default:
        throw new Error(`unknown action code ${c}`);
    }
  }

  function actionToJson(_s: State, c: number): Action {
    const k = c & ((1 << SHIFT) - 1);
    switch (c >> SHIFT) {
      case ISSUE:
        return { type: 'issue' };
      case DELIVER_REQUEST:
        return { type: 'deliver', seq: k };
      case DELIVER_REPLY:
        return { type: 'deliverReply', seq: k };
      case FLUSH:
        return { type: 'flush' };
      case DUPLICATE:
        return { type: 'duplicate', seq: k };
      default:
        throw new Error(`unknown action code ${c}`);
    }
  }

  function actionFromJson(a: Action): number | undefined {
    const seq = typeof a.seq === 'number' && Number.isInteger(a.seq) && a.seq >= 0 && a.seq < N ? a.seq : undefined;
    switch (a.type) {
      case 'issue':
        return code(ISSUE);
      case 'flush':
        return code(FLUSH);
      case 'deliver':
        return seq === undefined ? undefined : code(DELIVER_REQUEST, seq);
      case 'deliverReply':
        return seq === undefined ? undefined : code(DELIVER_REPLY, seq);
      case 'duplicate':
        return seq === undefined ? undefined : code(DUPLICATE, seq);
      default:
        return undefined;
    }
  }

  // Stryker disable all: presentation for traces and replay, checked by properties/cli.test.ts, not a rule of the design.
  const list = (s: State, at: number, n: number, f: (v: number) => Json): Json[] => Array.from(s.subarray(at, at + n), f);
  /** Copies of request k in flight: 0, 1 or 2. */
  const copies = (s: State, k: number): number => hasMember(s, REQ, k) + hasMember(s, REQ2, k);
  /** What the issuer holds at slot k: write, 1 once notified; read, block id + 1. */
  const doneAt = (s: State, k: number): number => (write ? hasMember(s, DONE, k) : s[DONE + k]);
  /** What is in flight back to slot k: write, 1 for a completion notice; read, block id + 1. */
  const replyAt = (s: State, k: number): number => (write ? hasMember(s, REPLY, k) : s[REPLY + k]);

  function view(s: State): Record<string, Json> {
    const inFlight: Json[] = [];
    for (let k = 0; k < N; k++) {
      for (let c = 0; c < copies(s, k); c++) inFlight.push(`${write ? 'write' : 'read'} #${k}`);
      const r = replyAt(s, k);
      if (r) inFlight.push(write ? `done #${k}` : `block ${r > N ? 'error' : r - 1} for #${k}`);
    }
    return {
      direction: cfg.direction,
      issued: s[ISSUED],
      nextSeq: s[NEXT_SEQ],
      queue: list(s, QUEUE, s[QLEN], (b) => `block ${b}`),
      network: inFlight,
      issuer: Array.from({ length: N }, (_, k) => doneAt(s, k)).map((v) => (write ? v === 1 : v === 0 ? null : v > N ? 'error' : `block ${v - 1}`)),
      ...(s[STALE] ? { staleRequestsTurnedAway: s[STALE] } : {}),
      ...(write ? { tape: list(s, TAPE, s[TAPE_LEN], (b) => `block ${b - 1}`) } : {}),
    };
  }

  // Stryker restore all
  // The properties count the requests outstanding on their own, by another formula than the issuer's
  // `outstanding`: through that one, a fault in the issuer's count would blind I-T4, which bounds it.
  const unanswered = (s: State): number => {
    if (write) return s[ISSUED] - memberCount(setOf(s, DONE) & ((1 << s[ISSUED]) - 1));
    let n = s[ISSUED];
    for (let k = 0; k < N; k++) if (s[DONE + k] !== 0) n--;
    return n;
  };
  const always: Model['always'] = [
    {
      id: 'I-T4',
      reads: at('ISSUED', 'DONE'),
      holds: (s) => unanswered(s) <= M,
      // A notification cannot raise the count the parent kept within the window: only one more
      // request issued, or a slot cleared, is judged in full.
      holdsAt: (s, changed, from, n) => {
        for (let i = from; i < from + n; i++) {
          const p = changed[i];
          if (p === ISSUED || (write ? p >= DONE && p < DONE + SET : p >= DONE && p < DONE + N && s[p] === 0)) return unanswered(s) <= M;
        }
        return true;
      },
    },
  ];
  if (write) {
    always.push(
      {
        id: 'I-T2',
        reads: at('QLEN', 'QUEUE'),
        holds: (s) => {
          for (let i = 1; i < s[QLEN]; i++) if (s[QUEUE + i - 1] >= s[QUEUE + i]) return false;
          return true;
        },
      },
      { id: 'E-T4', reads: at('QLEN', 'NEXT_SEQ', 'QUEUE'), holds: (s) => s[QLEN] === 0 || s[NEXT_SEQ] === s[QUEUE + s[QLEN] - 1] + 1 },
      {
        id: 'I-T3',
        reads: at('TAPE_LEN', 'TAPE'),
        holds: (s) => {
          for (let i = 0; i < s[TAPE_LEN]; i++) if (s[TAPE + i] !== i + 1) return false;
          return true;
        },
      },
    );
  } else {
    always.push(
      {
        id: 'E-T1',
        reads: at('REPLY', 'DONE'),
        holds: (s) => {
          for (let k = 0; k < N; k++) {
            if (s[REPLY + k] !== 0 && s[REPLY + k] !== k + 1) return false;
            if (s[DONE + k] !== 0 && s[DONE + k] !== k + 1) return false;
          }
          return true;
        },
        // Slot by slot: the slots the parent held are as they were.
        holdsAt: (s, changed, from, n) => {
          for (let i = from; i < from + n; i++) {
            const p = changed[i];
            const k = p >= DONE && p < DONE + N ? p - DONE : p >= REPLY && p < REPLY + N ? p - REPLY : -1;
            if (k >= 0 && s[p] !== 0 && s[p] !== k + 1) return false;
          }
          return true;
        },
      },
      { id: 'I-T1', reads: at('QLEN', 'NEXT_SEQ', 'QUEUE'), holds: (s) => s[QLEN] === 0 || s[NEXT_SEQ] === s[QUEUE] },
    );
  }

  const sometimes: Model['sometimes'] = write
    ? [
        {
          id: 'W-T-late-write',
          reached: (s) => {
            for (let i = 1; i < s[QLEN]; i++) if (s[QUEUE + i] > s[QUEUE + i - 1] + 1) return true;
            return s[QLEN] > 0 && s[QUEUE] > s[TAPE_LEN];
          },
        },
        { id: 'W-T-flushed-all', reached: (s) => s[TAPE_LEN] === N },
        // Step 1806's exit: the issuer holds the notice of every block. Without it, a model that lost
        // every notice but one still reached the tape, the window and the witnesses above.
        { id: 'W-T-all-notified', reached: (s) => memberCount(setOf(s, DONE)) === N },
      ]
    : [
        {
          id: 'W-T-read-ahead',
          reached: (s) => {
            for (let k = 1; k < N; k++) if (s[DONE + k] && !s[DONE + k - 1]) return true;
            return false;
          },
        },
        { id: 'W-T-stale-rejected', reached: (s) => s[STALE] > 0 },
        {
          id: 'W-T-hole',
          reached: (s) => {
            for (let i = 1; i < s[QLEN]; i++) if (s[QUEUE + i] > s[QUEUE + i - 1] + 1) return true;
            return false;
          },
        },
        // Step 1706's exit: every slot holds a block (E-T1 says which).
        {
          id: 'W-T-all-read',
          reached: (s) => {
            for (let k = 0; k < N; k++) if (s[DONE + k] === 0) return false;
            return true;
          },
        },
      ];

  // Every direction: the window is full, so I-T4 is tested at its bound.
  sometimes.push({ id: 'W-T-window-full', reached: (s) => unanswered(s) === M });

  const eventually: Model['eventually'] = [
    {
      id: 'P-T',
      converged: (s) => {
        if (write) return s[TAPE_LEN] === N;
        for (let k = 0; k < N; k++) if (s[DONE + k] !== k + 1) return false;
        return true;
      },
    },
  ];

  return {
    k: { N, M, ISSUED, NEXT_SEQ, QUEUE, QLEN },
    issueAnother,
    outstanding,
    stateSize: SIZE,
    fields,
    maxActions: 3 * N + 2,
    init: () => [initial()],
    actions,
    next,
    update,
    fair: () => true,
    actionToJson,
    actionFromJson,
    actionTypes: ['issue', 'deliver', 'deliverReply', 'flush', 'duplicate'],
    actionType: (c: number) => c >> SHIFT,
    view,
    always,
    step: [],
    sometimes,
    eventually,
  };
}
