// Counterexamples and lifecycles as pictures: a sequence diagram in SVG (one lane per site or
// component, messages as arrows from send to delivery, losses, duplicates and reorderings drawn
// distinctly, faults marked on their lane, the violating step highlighted), the same as Mermaid text
// for code hosts, and an XState machine's states and transitions in SVG (laid out with dagre) with
// what no exploration reached marked. Everything is computed from plain data and is deterministic.
import dagre from '@dagrejs/dagre';
import type { TraceMessage } from './contract.js';
import { actionLabel } from './trace-text.js';
import type { Trace } from './trace.js';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cut = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** How each message of a trace is drawn: sends paired with their deliveries (first sent, first paired). */
export interface DrawnMessage {
  id: string;
  label: string;
  from: string;
  to: string;
  /** Rows (steps) where it starts and ends; equal for a transfer or a drop with no earlier send. */
  sent: number;
  ended: number | null;
  kind: 'transfer' | 'delivered' | 'reordered' | 'dropped' | 'in flight';
  duplicate: boolean;
}

export function drawnMessages(t: Trace): DrawnMessage[] {
  const out: DrawnMessage[] = [];
  const pending: DrawnMessage[] = [];
  const take = (m: TraceMessage): DrawnMessage | undefined => {
    const i = pending.findIndex((p) => p.id === m.id);
    return i < 0 ? undefined : pending.splice(i, 1)[0];
  };
  for (const s of t.steps) {
    for (const m of s.messages) {
      const base = { id: m.id, label: m.label, from: m.from, to: m.to };
      if (m.kind === 'transfer') out.push({ ...base, sent: s.index, ended: s.index, kind: 'transfer', duplicate: false });
      else if (m.kind === 'send' || m.kind === 'duplicate') {
        const d: DrawnMessage = { ...base, sent: s.index, ended: null, kind: 'in flight', duplicate: m.kind === 'duplicate' };
        out.push(d);
        pending.push(d);
      } else if (m.kind === 'deliver') {
        const p = take(m);
        if (!p) {
          out.push({ ...base, sent: s.index, ended: s.index, kind: 'delivered', duplicate: false });
          continue;
        }
        // Reordered: another message on the same channel was sent earlier and is still on the wire.
        const overtaken = pending.some((q) => q.from === p.from && q.to === p.to && q.sent < p.sent);
        p.ended = s.index;
        p.kind = overtaken ? 'reordered' : 'delivered';
      } else {
        const p = take(m);
        if (p) {
          p.ended = s.index;
          p.kind = 'dropped';
        } else out.push({ ...base, sent: s.index, ended: s.index, kind: 'dropped', duplicate: false });
      }
    }
  }
  return out;
}

const COLOR: Record<DrawnMessage['kind'], string> = { transfer: '#1f5fa8', delivered: '#1f5fa8', reordered: '#d9770b', dropped: '#c62828', 'in flight': '#777' };

