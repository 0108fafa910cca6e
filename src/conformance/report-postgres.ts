// The PostgreSQL demo's Markdown report.
import type { DemoResult } from './postgres/demo.js';

export function postgresMarkdown(r: DemoResult): string {
  const o = r.options;
  const lines = [
    '# PostgreSQL 15 streaming replication against seed 002 (multi-site-mirror)',
    '',
    `${r.postgres}; a primary, a synchronous standby (the near site, 225C) and an asynchronous standby (the far site, 225D), on 127.0.0.1 in temporary directories, one fresh cluster per episode.`,
    `Workload: ${o.clients} concurrent clients inserting numbered rows (one unique value per write), at most ${o.writes} writes per episode; faults at fixed fractions of the writes (or after ${o.phaseMs} ms); a commit unanswered for ${o.opTimeoutMs} ms is recorded as unknown. Each episode ends with the near standby promoted and both standbys read.`,
    'Checked with the multi-site-mirror history roles: the promoted near standby holds every acknowledged commit (O-1); each standby holds a prefix of the commit order consistent with real time (I1); nothing present that was never written or that failed. Unknown outcomes may or may not be present.',
    '',
    `Verdict: ${r.ok ? 'AS EXPECTED' : 'NOT AS EXPECTED'}: ${r.settings.map((s) => `${s.setting} ${s.expect === 'valid' ? (s.ok ? 'valid' : 'INVALID') : s.ok ? 'caught' : 'NOT caught'}`).join(', ')}.`,
    '',
  ];
  for (const s of r.settings) {
    lines.push(`## ${s.setting}: ${s.expect === 'valid' ? (s.ok ? 'every history valid' : 'a history is INVALID') : s.ok ? 'lost acknowledged commits caught' : 'NOT caught'}`, '', s.describes + '.', '');
    lines.push('| episode | faults | writes invoked | ok | unknown | failed | acknowledged missing on the promoted near standby | acknowledged missing on the far standby | verdict |');
    lines.push('|---|---|---|---|---|---|---|---|---|');
    for (const e of s.episodes) {
      lines.push(`| ${e.episode} | ${e.faults} | ${e.writes.invoked} | ${e.writes.ok} | ${e.writes.info} | ${e.writes.fail} | ${e.missingOnSync} | ${e.missingOnAsync} | ${e.valid ? 'valid' : `INVALID: ${[...new Set(e.violations.map((v) => `${v.property} ${v.kind}`))].join(', ')}`} |`);
    }
    const bad = s.episodes.filter((e) => !e.valid);
    if (bad.length > 0) {
      lines.push('', 'Violations (the first of each episode):', '');
      for (const e of bad) lines.push(`- ${e.episode}: ${e.violations[0].property} (${e.violations[0].kind}): ${e.violations[0].sentence}`);
    }
    lines.push('');
  }
  lines.push('Re-check an episode: `npx rcv history multi-site-mirror reports/conformance-postgres/SETTING--EPISODE.json`.', '');
  return lines.join('\n');
}
