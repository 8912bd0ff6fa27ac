/**
 * The storefront in Chromium (`npm run bench -- --only web`, or `node --import tsx bench/web.ts`):
 * the time from a click on an option to the updated options on screen (the engine answers in its Web
 * Worker, React renders, the next frame), p50/p95 over 50 seeded random clicks on the PC and on the
 * largest sample model (home); and the first load of the product page to interactive (the options
 * drawn from the engine's first answer), cold (fresh profile) and warm (cached files).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { prng } from '@atelier/engine/testing/prng.ts';
import { backends, startServer } from '../packages/server/src/testing/harness.ts';
import { chromiumPath, ensureWebBuilt, launch } from '../packages/web/e2e/support.ts';
import type { WorkloadOptions } from './backbone.ts';
import { millis, percentile, renderText, type Table } from './table.ts';

const CLICKS = 50;
const LOADS = 5;
const SEED = 20_251;
const MODELS = ['pc', 'home'];

declare global {
  interface Window {
    __atelierReady?: number;
  }
}

/** Marks the moment the configurator first shows the engine's answer (before any script of the test runs). */
const readyProbe = (): void => {
  const observer = new MutationObserver(() => {
    if (document.querySelector('main.configurator[data-ready]')) {
      window.__atelierReady = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
};

async function firstLoad(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(() => window.__atelierReady !== undefined);
  return page.evaluate(() => window.__atelierReady as number);
}

/** What a customer can act on: the values not blocked and not chosen, and the sliders. */
const CANDIDATES = '[role=radio]:not([aria-disabled=true])[aria-checked=false], input[type=range]';

/**
 * Acts on the candidate at `pick` (0..1) of the candidates on screen now — the background
 * explanations may have changed them since they were counted — (a click on a value; a slider set to
 * the value at `where` of its range, as a drag let go there would) and resolves with the ms until the
 * new state is painted, with null when the value turned out to be blocked (its explanation opened
 * instead: not a change), or with -1 when nothing was left to act on.
 */
function actAndWait(page: Page, pick: number, where: number): Promise<number | null> {
  return page.evaluate(
    ({ p, at }) =>
      new Promise<number | null>((resolve) => {
        const root = document.querySelector('main.configurator') as HTMLElement;
        const candidates = [...document.querySelectorAll<HTMLElement>('[role=radio]:not([aria-disabled=true])[aria-checked=false], input[type=range]')];
        if (candidates.length === 0) {
          resolve(-1);
          return;
        }
        const before = Number(root.dataset.revision);
        const observer = new MutationObserver(() => {
          if (root.querySelector('.blocked-panel')) {
            observer.disconnect();
            resolve(null);
            return;
          }
          if (Number(root.dataset.revision) <= before) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - started));
        });
        observer.observe(root, { attributes: true, attributeFilter: ['data-revision'], childList: true, subtree: true });
        const target = candidates[Math.floor(p * candidates.length)];
        const started = performance.now();
        if (target instanceof HTMLInputElement) {
          const max = Number(target.max);
          let value = Math.min(max, Math.floor(at * (max + 1)));
          if (String(value) === target.value) value = (value + 1) % (max + 1);
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(target, String(value));
          target.dispatchEvent(new Event('input', { bubbles: true }));
          target.dispatchEvent(new Event('change', { bubbles: true }));
        } else {
          target.click();
        }
      }),
    { p: pick, at: where },
  );
}

async function clicks(page: Page, random: () => number): Promise<{ times: number[]; blocked: number }> {
  const times: number[] = [];
  let blocked = 0;
  while (times.length < CLICKS) {
    const candidates = await page.locator(CANDIDATES).count();
    const open = await page.locator('[role=radio]:not([aria-disabled=true])[aria-checked=false]').count();
    if (open === 0 || candidates === 0) {
      // Everything is decided: start over (not measured) and go on clicking.
      const before = await page.locator('main.configurator').getAttribute('data-revision');
      await page.getByRole('button', { name: 'Start over' }).click();
      await page.waitForFunction((r) => document.querySelector('main.configurator')?.getAttribute('data-revision') !== r, before);
      continue;
    }
    const time = await actAndWait(page, random(), random());
    if (time === -1) continue;
    if (time !== null) {
      times.push(time);
      continue;
    }
    // A value the other choices block: its explanation is closed again, and it does not count.
    blocked++;
    await page.locator('.blocked-panel').getByRole('button', { name: 'Close' }).first().click();
    await page.locator('.blocked-panel').waitFor({ state: 'detached' });
  }
  return { times, blocked };
}

/** Why the storefront cannot be measured here, or null when it can. */
export function webUnavailable(): string | null {
  return existsSync(chromiumPath) ? null : `no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

export async function webWorkload(options: WorkloadOptions): Promise<Table> {
  const table: Table = {
    title: `Storefront in Chromium: ${CLICKS} random clicks per product (seed ${SEED}), engine in a Web Worker`,
    headers: ['product', 'click→options p50 ms', 'p95 ms', 'max ms', 'blocked', 'first load cold ms', `warm p50 of ${LOADS} ms`],
    rows: [],
    notes: [
      'click→options: from the click to the first frame after the configurator drew the engine\'s answer (valid domains, price, picture).',
      'A click is on a value not blocked and not chosen (another value of a choice made replaces it), or a slider set to a random value; blocked = acts that opened an explanation instead (not counted).',
      'first load: from navigation start to the options drawn from the engine\'s first answer (definition and model fetched, model read and compiled in the worker).',
      'The clicks start right after a load, as a customer\'s do: the first ones include the worker\'s JIT warming up.',
      'cold = fresh browser profile; warm = the same page loaded again with the files cached. Server on PGlite, loopback.',
    ],
  };
  const models = MODELS.filter((m) => options.selected(`web/${m}`));
  if (models.length === 0) return table;
  const unavailable = webUnavailable();
  if (unavailable) {
    options.log(`web: skipped, ${unavailable}`);
    return table;
  }
  ensureWebBuilt();
  const [pglite] = (await backends()).filter((b) => b.name === 'pglite');
  const server = await startServer(pglite);
  try {
    for (const model of models) {
      options.log(`web ${model}: loading`);
      const browser = await launch();
      try {
        await browser.context.addInitScript(readyProbe);
        const url = `${server.url}/products/${model}`;
        const cold = await firstLoad(browser.page, url);
        const warm: number[] = [];
        for (let i = 0; i < LOADS; i++) warm.push(await firstLoad(browser.page, url));
        options.log(`web ${model}: clicking`);
        const { times, blocked } = await clicks(browser.page, prng(SEED));
        table.rows.push([model, millis(percentile(times, 50)), millis(percentile(times, 95)), millis(Math.max(...times)), String(blocked), millis(cold), millis(percentile(warm, 50))]);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  return table;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const unavailable = webUnavailable();
  if (unavailable) {
    console.error(`storefront benchmark skipped: ${unavailable}`);
    process.exit(1);
  }
  const table = await webWorkload({ quick: false, capSeconds: 60, selected: () => true, mismatches: [], log: (line) => process.stderr.write(`${line}\n`) });
  console.log(renderText(table));
}