/** The sequence diagram of a trace, as one SVG element. Rows are steps; `data-step` links a row to its state diff. */
export function sequenceSvg(t: Trace): string {
  const lanes = t.lanes;
  const LW = 132;
  const X0 = 56;
  const TOP = 44;
  const ROW = 34;
  const n = t.steps.length;
  const completion = t.violated.step > n;
  const rows = n + (completion ? 1 : 0);
  const width = X0 + lanes.length * LW;
  const height = TOP + rows * ROW + 16;
  const x = (lane: string): number => X0 + Math.max(0, lanes.indexOf(lane)) * LW + LW / 2;
  const yTop = (step: number): number => TOP + (step - 1) * ROW;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="sequence" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`${t.system} ${t.variant}: ${n} steps, ${t.violated.id} violated`)}">`);
  out.push('<defs>');
  for (const [k, c] of Object.entries(COLOR)) out.push(`<marker id="arrow-${k.replace(' ', '-')}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`);
  out.push('</defs>');
  // The violating row first, under everything else.
  const bad = t.violated.step;
  if (bad >= 1) out.push(`<rect class="violating-row" x="0" y="${yTop(bad)}" width="${width}" height="${ROW}" fill="#fde2e2"/>`);
  lanes.forEach((l, i) => {
    const cx = X0 + i * LW + LW / 2;
    out.push(`<g class="lane" data-lane="${esc(l)}"><rect x="${cx - LW / 2 + 6}" y="6" width="${LW - 12}" height="24" rx="4" fill="#eef2f7" stroke="#8aa"/><text x="${cx}" y="22" text-anchor="middle" font-size="12" font-weight="600">${esc(cut(l, 18))}</text>`);
    out.push(`<line x1="${cx}" y1="30" x2="${cx}" y2="${height - 8}" stroke="#bbb" stroke-dasharray="3 3"/></g>`);
  });
  for (const s of t.steps) {
    const y = yTop(s.index);
    const cx = x(s.actor);
    const label = cut(actionLabel(s.action), 24);
    const violated = s.violated.length > 0;
    out.push(`<g class="step${violated ? ' violated-step' : ''}${s.fault ? ' fault' : ''}" data-step="${s.index}" tabindex="0">`);
    out.push(`<title>${esc(`${s.index}. [${s.actor}] ${JSON.stringify(s.action)}${violated ? ` — false here: ${s.violated.join(', ')}` : ''}`)}</title>`);
    out.push(`<rect class="hit" x="0" y="${y}" width="${width}" height="${ROW}" fill="transparent"/>`);
    out.push(`<text x="8" y="${y + 14}" font-size="11" fill="#555">${s.index}</text>`);
    const w = Math.min(LW - 4, 8 + label.length * 6);
    out.push(`<rect x="${cx - w / 2}" y="${y + 3}" width="${w}" height="14" rx="3" fill="${s.fault ? '#c62828' : '#fff'}" stroke="${s.fault ? '#c62828' : '#446'}"/>`);
    out.push(`<text x="${cx}" y="${y + 13.5}" text-anchor="middle" font-size="10" fill="${s.fault ? '#fff' : '#123'}">${s.fault ? '⚡ ' : ''}${esc(label)}</text>`);
    if (violated) out.push(`<text class="violated" x="${width - 6}" y="${y + 14}" text-anchor="end" font-size="11" font-weight="700" fill="#c62828">✗ ${esc(s.violated.join(', '))}</text>`);
    out.push('</g>');
  }
  for (const m of drawnMessages(t)) {
    const x1 = x(m.from);
    const y1 = yTop(m.sent) + 25;
    const kind = m.kind.replace(' ', '-');
    const dash = m.duplicate ? ' stroke-dasharray="6 3"' : m.kind === 'in flight' ? ' stroke-dasharray="2 3"' : '';
    const title = `<title>${esc(`${m.label}: ${m.from} → ${m.to}, ${m.kind}${m.duplicate ? ' (duplicate copy)' : ''}`)}</title>`;
    let x2 = x(m.to);
    let y2 = m.ended === null ? y1 + ROW / 2 : yTop(m.ended) + 25;
    if (m.kind === 'in flight') x2 = (x1 + x2) / 2;
    if (m.kind === 'dropped') x2 = x1 + (x2 - x1) * 0.6;
    if (x1 === x2 && m.kind !== 'dropped') {
      // A message to the lane itself: a small loop.
      out.push(`<g class="msg ${kind}">${title}<path d="M${x1},${y1} c 24,0 24,8 0,8" fill="none" stroke="${COLOR[m.kind]}"${dash} marker-end="url(#arrow-${kind})"/></g>`);
      continue;
    }
    if (m.ended === null) y2 = y1 + 8;
    const mx = (x1 + x2) / 2;
    const my = (y1 + y2) / 2 - 3;
    out.push(`<g class="msg ${kind}${m.duplicate ? ' duplicate' : ''}">${title}<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${COLOR[m.kind]}" stroke-width="1.4"${dash}${m.kind === 'dropped' ? '' : ` marker-end="url(#arrow-${kind})"`}/>`);
    if (m.kind === 'dropped') out.push(`<path d="M${x2 - 5},${y2 - 5} l10,10 m0,-10 l-10,10" stroke="${COLOR.dropped}" stroke-width="2"/>`);
    out.push(`<text x="${mx}" y="${my}" text-anchor="middle" font-size="9" fill="${COLOR[m.kind]}">${esc(cut(m.label, 26))}${m.kind === 'reordered' ? ' (reordered)' : m.duplicate ? ' (dup)' : ''}</text></g>`);
  }
  if (completion) {
    const y = yTop(n + 1);
    out.push(`<g class="step completion violated-step" data-step="${n + 1}"><rect class="violating-row" x="0" y="${y}" width="${width}" height="${ROW}" fill="#fde2e2"/>`);
    out.push(`<text x="${X0}" y="${y + 20}" font-size="11" fill="#c62828">fault-free completion: ${esc(t.violated.id)} never holds</text><text class="violated" x="${width - 6}" y="${y + 20}" text-anchor="end" font-size="11" font-weight="700" fill="#c62828">✗ ${esc(t.violated.id)}</text></g>`);
  }
  out.push('</svg>');
  return out.join('');
}

