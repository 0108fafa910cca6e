// The HTML report in a real browser (Debian's chromium, driven by playwright-core): it loads from
// file:// with no console error and no network request, has a section per system, and selecting a
// counterexample shows its sequence diagram with one row per step, the violated property
// highlighted and the violating step's state diff. The report is built from a quick verify (one
// small configuration and three variants per system), which exercises the same rendering as
// `npm run verify`. A screenshot goes to reports/report-screenshot.png.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/engine/html.js';
import { quickOptions, verifySystem } from '../src/engine/report.js';
import { PROJECT_ROOT } from '../src/engine/run.js';
import { systems } from '../src/systems/index.js';

const browserPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(browserPath);
// .ci/run installs chromium and sets RCV_REQUIRE_BROWSER, so CI never skips this test.
if (!haveBrowser && !process.env.RCV_REQUIRE_BROWSER) console.log(`report-browser: skipped: no browser at ${browserPath} (install Debian's chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!haveBrowser && !process.env.RCV_REQUIRE_BROWSER)('HTML report in headless Chromium', () => {
  it('has no console errors or network requests, a section per system, and working counterexample diagrams', async () => {
    const tmp = mkdtempSync(`${tmpdir()}/rcv-html-`);
    const results = systems.map((s) => verifySystem(s, { ...quickOptions(s), traceDir: `${tmp}/traces`, progress: false }));
    const file = `${tmp}/index.html`;
    writeFileSync(file, renderHtml(results, { commit: 'test', quick: true }));
    const url = pathToFileURL(file).href;

    const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => r.url() !== url && requests.push(r.url()));
      await page.goto(url);

      const sections = await page.$$eval('section.system', (xs) => xs.map((x) => x.getAttribute('data-system')));
      expect(sections).toEqual(systems.map((s) => s.name));
      for (const s of systems) {
        const sec = `section.system[data-system="${s.name}"]`;
        expect(await page.$$eval(`${sec} table.properties tbody tr`, (xs) => xs.length)).toBe(s.properties.length);
      }
      // Every lifecycle machine drawn.
      expect(await page.$$eval('figure.machine-figure svg .state', (xs) => xs.length)).toBeGreaterThan(20);

      const options = await page.$$eval('#cex-select option', (xs) => xs.map((x) => (x as unknown as { value: string }).value).filter(Boolean));
      expect(options.length).toBe(results.reduce((n, r) => n + r.variants.filter((v) => v.counterexample).length, 0));
      for (const r of results) {
        for (const v of r.variants) {
          const t = v.counterexample!;
          const id = options.find((o) => o === `cex-${r.name}--${v.name}`)!;
          await page.selectOption('#cex-select', id);
          const shown = await page.$$eval('.cex:not([hidden])', (xs) => xs.map((x) => x.id));
          expect(shown).toEqual([id]);
          const rows = await page.$$eval(`#${id} svg .step:not(.completion)`, (xs) => xs.length);
          expect({ variant: v.name, rows }).toEqual({ variant: v.name, rows: t.steps.length });
          // The violated property is highlighted in the diagram and named above it.
          expect(await page.$eval(`#${id} .violated-property .violated`, (x) => x.textContent)).toBe(t.violated.id);
          expect(await page.$$eval(`#${id} svg .violated-step .violated`, (xs) => xs.map((x) => x.textContent ?? ''))).toEqual([expect.stringContaining(t.violated.id)]);
          // Selecting the counterexample selects its violating step and shows that step's diff.
          const diffs = await page.$$eval(`#${id} .diff:not([hidden])`, (xs) => xs.map((x) => x.getAttribute('data-step')));
          expect(diffs).toEqual(t.violated.step <= t.steps.length ? [String(t.violated.step)] : []);
        }
      }
      // Clicking a step shows its state diff.
      const first = options[0];
      await page.selectOption('#cex-select', first);
      await page.click(`#${first} svg .step[data-step="1"] .hit`);
      expect(await page.$$eval(`#${first} .diff:not([hidden])`, (xs) => xs.map((x) => x.getAttribute('data-step')))).toEqual(['1']);
      const mirror = options.find((o) => o.includes('multi-site-mirror')) ?? first;
      await page.selectOption('#cex-select', mirror);
      mkdirSync(`${PROJECT_ROOT}reports`, { recursive: true });
      await page.screenshot({ path: `${PROJECT_ROOT}reports/report-screenshot.png` });

      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
