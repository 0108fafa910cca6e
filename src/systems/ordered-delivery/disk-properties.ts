// The checks of the disk embodiment (metadata in properties.ts). Outcome properties (I-11, P-3, G-host)
// read only the ghost record (what the hosts were told, what arrived at the remote, what a volatile
// cache lost), the packets' own stamps and the remote disks a recovering host would read; the others
// restate the protocol's rules over its bookkeeping. Nothing here allocates per call.
import type { Model, State } from '../../engine/contract.js';
import { ghostIntegrity } from '../../engine/ghost.js';
import { fieldPositions } from '../../engine/layout.js';
import { HEARTBEAT, NEG_INF, SITE_FAILED_OVER, SITE_MIRRORING, W_LOCAL, W_SENT, W_UNSENT, type DiskKernel } from './disk.js';

export function diskChecks(k: DiskKernel): Pick<Model, 'always' | 'step' | 'sometimes' | 'eventually'> {
  const { f, S, Q, NSLOT, AN, LG, W, cfg, addrStream, addrLg, streamRds, streamLg, streamOfSlot, applied, received } = k;
  const image = new Int32Array(AN);
  const disk = new Int32Array(AN);
  const arrivedTs = new Int32Array(S);
  // The fields each check reads (incremental.ts): whole fields, since a write's slot or address picks the word.
  const at = fieldPositions(f, k.size);
  const arrivedTop = new Int32Array(S);

  const anyLost = (s: State): boolean => {
    for (let slot = 0; slot < NSLOT; slot++) if (s[f.G_LOST + slot]) return true;
    return false;
  };
  const lgOfWrite = (s: State, w: number): number => addrLg[s[f.W_ADDR + w]];

  /** Per stream, from the ghost: the top of the run of packets that arrived from the first, and its stamp. */
  function arrivedRuns(s: State): void {
    for (let st = 0; st < S; st++) {
      let top = -1;
      while (top + 1 < Q && s[f.G_ARRIVED + st * Q + top + 1] && !s[f.G_LOST + st * Q + top + 1]) top++;
      arrivedTop[st] = top;
      arrivedTs[st] = top < 0 ? NEG_INF : s[f.SLOT_TS + st * Q + top];
    }
  }

  /**
   * What arrived proves write w complete: nothing it depends on can still be missing. With a unique
   * clock: w is in its stream's arrived run and every other stream of its limit group arrived past
   * its stamp. With a coarse clock every stream, its own included, must have arrived past its stamp.
   */
  function provable(s: State, w: number): boolean {
    const slot = s[f.W_SLOT + w];
    if (slot < 0) return false;
    const st = streamOfSlot(slot);
    const ts = s[f.SLOT_TS + slot];
    const lg = streamLg[st];
    if (cfg.clock === 'unique' && slot % Q > arrivedTop[st]) return false;
    for (let o = 0; o < S; o++) {
      if (streamLg[o] !== lg || (o === st && cfg.clock === 'unique')) continue;
      if (arrivedTs[o] <= ts) return false;
    }
    return true;
  }

  const always: Model['always'] = [
    {
      id: 'I-1',
      reads: at('GOT', 'LIMIT', 'NOW', 'NWRITES', 'W_ADDR', 'W_SLOT', 'W_TS'),
      holds: (s) => {
        for (let lg = 0; lg < LG; lg++) if (s[f.LIMIT + lg] > s[f.NOW]) return false;
        for (let w = 0; w < s[f.NWRITES]; w++) if (s[f.W_TS + w] < s[f.LIMIT + lgOfWrite(s, w)] && !received(s, w)) return false;
        return true;
      },
    },
    {
      id: 'I-2',
      reads: at('COUNTER', 'SLOT_TS'),
      holds: (s) => {
        for (let st = 0; st < S; st++) {
          for (let q = 1; q < s[f.COUNTER + st]; q++) if (s[f.SLOT_TS + st * Q + q - 1] > s[f.SLOT_TS + st * Q + q]) return false;
        }
        return true;
      },
    },
    {
      id: 'I-4',
      reads: at('GOT', 'HWM', 'HWM_TS', 'SLOT_TS'),
      holds: (s) => {
        for (let st = 0; st < S; st++) {
          let h = -1;
          while (h + 1 < Q && s[f.GOT + st * Q + h + 1]) h++;
          if (s[f.HWM + st] !== h) return false;
          if (s[f.HWM_TS + st] !== (h < 0 ? NEG_INF : s[f.SLOT_TS + st * Q + h])) return false;
        }
        return true;
      },
    },
    {
      id: 'I-5',
      reads: at('APPLIED', 'GOT', 'G_LOST', 'SLOT_WRITE'),
      holds: (s) => {
        if (anyLost(s)) return true; // a volatile cache lost an entry below: shown by N-volatile-hole
        for (let st = 0; st < S; st++) {
          let allBefore = true; // every lower seq received, and applied when it is a write
          for (let q = 0; q < Q; q++) {
            const slot = st * Q + q;
            if (s[f.APPLIED + slot] > 0 && !allBefore) return false;
            if (!s[f.GOT + slot] || (s[f.SLOT_WRITE + slot] >= 0 && s[f.APPLIED + slot] === 0)) allBefore = false;
          }
        }
        return true;
      },
    },
    {
      id: 'I-8',
      reads: at('CACHED', 'DISK', 'G_LOST', 'LIMIT', 'NWRITES', 'SLOT_TS', 'SLOT_WRITE', 'W_ADDR'),
      holds: (s) => {
        if (anyLost(s)) return true;
        const rec = k.recoverableImage(s);
        for (let lg = 0; lg < LG; lg++) if (!k.isPrefixImage(s, rec, lg)) return false;
        return true;
      },
    },
    {
      id: 'I-10',
      reads: at('APPLIED', 'LIMIT', 'NWRITES', 'W_ADDR', 'W_SLOT', 'W_TS'),
      holds: (s) => {
        for (let w = 0; w < s[f.NWRITES]; w++) if (applied(s, w) && s[f.W_TS + w] > s[f.LIMIT + lgOfWrite(s, w)]) return false;
        return true;
      },
    },
    {
      id: 'I-11',
      reads: at('DISK', 'G_ARRIVED', 'G_LOST', 'H_ACK', 'NWRITES', 'SITE_ST', 'SLOT_TS', 'W_ADDR', 'W_SLOT'),
      holds: (s) => {
        // After failover, what a recovering host reads: a prefix of the host's writes (over the
        // limit's scope), holding every write what arrived proves complete.
        if (s[f.SITE_ST] !== SITE_FAILED_OVER || anyLost(s)) return true;
        for (let x = 0; x < AN; x++) disk[x] = s[f.DISK + x];
        arrivedRuns(s);
        for (let lg = 0; lg < LG; lg++) if (!k.isPrefixImage(s, disk, lg)) return false;
        for (let w = 0; w < s[f.NWRITES]; w++) {
          if (!s[f.H_ACK + w] || !provable(s, w)) continue;
          if (disk[s[f.W_ADDR + w]] < w + 1) return false;
        }
        return true;
      },
    },
    {
      id: 'I-12',
      reads: at('APPLIED'),
      holds: (s) => {
        for (let slot = 0; slot < NSLOT; slot++) if (s[f.APPLIED + slot] > 1) return false;
        return true;
      },
    },
    {
      id: 'I-13',
      reads: at('ACKED', 'GOT', 'NET_ACK'),
      holds: (s) => {
        for (let slot = 0; slot < NSLOT; slot++) if ((s[f.NET_ACK + slot] > 0 || s[f.ACKED + slot]) && !s[f.GOT + slot]) return false;
        return true;
      },
    },
    {
      id: 'I-14',
      reads: at('ACKED', 'LOCAL_DISK', 'NWRITES', 'W_ADDR', 'W_SLOT', 'W_STATUS'),
      holds: (s) => {
        // Only acknowledged writes reach the local disk unit, and each block holds the newest of them.
        for (let x = 0; x < AN; x++) image[x] = 0;
        for (let w = 0; w < s[f.NWRITES]; w++) {
          if (s[f.W_STATUS + w] !== W_LOCAL) continue;
          if (!s[f.ACKED + s[f.W_SLOT + w]]) return false;
          image[s[f.W_ADDR + w]] = w + 1;
        }
        for (let a = 0; a < AN; a++) if (s[f.LOCAL_DISK + a] !== image[a]) return false;
        return true;
      },
    },
    {
      id: 'I-15',
      reads: at('CACHED'),
      holds: (s) => {
        for (let slot = 0; slot < NSLOT; slot++) if (s[f.CACHED + slot] > 1) return false;
        return true;
      },
    },
    {
      id: 'E-6',
      reads: at('E_SEQ', 'E_TS', 'NWRITES', 'W_SLOT', 'W_STATUS', 'W_TS'),
      holds: (s) => {
        // The local entry holds its timestamp from receipt, its sequence number from the send, and
        // neither once the completion notice arrived (【0033】).
        for (let w = 0; w < s[f.NWRITES]; w++) {
          const st = s[f.W_STATUS + w];
          const ts = s[f.E_TS + w];
          const seq = s[f.E_SEQ + w];
          if (st === W_UNSENT && (ts !== s[f.W_TS + w] || seq !== 0)) return false;
          if (st === W_SENT && (ts !== s[f.W_TS + w] || seq !== s[f.W_SLOT + w] + 1)) return false;
          if (st === W_LOCAL && (ts !== 0 || seq !== 0)) return false;
        }
        return true;
      },
    },
  ];

  const ghostFields = [
    ...Array.from({ length: W }, (_, w) => ({ offset: f.H_ACK + w, finalFrom: 1 })),
    ...Array.from({ length: NSLOT }, (_, x) => ({ offset: f.G_ARRIVED + x, finalFrom: 1 })),
    ...Array.from({ length: NSLOT }, (_, x) => ({ offset: f.G_LOST + x, finalFrom: 1 })),
  ];
  const step: Model['step'] = [
    {
      id: 'I-6',
      watches: at('DISK'), // a block that does not change does not go back
      holds: (prev, _a, nxt) => {
        // No remote block ever goes back to an older write, in the hosts' issue order.
        for (let a = 0; a < AN; a++) if (nxt[f.DISK + a] < prev[f.DISK + a]) return false;
        return true;
      },
    },
    {
      id: 'I-3',
      watches: at('LIMIT'), // a limit that does not change does not fall
      holds: (prev, _a, nxt) => {
        for (let lg = 0; lg < LG; lg++) if (nxt[f.LIMIT + lg] < prev[f.LIMIT + lg]) return false;
        return true;
      },
    },
    {
      id: 'I-7',
      watches: at('APPLIED'), // only a packet newly applied is checked
      holds: (prev, _a, nxt) => {
        for (let slot = 0; slot < NSLOT; slot++) {
          if (nxt[f.APPLIED + slot] <= prev[f.APPLIED + slot]) continue;
          const st = streamOfSlot(slot);
          for (let o = 0; o < NSLOT; o++) {
            const so = streamOfSlot(o);
            if (prev[f.APPLIED + o] > 0 && streamRds[so] === streamRds[st] && streamLg[so] === streamLg[st] && prev[f.SLOT_TS + o] > nxt[f.SLOT_TS + slot]) return false;
          }
        }
        return true;
      },
    },
    ghostIntegrity('G-host', ghostFields),
  ];

  // Slot predicates are built once, so the witness checks in the explorer's loop allocate nothing.
  type SlotPred = (s: State, slot: number) => boolean;
  const anySlot = (s: State, p: SlotPred): boolean => {
    for (let slot = 0; slot < NSLOT; slot++) if (p(s, slot)) return true;
    return false;
  };
  const limitOf = (s: State, slot: number): number => s[f.LIMIT + streamLg[streamOfSlot(slot)]];
  const aboveGap: SlotPred = (s, slot) => s[f.GOT + slot] === 1 && slot % Q > s[f.HWM + streamOfSlot(slot)] + 1;
  const heldBack: SlotPred = (s, slot) => s[f.CACHED + slot] > 0 && !k.admitted(s[f.SLOT_TS + slot], limitOf(s, slot));
  const isApplied: SlotPred = (s, slot) => s[f.APPLIED + slot] > 0;
  const dupInFlight: SlotPred = (s, slot) => s[f.NET_DATA + slot] > 0 && (s[f.APPLIED + slot] > 0 || s[f.CACHED + slot] > 0);
  const appliedBelowLimit: SlotPred = (s, slot) => s[f.APPLIED + slot] > 0 && s[f.SLOT_TS + slot] < limitOf(s, slot) - 1;
  const ackInFlight: SlotPred = (s, slot) => s[f.NET_ACK + slot] > 0;
  const isCached: SlotPred = (s, slot) => s[f.CACHED + slot] > 0;
  const isLost: SlotPred = (s, slot) => s[f.G_LOST + slot] === 1;
  const anyLimitRaised = (s: State): boolean => {
    for (let lg = 0; lg < LG; lg++) if (s[f.LIMIT + lg] > NEG_INF) return true;
    return false;
  };

  const sometimes: Model['sometimes'] = [
    { id: 'W-gap', reached: (s) => anySlot(s, aboveGap) },
    { id: 'W-held-back', reached: (s) => anyLimitRaised(s) && anySlot(s, heldBack) && anySlot(s, isApplied) },
    {
      id: 'W-cross-rds',
      reached: (s) => {
        for (let w = 0; w < s[f.NWRITES]; w++) {
          if (received(s, w)) continue;
          const r = streamRds[addrStream[s[f.W_ADDR + w]]];
          for (let slot = 0; slot < NSLOT; slot++) {
            if (s[f.CACHED + slot] > 0 && streamRds[streamOfSlot(slot)] !== r && s[f.SLOT_TS + slot] > s[f.W_TS + w]) return true;
          }
        }
        return false;
      },
    },
    {
      id: 'W-partial',
      reached: (s) => {
        let onDisk = false;
        let missing = false;
        for (let w = 0; w < s[f.NWRITES]; w++) {
          if (applied(s, w)) onDisk = true;
          if (!received(s, w)) missing = true;
        }
        return onDisk && missing;
      },
    },
    {
      id: 'W-same-address',
      reached: (s) => {
        for (let w = 0; w < s[f.NWRITES]; w++)
          for (let v = 0; v < w; v++) if (s[f.W_ADDR + v] === s[f.W_ADDR + w] && applied(s, v) && applied(s, w)) return true;
        return false;
      },
    },
    {
      id: 'W-rds-order',
      reached: (s) => {
        for (let a = 0; a < NSLOT; a++)
          for (let b = 0; b < a; b++)
            if (
              s[f.APPLIED + a] > 0 &&
              s[f.APPLIED + b] > 0 &&
              s[f.SLOT_TS + a] !== s[f.SLOT_TS + b] &&
              streamRds[streamOfSlot(a)] === streamRds[streamOfSlot(b)]
            )
              return true;
        return false;
      },
    },
    { id: 'W-dup-after-apply', reached: (s) => anySlot(s, dupInFlight) },
    {
      id: 'W-failover-loss',
      reached: (s) => {
        if (s[f.SITE_ST] !== SITE_FAILED_OVER) return false;
        let kept = false;
        let lost = false;
        for (let w = 0; w < s[f.NWRITES]; w++) {
          if (applied(s, w)) kept = true;
          else lost = true;
        }
        return kept && lost;
      },
    },
    {
      id: 'W-failover-top',
      // Failover kept a write stamped exactly at the final limit: more than the destage gate
      // ever admitted, because the received runs prove it complete.
      reached: (s) => {
        if (s[f.SITE_ST] !== SITE_FAILED_OVER) return false;
        for (let w = 0; w < s[f.NWRITES]; w++) if (applied(s, w) && s[f.W_TS + w] === s[f.LIMIT + lgOfWrite(s, w)]) return true;
        return false;
      },
    },
    { id: 'W-limit-raised', reached: (s) => anyLimitRaised(s) && anySlot(s, appliedBelowLimit) },
    { id: 'W-ack', reached: (s) => anySlot(s, ackInFlight) },
    {
      id: 'W-local-destage',
      reached: (s) => {
        for (let w = 0; w < s[f.NWRITES]; w++) if (s[f.W_STATUS + w] === W_LOCAL) return true;
        return false;
      },
    },
    {
      id: 'W-stream-order',
      reached: (s) => {
        for (let st = 0; st < S; st++) {
          let writes = 0;
          for (let q = 0; q < s[f.COUNTER + st]; q++) if (s[f.SLOT_WRITE + st * Q + q] >= 0) writes++;
          if (writes >= 2) return true;
        }
        return false;
      },
    },
    {
      id: 'W-tie-fault',
      // Two writes share a timestamp while a packet was lost or duplicated.
      reached: (s) => {
        if (s[f.DROPS] + s[f.DUPS] === 0) return false;
        for (let w = 1; w < s[f.NWRITES]; w++) if (s[f.W_TS + w] === s[f.W_TS + w - 1]) return true;
        return false;
      },
    },
    {
      id: 'W-groups-apart',
      // Per-group limits: one group destaged a write stamped past the other group's limit.
      reached: (s) => {
        if (LG < 2) return false;
        for (let w = 0; w < s[f.NWRITES]; w++) {
          if (!applied(s, w)) continue;
          const lg = lgOfWrite(s, w);
          for (let o = 0; o < LG; o++) if (o !== lg && s[f.W_TS + w] > s[f.LIMIT + o]) return true;
        }
        return false;
      },
    },
    { id: 'W-cache-lost', reached: (s) => anySlot(s, isLost) },
    {
      id: 'N-volatile-hole',
      // Allowed with a volatile cache: a write is on disk while an earlier write of its limit group
      // was lost from a crashed cache after being acknowledged: the remote image has a hole.
      reached: (s) => {
        for (let slot = 0; slot < NSLOT; slot++) {
          if (!s[f.G_LOST + slot] || s[f.SLOT_WRITE + slot] === HEARTBEAT) continue;
          const lost = s[f.SLOT_WRITE + slot];
          for (let w = lost + 1; w < s[f.NWRITES]; w++) if (applied(s, w) && lgOfWrite(s, w) === lgOfWrite(s, lost)) return true;
        }
        return false;
      },
    },
  ];

  const eventually: Model['eventually'] = [
    {
      id: 'P-3',
      converged: (s) => {
        if (s[f.SITE_ST] === SITE_FAILED_OVER || anyLost(s)) return true;
        if (s[f.SITE_ST] !== SITE_MIRRORING) return false;
        for (let x = 0; x < AN; x++) image[x] = 0;
        for (let w = 0; w < s[f.NWRITES]; w++) if (s[f.H_ACK + w]) image[s[f.W_ADDR + w]] = w + 1;
        for (let a = 0; a < AN; a++) if (s[f.DISK + a] !== image[a]) return false;
        return !anySlot(s, isCached);
      },
    },
    {
      id: 'P-4',
      converged: (s) => {
        // B-hold's own guarantee: everything stamped before the earliest last-sent stamp is recoverable.
        if (s[f.SITE_ST] !== SITE_MIRRORING || anyLost(s)) return true;
        const rec = k.recoverableImage(s);
        for (let w = 0; w < s[f.NWRITES]; w++) {
          const lg = lgOfWrite(s, w);
          let min = 0x3fffffff;
          for (let st = 0; st < S; st++) if (streamLg[st] === lg && s[f.LAST_SENT_TS + st] < min) min = s[f.LAST_SENT_TS + st];
          if (s[f.W_TS + w] < min && rec[s[f.W_ADDR + w]] < w + 1) return false;
        }
        return true;
      },
    },
    {
      id: 'P-5',
      converged: (s) => {
        if (s[f.SITE_ST] !== SITE_MIRRORING) return true;
        for (let x = 0; x < AN; x++) image[x] = 0;
        for (let w = 0; w < s[f.NWRITES]; w++) {
          if (s[f.W_STATUS + w] !== W_LOCAL) return false;
          image[s[f.W_ADDR + w]] = w + 1;
        }
        for (let a = 0; a < AN; a++) if (s[f.LOCAL_DISK + a] !== image[a]) return false;
        return true;
      },
    },
  ];

  return { always, step, sometimes, eventually };
}