const mid = (lane: string): string => `L${lane.replace(/[^A-Za-z0-9]/g, '_')}`;
const mtext = (s: string): string => s.replace(/[;#:<>{}\n]/g, ' ').replace(/\s+/g, ' ').trim();

/** The same diagram as Mermaid text (a sequenceDiagram), for Markdown in code hosts. */
export function mermaidSequence(t: Trace): string {
  const lines = ['sequenceDiagram'];
  for (const l of t.lanes) lines.push(`  participant ${mid(l)} as ${mtext(l)}`);
  for (const s of t.steps) {
    const bad = s.index === t.violated.step;
    if (bad) lines.push('  rect rgb(253, 226, 226)');
    const label = mtext(`${s.index}. ${actionLabel(s.action)}`);
    lines.push(`  Note over ${mid(s.actor)}: ${s.fault ? 'FAULT ' : ''}${label}`);
    for (const m of s.messages) {
      const text = mtext(m.label);
      if (m.kind === 'transfer') lines.push(`  ${mid(m.from)}->>${mid(m.to)}: ${text}`);
      else if (m.kind === 'send') lines.push(`  ${mid(m.from)}--)${mid(m.to)}: ${text} (sent)`);
      else if (m.kind === 'duplicate') lines.push(`  ${mid(m.from)}--)${mid(m.to)}: ${text} (duplicate)`);
      else if (m.kind === 'deliver') lines.push(`  Note over ${mid(m.to)}: receives ${text}`);
      else lines.push(`  ${mid(m.from)}-x${mid(m.to)}: ${text} (lost)`);
    }
    if (bad) {
      lines.push(`  Note over ${mid(s.actor)}: VIOLATED ${mtext(t.violated.id)}`);
      lines.push('  end');
    }
  }
  if (t.violated.step > t.steps.length) lines.push(`  Note over ${mid(t.lanes[0] ?? 'system')}: fault-free completion - VIOLATED ${mtext(t.violated.id)}`);
  return lines.join('\n');
}

export interface MachineDrawing {
  machine: string;
  initial: string;
  states: { name: string; covered: boolean; reachable: boolean }[];
  transitions: { from: string; event: string; to: string; covered: boolean; reachable: boolean }[];
}

/**
 * A lifecycle machine as SVG: states as rounded boxes, transitions as labelled edges (dagre layout).
 * Covered: solid; reachable by some configuration but never explored: red, dashed; outside every
 * configuration's events: grey.
 */
export function machineSvg(d: MachineDrawing): string {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 46, edgesep: 8, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of d.states) g.setNode(s.name, { width: Math.max(60, 8 + s.name.length * 7), height: 26 });
  d.transitions.forEach((t, i) => {
    if (t.from === t.to) return;
    g.setEdge(t.from, t.to, { width: Math.min(120, 6 + t.event.length * 5.5), height: 12, labelpos: 'c' }, `e${i}`);
  });
  dagre.layout(g);
  const graph = g.graph();
  const W = Math.ceil((graph.width ?? 100) + 16);
  const H = Math.ceil((graph.height ?? 60) + 16);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" class="machine" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(d.machine)} lifecycle">`];
  out.push('<defs><marker id="m-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#446"/></marker></defs>');
  const style = (covered: boolean, reachable: boolean): string =>
    covered ? 'stroke="#446"' : reachable ? 'stroke="#c62828" stroke-dasharray="5 3"' : 'stroke="#bbb" stroke-dasharray="2 3"';
  d.transitions.forEach((t, i) => {
    if (t.from === t.to) return;
    const e = g.edge(t.from, t.to, `e${i}`) as { points: { x: number; y: number }[]; x: number; y: number };
    const pts = e.points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    const cls = t.covered ? 'covered' : t.reachable ? 'unreached' : 'unreachable';
    out.push(`<g class="edge ${cls}"><title>${esc(`${t.from} -${t.event}-> ${t.to}: ${cls}`)}</title><polyline points="${pts}" fill="none" ${style(t.covered, t.reachable)} marker-end="url(#m-arrow)"/>`);
    out.push(`<text x="${e.x.toFixed(1)}" y="${(e.y + 3).toFixed(1)}" text-anchor="middle" font-size="9" fill="${t.covered ? '#334' : t.reachable ? '#c62828' : '#999'}">${esc(t.event)}</text></g>`);
  });
  for (const s of d.states) {
    const n = g.node(s.name) as { x: number; y: number; width: number; height: number };
    const cls = s.covered ? 'covered' : s.reachable ? 'unreached' : 'unreachable';
    out.push(`<g class="state ${cls}"><title>${esc(`${s.name}: ${cls}`)}</title><rect x="${(n.x - n.width / 2).toFixed(1)}" y="${(n.y - n.height / 2).toFixed(1)}" width="${n.width}" height="${n.height}" rx="10" fill="${s.covered ? '#e8f1fb' : '#fff'}" ${style(s.covered, s.reachable)}${s.name === d.initial ? ' stroke-width="2.5"' : ''}/>`);
    out.push(`<text x="${n.x.toFixed(1)}" y="${(n.y + 4).toFixed(1)}" text-anchor="middle" font-size="11">${esc(s.name)}</text></g>`);
  }
  out.push('</svg>');
  return out.join('');
}
