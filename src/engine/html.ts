// reports/index.html: one self-contained file (inline CSS, SVG and a little script; no network
// request, works from file://). Per system: verdicts, properties, guarantee matrix, naive variants,
// measured tables, action coverage and every lifecycle machine drawn with what no exploration
// reached; per counterexample a sequence diagram whose steps show their state diff when selected.
import { esc, machineSvg, sequenceSvg } from './diagrams.js';
import { actionCoverage, type SystemResult } from './report.js';
import { actionLabel } from './trace-text.js';
import type { Trace } from './trace.js';

export interface ReportMeta {
  commit: string;
  /** A quick report (part of the checks): said in the header, so that its FAIL is not read as a verdict. */
  quick?: boolean;
}

const slug = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');
export const cexId = (system: string, variant: string): string => `cex-${slug(system)}--${slug(variant)}`;

function table(head: string[], rows: string[][], cls = ''): string {
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const verdictCell = (ok: boolean, text: string): string => `<span class="${ok ? 'ok' : 'bad'}">${esc(text)}</span>`;
const json = (v: unknown): string => esc(JSON.stringify(v));

function counterexample(system: string, variant: string, t: Trace): string {
  const out: string[] = [];
  out.push(`<div class="cex" id="${cexId(system, variant)}" data-steps="${t.steps.length}" data-violated="${esc(t.violated.id)}" hidden>`);
  out.push(`<h3>${esc(system)} · ${esc(variant)} <small>(${t.steps.length} steps, ${esc(t.config)}, ${esc(t.explorer.mode)}, outcome properties)</small></h3>`);
  const where = t.violated.step > t.steps.length ? 'in the fault-free completion after the last step' : `at step ${t.violated.step}`;
  out.push(`<p class="violated-property"><strong class="violated">${esc(t.violated.id)}</strong> violated ${where}: ${esc(t.violated.statement)} <span class="ref">[${esc(t.violated.ref)}]</span></p>`);
  if (t.violated.explanation) out.push(`<p class="why">${esc(t.violated.explanation)}</p>`);
  out.push(`<p class="repro"><code>${esc(t.reproduce)}</code></p>`);
  out.push(`<div class="cex-body"><div class="diagram">${sequenceSvg(t)}</div><div class="diffs"><p class="hint">Select a step to see what it changed.</p>`);
  for (const s of t.steps) {
    const rows = s.changes.map((c) => [`<code>${esc(c.path)}</code>`, `<code>${json(c.before)}</code>`, `<code>${json(c.after)}</code>`]);
    out.push(`<div class="diff" data-step="${s.index}" hidden><h4>${s.index}. [${esc(s.actor)}] ${esc(actionLabel(s.action))}${s.fault ? ' (fault)' : ''}</h4>`);
    if (s.messages.length) out.push(`<ul class="messages">${s.messages.map((m) => `<li>${esc(m.kind)} <b>${esc(m.label)}</b>: ${esc(m.from)} → ${esc(m.to)}</li>`).join('')}</ul>`);
    out.push(rows.length ? table(['path', 'before', 'after'], rows, 'diff-table') : '<p>no state change</p>');
    if (s.violated.length) out.push(`<p class="bad">false after this step: ${esc(s.violated.join(', '))}</p>`);
    out.push('</div>');
  }
  out.push('</div></div></div>');
  return out.join('');
}

function systemSection(r: SystemResult): string {
  const out: string[] = [];
  out.push(`<section class="system" id="sys-${slug(r.name)}" data-system="${esc(r.name)}"><h2>${esc(r.name)} ${verdictCell(r.ok, r.ok ? 'PASS' : 'FAIL')}</h2>`);
  out.push(`<p>${esc(r.title)}. Seed ${esc(r.seed)}; specification <code>${esc(r.spec)}</code>.</p>`);

  out.push('<h3>Configurations (reference design)</h3>');
  out.push(
    table(
      ['configuration', 'tier', 'hash', 'exhaustive', 'distinct states', 'transitions', 'depth', 'random'],
      r.configs.map((c) => [
        esc(c.name),
        esc(c.tier),
        `<code>${esc(c.hash)}</code>`,
        verdictCell(c.exhaustive.verdict === 'holds' && c.exhaustive.complete, `${c.exhaustive.verdict}${c.exhaustive.invariant ? ` (${c.exhaustive.invariant})` : ''}${c.exhaustive.complete ? '' : ' (incomplete)'}`),
        String(c.exhaustive.states),
        String(c.exhaustive.transitions),
        String(c.exhaustive.depth),
        verdictCell(c.random.verdict === 'holds', `${c.random.verdict} (${c.random.runs} runs, seed ${c.random.seed})`),
      ]),
    ),
  );

  out.push('<h3>Properties</h3>');
  const witnessesOf = (id: string) => r.properties.filter((p) => p.kind === 'sometimes' && p.witnessFor?.includes(id));
  out.push(
    table(
      ['id', 'kind', 'category', 'basis', 'statement', 'seed paragraph', 'verdict', 'witness reached', 'shown able to fail'],
      r.properties.map((p) => {
        const ws = p.kind === 'sometimes' ? [] : witnessesOf(p.id);
        const good = p.verdict === 'holds' || p.verdict === 'reached';
        return [
          `<b>${esc(p.id)}</b>`,
          esc(p.kind),
          esc(p.category ?? '-'),
          esc(p.basis),
          esc(p.statement),
          esc(p.ref),
          verdictCell(good, p.verdict),
          p.kind === 'sometimes' ? verdictCell(p.verdict === 'reached', `${p.verdict}${p.witnessFor ? ` (for ${p.witnessFor.join(', ')})` : ''}`) : ws.length ? ws.map((w) => verdictCell(w.verdict === 'reached', w.id)).join(' ') : '-',
          p.canFail === undefined ? '-' : verdictCell(p.canFailShown === true, p.canFailShown ? 'yes' : 'NO'),
        ];
      }),
      'properties',
    ),
  );

  if (r.guarantees.length > 0) {
    out.push('<h3>Guarantee matrix</h3>');
    out.push(table(['failure', 'guarantee', 'checked by', 'verdict', 'allowed losses (witnessed)'], r.guarantees.map((g) => [esc(g.failure), esc(g.guarantee), esc(g.properties.join(', ')), verdictCell(g.ok, g.verdict), esc(g.allowedEvidence)])));
  }

  out.push('<h3>Naive and prior-art variants</h3>');
  out.push(
    table(
      ['variant', 'scenario', 'caught on', 'outcome property broken', 'steps (exhaustive)', 'steps (random)', 'replay', 'verdict', 'counterexample'],
      r.variants.map((v) => [
        `<b>${esc(v.name)}</b>`,
        esc(v.scenario),
        esc(v.config),
        esc(v.outcomeExhaustive.invariant ?? 'nothing'),
        String(v.outcomeExhaustive.steps ?? '-'),
        String(v.outcomeRandom.steps ?? '-'),
        verdictCell([v.exhaustive, v.random, v.outcomeExhaustive, v.outcomeRandom].every((x) => x.replayMatches), [v.exhaustive, v.random, v.outcomeExhaustive, v.outcomeRandom].every((x) => x.replayMatches) ? 'same violation' : 'DIFFERS'),
        verdictCell(v.ok, v.ok ? 'caught' : 'NOT CAUGHT'),
        v.counterexample ? `<button type="button" class="show-cex" data-cex="${cexId(r.name, v.name)}">show</button>` : '-',
      ]),
    ),
  );

  for (const t of r.tables) {
    out.push(`<h3>${esc(t.title)}</h3><p>${esc(t.note)}</p>`);
    out.push(table(t.columns, t.rows.map((row) => row.map((x) => esc(String(x))))));
  }

  const actions = actionCoverage(r);
  if (actions.length > 0) {
    out.push('<h3>Action coverage (exhaustive runs)</h3>');
    out.push(
      table(
        ['action', 'fired', 'distinct states', 'never fired on'],
        actions.map((a) => [esc(a.type), String(a.fired), String(a.distinct), a.nowhere ? '<span class="bad">every configuration</span>' : esc(a.never.join(', ') || '-')]),
      ),
    );
  }

  if (r.machines.length > 0) {
    out.push('<h3>Lifecycle machines</h3><p class="legend">Solid: covered by an exploration. <span class="bad">Red, dashed</span>: reachable with some configuration\'s events but never explored. Grey, dotted: outside every configuration\'s events.</p>');
    for (const m of r.machines) {
      out.push(`<figure class="machine-figure" data-machine="${esc(m.machine)}"><figcaption>${esc(m.machine)}: ${m.covered}/${m.reachable} reachable transitions covered${m.missing.length ? `; missing ${esc(m.missing.join(', '))}` : ''}</figcaption>${machineSvg(m.drawing)}</figure>`);
    }
  }
  out.push('</section>');
  return out.join('');
}

const CSS = `
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1b2330;background:#fafbfc}
header{background:#1b2330;color:#fff;padding:12px 20px}header h1{margin:0;font-size:20px}header nav a{color:#cfe2ff;margin-right:14px}
main{padding:8px 20px 40px}section.system{border-top:3px solid #dde3ea;margin-top:24px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:12.5px;background:#fff}th,td{border:1px solid #d5dbe3;padding:3px 6px;vertical-align:top;text-align:left}th{background:#eef2f7}
.ok{color:#1b7a32;font-weight:600}.bad{color:#c62828;font-weight:600}code{font-size:12px}
#cex-panel{background:#fff;border:1px solid #cdd5df;padding:8px 12px;margin:12px 0}
.cex-body{display:flex;gap:16px;align-items:flex-start}.diagram{overflow:auto;max-width:70%}.diffs{min-width:300px;flex:1}
svg .step .hit{cursor:pointer}svg .msg{pointer-events:none}svg .step.selected .hit{fill:#fff3bf;fill-opacity:.7}svg .step:focus{outline:none}
.why{background:#fff4e5;border-left:4px solid #d9770b;padding:4px 8px}.violated{color:#c62828}
figure.machine-figure{display:inline-block;margin:8px 16px 8px 0;vertical-align:top;background:#fff;border:1px solid #e1e6ec;padding:6px}
figcaption{font-size:12px;margin-bottom:4px}
`;

const SCRIPT = `
(function(){
  var select=document.getElementById('cex-select');
  function show(id){
    var all=document.querySelectorAll('.cex');
    for(var i=0;i<all.length;i++){all[i].hidden=(all[i].id!==id);}
    if(select&&select.value!==id){select.value=id;}
    var c=document.getElementById(id);if(!c)return;
    var bad=c.querySelector('.step.violated-step');if(bad)pick(c,bad.getAttribute('data-step'));
  }
  function pick(c,step){
    var rows=c.querySelectorAll('svg .step');
    for(var i=0;i<rows.length;i++){rows[i].classList.toggle('selected',rows[i].getAttribute('data-step')===step);}
    var diffs=c.querySelectorAll('.diff');var any=false;
    for(var j=0;j<diffs.length;j++){var on=diffs[j].getAttribute('data-step')===step;diffs[j].hidden=!on;any=any||on;}
    var hint=c.querySelector('.hint');if(hint)hint.hidden=any;
  }
  document.addEventListener('click',function(e){
    var t=e.target;
    var b=t.closest&&t.closest('.show-cex');
    if(b){show(b.getAttribute('data-cex'));document.getElementById('cex-panel').scrollIntoView();return;}
    var row=t.closest&&t.closest('svg .step');
    if(row){pick(row.closest('.cex'),row.getAttribute('data-step'));}
  });
  document.addEventListener('keydown',function(e){
    var row=e.target.closest&&e.target.closest('svg .step');
    if(row&&(e.key==='Enter'||e.key===' ')){pick(row.closest('.cex'),row.getAttribute('data-step'));}
  });
  if(select){select.addEventListener('change',function(){show(select.value);});if(select.value)show(select.value);}
})();
`;

export function renderHtml(results: SystemResult[], meta: ReportMeta): string {
  const ok = results.every((r) => r.ok);
  const cexes = results.flatMap((r) => r.variants.filter((v) => v.counterexample).map((v) => ({ system: r.name, variant: v.name, trace: v.counterexample! })));
  const out: string[] = [];
  out.push('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">');
  out.push(`<title>remote-copy-verifier: invariant report</title><style>${CSS}</style></head><body>`);
  out.push(`<header><h1>remote-copy-verifier: invariant report ${verdictCell(ok, ok ? 'PASS' : 'FAIL')}</h1>`);
  if (meta.quick) out.push('<p class="bad">Quick report: one small configuration and two naive variants per system, no falsifiers. Not a verdict: witnesses and coverage are incomplete by design.</p>');
  out.push(`<p>Generated by <code>npm run verify</code> at commit <code>${esc(meta.commit)}</code>. Every property is tied to its seed paragraph and paired with reachability witnesses; every naive variant must be caught by an outcome property in both explorers with a trace that replays.</p>`);
  out.push(`<nav>${results.map((r) => `<a href="#sys-${slug(r.name)}">${esc(r.name)}</a>`).join('')}<a href="#cex-panel">counterexamples</a></nav></header><main>`);
  out.push('<div id="cex-panel"><label for="cex-select"><b>Counterexample</b> </label><select id="cex-select"><option value="">(choose a naive variant)</option>');
  for (const c of cexes) out.push(`<option value="${cexId(c.system, c.variant)}">${esc(c.system)} / ${esc(c.variant)} (${c.trace.steps.length} steps, ${esc(c.trace.violated.id)})</option>`);
  out.push('</select>');
  out.push('<p class="legend">Lanes are sites and components; arrows are messages from send to delivery (<span style="color:#d9770b">orange: delivered out of order</span>, <span style="color:#c62828">red ✕: lost</span>, dashed: duplicate copy, dotted: still in flight); ⚡ marks a fault; the red band is the violating step. Select a step to see its state diff.</p>');
  for (const c of cexes) out.push(counterexample(c.system, c.variant, c.trace));
  out.push('</div>');
  for (const r of results) out.push(systemSection(r));
  out.push(`</main><script>${SCRIPT}</script></body></html>\n`);
  return out.join('\n');
}
