// What each action means on a sequence diagram: hosts write to local disk systems (L0, ...), which
// send numbered packets over an unordered network to remote disk systems (R0, ...); the network
// drops, duplicates and reorders them; remote systems acknowledge on receipt and destage in order.
import type { Action, Json, StepDescription, TraceMessage } from '../../engine/contract.js';
import { firstRegression, firstStep, lossSentence, orderSentence, type AckedWrite, type Image } from '../../engine/explain.js';
import type { Stream } from './config.js';

type View = Record<string, Json>;

export function diskNarration(streams: Stream[], pairLds: number[], lds: number, rds: number) {
  const byName = new Map(streams.map((s) => [s.name, s]));
  const L = (a: Action): string => `L${byName.get(String(a.stream))?.lds ?? 0}`;
  const R = (a: Action): string => `R${byName.get(String(a.stream))?.rds ?? 0}`;
  const packet = (a: Action): string => `${String(a.stream)}#${String(a.seq)}`;
  const msg = (kind: TraceMessage['kind'], from: string, to: string, id: string, label = id): TraceMessage => ({ id, from, to, kind, label });
  const acked = (a: Action, b: View, v: View): boolean => {
    const k = `ack ${packet(a)}`;
    return Number((v.network as Record<string, Json>)[k] ?? 0) > Number((b.network as Record<string, Json>)[k] ?? 0);
  };
  function describe(a: Action, b: View, v: View): StepDescription {
    const one = (actor: string, ...messages: TraceMessage[]): StepDescription => ({ actor, messages });
    switch (a.type) {
      case 'write': {
        const p = Number(String(a.pair).slice(1));
        const w = (v.writes as Json[]).length - 1;
        return one('host', msg('transfer', 'host', `L${pairLds[p] ?? 0}`, `w${w}`));
      }
      case 'send':
      case 'heartbeat': {
        const st = byName.get(String(a.stream));
        const seq = Number((b.streams as Record<string, { nextSeq: number }>)[String(a.stream)]?.nextSeq ?? 0);
        const id = `${String(a.stream)}#${seq}`;
        return one(`L${st?.lds ?? 0}`, msg('send', `L${st?.lds ?? 0}`, `R${st?.rds ?? 0}`, id, a.type === 'heartbeat' ? `${id} heartbeat` : id));
      }
      case 'retransmit':
        return one(L(a), msg('send', L(a), R(a), packet(a), `${packet(a)} again`));
      case 'deliver':
        return one(R(a), msg('deliver', L(a), R(a), packet(a)), ...(acked(a, b, v) ? [msg('send', R(a), L(a), `ack ${packet(a)}`)] : []));
      case 'deliverAck':
        return one(L(a), msg('deliver', R(a), L(a), `ack ${packet(a)}`));
      case 'drop':
        return one('network', msg('drop', L(a), R(a), packet(a)));
      case 'dropAck':
        return one('network', msg('drop', R(a), L(a), `ack ${packet(a)}`));
      case 'duplicate':
        return one('network', msg('duplicate', L(a), R(a), packet(a)));
      case 'destage':
      case 'slaveRound':
        return one(String(a.rds));
      case 'masterRound':
      case 'limitRound':
        return one('R0');
      case 'crash':
      case 'recover':
        return one(String(a.system));
      case 'linkUp':
      case 'linkDown':
        return one(String(a.lds));
      case 'tick':
        return one('clock');
      case 'failover':
      case 'siteDisaster':
        return one('operator');
      default:
        return one('system');
    }
  }
  const lanes = ['host', ...Array.from({ length: lds }, (_, i) => `L${i}`), 'network', ...Array.from({ length: rds }, (_, i) => `R${i}`), 'operator'];
  return { describe, lanes };
}

/** The tape embodiment: the issuer sends numbered requests; the MT system queues, serves and replies. */
export function tapeNarration() {
  const m = (kind: TraceMessage['kind'], from: string, to: string, id: string): TraceMessage => ({ id, from, to, kind, label: id });
  function describe(a: Action, b: View): StepDescription {
    const seq = String(a.seq);
    switch (a.type) {
      case 'issue':
        return { actor: 'issuer', messages: [m('send', 'issuer', 'MT system', `request #${String(b.issued)}`)] };
      case 'deliver':
        return { actor: 'MT system', messages: [m('deliver', 'issuer', 'MT system', `request #${seq}`), m('send', 'MT system', 'issuer', `reply #${seq}`)] };
      case 'deliverReply':
        return { actor: 'issuer', messages: [m('deliver', 'MT system', 'issuer', `reply #${seq}`)] };
      case 'duplicate':
        return { actor: 'network', messages: [m('duplicate', 'issuer', 'MT system', `request #${seq}`)] };
      case 'flush':
        return { actor: 'MT system', messages: [m('transfer', 'MT system', 'tape', 'queue head')] };
      default:
        return { actor: 'system', messages: [] };
    }
  }
  return { describe, lanes: ['issuer', 'network', 'MT system', 'tape'] };
}

// ---- one-sentence explanations (I-6, I-11, P-3) ----
type Views = View[];
function ackRecord(views: Views): AckedWrite[] {
  const last = views[views.length - 1];
  return ((last.writes as { id: string; address: string }[]) ?? []).map((w, i) => {
    const acked = firstStep(views, (x) => ((x.ghost as { acknowledgedToHost: boolean[] }).acknowledgedToHost ?? [])[i] === true);
    return { write: w.id, address: w.address, issued: firstStep(views, (x) => (x.writes as Json[]).length > i) ?? 0, ...(acked !== undefined ? { acked } : {}) };
  });
}
const disk = (views: Views, step: number): Image => ({ holder: 'the remote disks', cells: (views[step].disk as Record<string, string | null>) ?? {}, step });

export function explainDisk(property: string, views: Views): string | undefined {
  if (!views[0] || !('disk' in views[0])) return undefined;
  const end = views.length - 1;
  const writes = ackRecord(views);
  const failover = firstStep(views, (v) => v.site !== views[0].site);
  const event = failover === undefined ? undefined : { what: `the site went ${String(views[failover].site)}`, step: failover };
  if (property === 'I-6') return firstRegression(end, (i) => disk(views, i).cells, 'the remote disks');
  if (property === 'I-11') return orderSentence(writes, disk(views, end)) ?? lossSentence(writes, disk(views, end), event);
  if (property === 'P-3') return lossSentence(writes, disk(views, end), event) ?? orderSentence(writes, disk(views, end));
  return undefined;
}
