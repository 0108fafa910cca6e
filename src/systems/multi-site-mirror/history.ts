// What a history of the mirror looks like from the hosts: the application's writes with their
// answers (the ghost record), the faults, and at each resume a read of the area the application
// resumes on. The roles are the sites a failover can resume at, with the seed's promise for each.
import type { Json } from '../../engine/contract.js';
import { HISTORY_FORMAT, type History, type HistoryOp, type HistorySpec } from '../../conformance/history.js';
import { configs } from './config.js';

export const mirrorHistory: HistorySpec = {
  roles: {
    // Figs. 10 and 14: the sync copy holds every acknowledged write (L461).
    sync: { describes: 'the near site (225C, synchronous copy) after a failover to it', guarantee: 'complete', lost: 'O-1', order: 'I1', phantom: 'O-1' },
    // Figs. 11, 12, 15, 16: the restart at the primary is lossless too (L515-L516).
    primary: { describes: 'the primary (225A) after a failback', guarantee: 'complete', lost: 'O-1', order: 'I1', phantom: 'O-1' },
    // Fig. 13: the far site holds the async backlog's prefix (L973, L295).
    // Fig. 14: the far site brought up to date from the near site before the resume (L567-L573).
    'async-lossless': { describes: 'the far site (225D) after Fig. 14 brought it up to date from 225C', guarantee: 'complete', lost: 'O-1', order: 'I1', phantom: 'O-1' },
    // Fig. 13. A write rolled back at the primary after its log entry left (step 920) may reach 225D: allowed.
    async: { describes: 'the far site (225D, asynchronous copy) after a failover to it', guarantee: 'prefix', order: 'I1', phantom: 'I1', failedMayPersist: true },
  },
  blind: {
    // I1 breaks on the order 225A applied two concurrent writes to one address; the far site applies
    // them the other way. Both orders are consistent with what the application saw (neither write
    // was answered before the other was issued), so only the primary's internal order tells.
    unserialized: 'two concurrent writes to one address reach 225D in the opposite order from 225A; both orders agree with real time, so no client history tells them apart',
  },
  fromViews(views, config) {
    const cfg = configs[config];
    if (!cfg || cfg.embodiment !== 'mirror') return undefined;
    const ops: HistoryOp[] = [];
    // Fig. 7 (L395): without failure protection nothing keeps 225C current; before normal operation
    // (M0, Fig. 3) no remote copy exists yet. Writes acknowledged then are not promised to survive.
    const unprotectedMode = (v: Record<string, Json>): boolean => !cfg.protection || v.mode === 'M0' || v.mode === 'fig3';
    let protectionOff = false;
    const protection = (v: Record<string, Json>, time: number): void => {
      if (unprotectedMode(v) === protectionOff) return;
      protectionOff = !protectionOff;
      ops.push({ process: 'operator', type: 'info', f: 'protection', value: protectionOff ? 'off' : 'on', time });
    };
    protection(views[0], 0);
    const AREA: Record<string, string> = { P: 'A', S: 'C', A: 'D' };
    type W = { address: number; answer: string };
    const writesOf = (v: Record<string, Json>): Record<string, W> => ((v.ghost as Record<string, Json>).writes ?? {}) as unknown as Record<string, W>;
    for (let i = 1; i < views.length; i++) {
      const before = views[i - 1];
      const after = views[i];
      const time = i;
      protection(after, time);
      const wb = writesOf(before);
      const wa = writesOf(after);
      for (const [id, w] of Object.entries(wa)) {
        const op = { process: Number(id.slice(1)), f: 'write', key: `a${w.address}`, value: id, time };
        if (!wb[id]) ops.push({ ...op, type: 'invoke' });
        const was = wb[id]?.answer ?? 'pending';
        if (was === 'pending' && w.answer !== 'pending') ops.push({ ...op, type: w.answer === 'ok' ? 'ok' : w.answer === 'failed' ? 'fail' : 'info' });
      }
      const sb = before.sites as Record<string, string>;
      const sa = after.sites as Record<string, string>;
      for (const site of Object.keys(sa)) if (sa[site] !== sb[site]) ops.push({ process: 'nemesis', type: 'info', f: `site-${sa[site]}`, value: site, time });
      const eb = (before.ghost as Record<string, number>).epoch;
      const ea = (after.ghost as Record<string, number>).epoch;
      if (ea > eb) {
        const apps = after.application as string[];
        const site = apps.find((s) => !(before.application as string[]).includes(s)) ?? apps[0];
        const role = site === 'A' ? (before.mode === 'fig13' ? 'async' : 'async-lossless') : site === 'S' ? 'sync' : 'primary';
        // At the primary the mirror program reads from a synchronized member (225A, else 225B).
        const members = (after.members as Record<string, string>[])[0];
        const areaName = site === 'P' && members.A !== 'synchronized' && members.B === 'synchronized' ? 'B' : AREA[site];
        const area = (after.areas as Record<string, string[]>)[areaName];
        const image: Record<string, Json> = {};
        area.forEach((x, c) => {
          if (x !== '-') image[`a${c}`] = x;
        });
        ops.push({ process: 'checker', type: 'invoke', f: 'read', replica: role, time });
        ops.push({ process: 'checker', type: 'ok', f: 'read', replica: role, value: image, time });
      }
    }
    return { format: HISTORY_FORMAT, system: 'multi-site-mirror', description: `model run on ${config}`, ops } satisfies History;
  },
};
