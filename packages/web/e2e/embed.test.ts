// <atelier-configurator> end to end, in Chromium against the real server (PGlite): Brand X's sample
// page, served from another origin than the shop's, hosts the PC configurator in the element's
// shadow root; a blocked value with its explanation and repair, price and picture, completion, "Add
// to basket" (the page gets the event, the shop has the quote, no cookie crossed); a keyboard-only
// pass on a phone-sized screen; the page's CSS and the element's staying apart; the layout following
// the element's width; attributes (another product, its Italian labels, an unknown product); a site
// the shop does not allow. Screenshots go to packages/web/e2e/screenshots/embed-*.png.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { backends, startServer, type TestServer } from '../../server/src/testing/harness.ts';
import { chromiumPath, ensureWebBuilt, launch, webDir } from './support.ts';

const shots = join(webDir, 'e2e/screenshots');
const missing = !existsSync(chromiumPath);
if (missing && process.env.CI) throw new Error(`Chromium is required in CI for the embed test, and ${chromiumPath} is missing`);
const skip = missing ? `no Chromium at ${chromiumPath} (set CHROMIUM_PATH): the embedded configurator's browser test is skipped` : false;
if (skip) console.warn(`# ${skip}`);

const INTEL = 'Intel Core i5-13400 (10 cores)';
const AMD_BOARD = 'ASUS TUF B650M-Plus (Micro-ATX, DDR5)';
/** The sample page's script tag: next to the page, as the shop serves both. */
const SAMPLE_SCRIPT = 'src="atelier-configurator.js"';

interface Site {
  origin: string;
  close(): Promise<void>;
}

interface HostedPage {
  body: string;
  headers?: Record<string, string>;
}

/** Another site, on its own origin (localhost, not 127.0.0.1): `pages` answers each path, null for none. */
async function hostSite(pages: (path: string) => HostedPage | null): Promise<Site> {
  const server: Server = createServer((request, response) => {
    const page = pages(request.url ?? '');
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://localhost:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Brand X's sample page as another site copies it: the script tag names the shop. */
function brandXSample(shop: string): string {
  const sample = readFileSync(join(webDir, 'embed/sample.html'), 'utf8');
  assert.ok(sample.includes(SAMPLE_SCRIPT), 'the sample page loads the script next to it');
  return sample.replace(SAMPLE_SCRIPT, `src="${shop}/embed/atelier-configurator.js"`);
}

/** A page of a site with a Content-Security-Policy, hosting the PC configurator and nothing else. */
function strictPage(shop: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>A site with a Content-Security-Policy</title>
    <link rel="icon" href="data:," />
    <script type="module" src="${shop}/embed/atelier-configurator.js"></script>
  </head>
  <body>
    <h1>Build your desktop</h1>
    <atelier-configurator product="pc" api="${shop}"></atelier-configurator>
  </body>
</html>`;
}

/** The policy README asks of a page hosting the element (the shop at `shop`), or the same without `worker-src blob:`. */
function policy(shop: string, workers: boolean): string {
  return [`default-src 'none'`, `script-src ${shop}`, `connect-src ${shop}`, ...(workers ? ['worker-src blob:'] : []), 'img-src data:'].join('; ');
}

interface Recorded {
  violations: string[];
  errors: string[];
}

/** Records, from before the page's first script, every Content-Security-Policy violation in it and every atelier-error. */
async function recordViolations(page: Page): Promise<() => Promise<Recorded>> {
  await page.addInitScript(() => {
    const seen: Recorded = { violations: [], errors: [] };
    (window as unknown as { recorded: Recorded }).recorded = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.violations.push(`${e.effectiveDirective} ${e.blockedURI}`), true);
    document.addEventListener('atelier-error', (e) => seen.errors.push((e as CustomEvent<{ message: string }>).detail.message));
  });
  return () => page.evaluate(() => (window as unknown as { recorded: Recorded }).recorded);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `embed-${name}.png`), fullPage: true });
const element = (page: Page) => page.locator('atelier-configurator');
const radio = (page: Page, name: string) => element(page).getByRole('radio', { name, exact: true });
const total = async (page: Page) => (await element(page).getByTestId('price-total').textContent()) ?? '';
const amount = async (page: Page) => (await element(page).locator('.total-amount').textContent()) ?? '';
const preview = async (page: Page) => (await element(page).getByTestId('preview').getAttribute('src')) ?? '';

/** The element's state revision (grows with every answer of the engine). */
const revision = (page: Page) =>
  page.evaluate(() => Number(document.querySelector('atelier-configurator')?.shadowRoot?.querySelector('[data-revision]')?.getAttribute('data-revision') ?? -1));

/** Runs `action`, then waits until the element shows the engine's answer to it. */
async function afterChange(page: Page, action: () => Promise<void>): Promise<void> {
  const before = await revision(page);
  await action();
  await page.waitForFunction(
    (r) => Number(document.querySelector('atelier-configurator')?.shadowRoot?.querySelector('[data-revision]')?.getAttribute('data-revision') ?? -1) > r,
    before,
  );
}

/** The focused element, looking into shadow roots. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { text: el?.textContent?.trim() ?? '', role: el?.getAttribute('role') ?? '', group: el?.closest('[role=radiogroup]')?.textContent ?? '' };
  });

/** Presses Tab (only Tab) until the focus is on `name`, or on a radio of the group that holds the value `name`. */
async function tabTo(page: Page, name: string, limit = 200): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.text === name || (f.role === 'radio' && f.group.includes(name))) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

/** With the focus in a radio group, arrow keys (only) to the value `name`. */
async function arrowTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if ((await focused(page)).text === name) return;
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`the arrow keys never reached ${name}`);
}

const computed = (locator: Locator, property: string) => locator.evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

describe('the embeddable configurator on another site', { skip, timeout: 180_000 }, () => {
  let server: TestServer;
  let brandX: Site;
  let stranger: Site;
  let strict: Site;

  before(async () => {
    ensureWebBuilt();
    mkdirSync(shots, { recursive: true });
    const sample = (path: string): HostedPage | null => (path === '/sample.html' ? { body: brandXSample(server.url) } : null);
    brandX = await hostSite(sample);
    stranger = await hostSite(sample);
    strict = await hostSite((path) =>
      path === '/strict.html'
        ? { body: strictPage(server.url), headers: { 'content-security-policy': policy(server.url, true) } }
        : path === '/no-workers.html'
          ? { body: strictPage(server.url), headers: { 'content-security-policy': policy(server.url, false) } }
          : null,
    );
    const [pglite] = (await backends()).filter((b) => b.name === 'pglite');
    // Brand X and the site with a policy are allowed to host the configurator; the other site is not.
    server = await startServer(pglite, { embedOrigins: [brandX.origin, strict.origin] });
  });
  after(async () => {
    await server?.close();
    await brandX?.close();
    await stranger?.close();
    await strict?.close();
  });

  test('configure the PC inside Brand X\'s page and add it to the basket', async () => {
    const browser = await launch();
    const { page } = browser;
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      // A customer signed in on the shop: the shop's session cookie is in this browser.
      const signUp = await page.request.post(`${server.url}/api/auth/signup`, {
        data: { email: `embed-${randomBytes(4).toString('hex')}@example.com`, name: 'Ada', password: 'correct horse battery' },
      });
      assert.equal(signUp.status(), 201);
      assert.ok((await browser.context.cookies(server.url)).some((c) => c.name === 'atelier_session'));

      await page.goto(`${brandX.origin}/sample.html`);
      await element(page).locator('[data-ready]').waitFor();
      const inside = await page.evaluate(() => {
        const el = document.querySelector('atelier-configurator');
        return {
          inShadow: el?.shadowRoot?.querySelectorAll('[role=radio]').length ?? 0,
          inPage: document.querySelectorAll('[role=radio]').length,
          mode: el?.shadowRoot?.mode,
        };
      });
      assert.ok(inside.inShadow > 10, 'the options are in the element');
      assert.equal(inside.inPage, 0, 'and none in the page itself');
      assert.equal(inside.mode, 'open');
      await page.locator('#live').filter({ hasText: /Your build so far/ }).waitFor();
      await shot(page, '01-loaded');
      const price0 = await total(page);
      const picture0 = await preview(page);

      // An Intel processor: the AMD boards are blocked, still shown, with why.
      await afterChange(page, () => radio(page, INTEL).click());
      assert.equal(await radio(page, INTEL).getAttribute('aria-checked'), 'true');
      const board = radio(page, AMD_BOARD);
      assert.equal(await board.getAttribute('aria-disabled'), 'true');
      await page.waitForFunction((name) => {
        const root = document.querySelector('atelier-configurator')?.shadowRoot;
        const b = [...(root?.querySelectorAll('[role=radio]') ?? [])].find((e) => e.textContent === name);
        return /socket/.test(root?.getElementById(b?.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
      }, AMD_BOARD);
      assert.notEqual(await total(page), price0, 'the price follows the processor');
      assert.notEqual(await preview(page), picture0, 'the picture follows the processor');
      await page.locator('#live').filter({ hasText: await amount(page) }).waitFor();

      // Choose it anyway: the explanation, then the repair (give up the Intel processor), confirmed.
      await board.click({ force: true });
      const panel = element(page).locator('.blocked-panel');
      await panel.getByText(/must fit the mainboard's socket/).waitFor();
      await panel.getByText(`Processor: Model: ${INTEL}`).waitFor();
      await shot(page, '02-blocked-explained');
      await panel.getByRole('button', { name: 'Choose it anyway…' }).click();
      await panel.getByRole('listitem').filter({ hasText: `Processor: Model: ${INTEL}` }).waitFor();
      await shot(page, '03-repair-proposed');
      const price1 = await total(page);
      await afterChange(page, () => panel.getByRole('button', { name: /^Give it up and choose/ }).click());
      assert.equal(await board.getAttribute('aria-checked'), 'true');
      assert.equal(await radio(page, INTEL).getAttribute('aria-checked'), 'false');
      assert.notEqual(await total(page), price1);

      // Add to basket waits for a complete design; complete it, undo, redo.
      const add = element(page).getByRole('button', { name: 'Add to basket' });
      assert.equal(await add.isDisabled(), true);
      const picture1 = await preview(page);
      await afterChange(page, () => element(page).getByRole('button', { name: 'Complete for me' }).click());
      await element(page).getByText('Every option is decided: ready for the basket.').waitFor();
      assert.notEqual(await preview(page), picture1, 'the completed PC has a case, a power supply…');
      await afterChange(page, () => element(page).getByRole('button', { name: 'Undo' }).click());
      await element(page).getByText(/options? still open/).waitFor();
      await afterChange(page, () => element(page).getByRole('button', { name: 'Redo' }).click());
      await element(page).getByText('Every option is decided: ready for the basket.').waitFor();
      assert.match(await total(page), /^Total/);
      await page.locator('#live').filter({ hasText: `Your build: ${await amount(page)}, ready to order.` }).waitFor();
      await shot(page, '04-completed');

      // Add to basket: the page's basket gets the quote; the shop has it, made by nobody.
      const shown = await amount(page);
      await add.click();
      const item = page.locator('#basket-items li');
      await item.waitFor();
      const quoteId = (await item.getAttribute('data-quote-id')) ?? '';
      assert.match(quoteId, /^[0-9a-f-]{36}$/);
      assert.equal(await item.locator('.price').textContent(), shown, 'the basket shows the price the element showed');
      assert.equal(await page.locator('#basket-count').textContent(), 'Basket (1)');
      const quote = await server.services.quotes.byId(server.db, quoteId);
      assert.ok(quote, 'the quote is on the shop server');
      assert.equal(quote.product_id, 'pc');
      assert.equal(quote.owner_id, null, "the shop's cookie did not go with the page's request");
      assert.equal(new Intl.NumberFormat('en-IE', { style: 'currency', currency: quote.currency }).format(Number(quote.total)), shown);
      const link = element(page).getByRole('link', { name: /^Check out on/ });
      assert.equal(await link.getAttribute('href'), `${server.url}/checkout/${quoteId}`);
      await shot(page, '05-in-basket');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test('a choice, its repair and the basket with the keyboard only, on a phone-sized screen', async () => {
    const browser = await launch({ width: 390, height: 800 });
    const { page } = browser;
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(`${brandX.origin}/sample.html`);
      await element(page).locator('[data-ready]').waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling at 390px (${width}px wide)`);

      await tabTo(page, INTEL);
      await arrowTo(page, INTEL);
      await afterChange(page, () => page.keyboard.press('Space'));
      assert.equal(await radio(page, INTEL).getAttribute('aria-checked'), 'true');
      await tabTo(page, AMD_BOARD);
      await arrowTo(page, AMD_BOARD);
      await page.keyboard.press('Space');
      // The panel takes the focus: "choose it anyway", then the confirmation.
      for (let i = 0; i < 50 && (await focused(page)).text !== 'Choose it anyway…'; i++) await page.waitForTimeout(50);
      assert.equal((await focused(page)).text, 'Choose it anyway…');
      await shot(page, '06-keyboard-blocked');
      await page.keyboard.press('Enter');
      for (let i = 0; i < 50 && !/^Give it up and choose/.test((await focused(page)).text); i++) await page.waitForTimeout(50);
      await afterChange(page, () => page.keyboard.press('Enter'));
      assert.equal((await focused(page)).text, AMD_BOARD, 'the focus comes back to the value chosen');
      assert.equal(await radio(page, AMD_BOARD).getAttribute('aria-checked'), 'true');

      await tabTo(page, 'Complete for me');
      await afterChange(page, () => page.keyboard.press('Enter'));
      await element(page).getByText('Every option is decided: ready for the basket.').waitFor();
      await tabTo(page, 'Add to basket');
      await page.keyboard.press('Enter');
      await page.locator('#basket-items li').waitFor();
      await shot(page, '07-keyboard-in-basket');
    } finally {
      await browser.close();
    }
  });

  test("the page's CSS does not restyle the element, nor the element's the page; the layout follows the element's width", async () => {
    const browser = await launch();
    const { page } = browser;
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(`${brandX.origin}/sample.html`);
      await element(page).locator('[data-ready]').waitFor();
      // The sample's own rules make buttons red-backed capitals in Georgia; add harsher ones. (Rules
      // on the element itself do apply: that is how a page sizes or themes it.)
      await page.addStyleTag({
        content: `button { color: rgb(255, 0, 0) !important; } p { text-decoration: underline; }
                  body { color: rgb(0, 128, 0); text-align: center; font-style: italic; }`,
      });
      const undo = element(page).getByRole('button', { name: 'Undo' });
      assert.notEqual(await computed(undo, 'color'), 'rgb(255, 0, 0)');
      assert.equal(await computed(undo, 'text-transform'), 'none');
      assert.doesNotMatch(await computed(undo, 'font-family'), /Georgia/);
      assert.equal(await computed(undo, 'border-radius'), '6px', "the shop's own button style");
      const status = element(page).getByTestId('completeness');
      assert.equal(await computed(status, 'text-align'), 'start', 'nothing inherited from the page');
      assert.equal(await computed(status, 'font-style'), 'normal');
      assert.notEqual(await computed(status, 'color'), 'rgb(0, 128, 0)');
      assert.doesNotMatch(await computed(status, 'text-decoration'), /underline/);
      // And the element's styles stay inside: Brand X's buttons and headings are Brand X's.
      const checkout = page.locator('#checkout');
      assert.equal(await computed(checkout, 'border-radius'), '0px');
      assert.equal(await computed(checkout, 'text-transform'), 'uppercase');
      assert.equal(await computed(page.locator('#basket-title'), 'letter-spacing'), '1.92px');

      // Narrow: the picture and price above the options; wide: beside them.
      const summary = element(page).locator('.embed-summary');
      const options = element(page).locator('.embed-options');
      await element(page).evaluate((el) => ((el as HTMLElement).style.width = '360px'));
      await page.waitForFunction(() => {
        const root = document.querySelector('atelier-configurator')?.shadowRoot;
        const s = root?.querySelector('.embed-summary')?.getBoundingClientRect();
        const o = root?.querySelector('.embed-options')?.getBoundingClientRect();
        return s && o && s.bottom <= o.top;
      });
      const overflow = await element(page).evaluate((el) => {
        const inner = el.shadowRoot?.querySelector('.embed') as HTMLElement;
        return inner.scrollWidth - inner.clientWidth;
      });
      assert.ok(overflow <= 0, `nothing sticks out of a 360px element (${overflow}px)`);
      await element(page).screenshot({ path: join(shots, 'embed-08-narrow-element.png') });
      await element(page).evaluate((el) => ((el as HTMLElement).style.width = '1000px'));
      await page.waitForFunction(() => {
        const root = document.querySelector('atelier-configurator')?.shadowRoot;
        const s = root?.querySelector('.embed-summary')?.getBoundingClientRect();
        const o = root?.querySelector('.embed-options')?.getBoundingClientRect();
        return s && o && s.left >= o.right;
      });
      const [s, o] = [await summary.boundingBox(), await options.boundingBox()];
      assert.ok(s && o && s.x > o.x, 'the summary is beside the options');
    } finally {
      await browser.close();
    }
  });

  test('attributes: another product in its Italian labels with a monogram, an unknown product; a site the shop does not allow', async () => {
    const browser = await launch();
    const { page } = browser;
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(`${brandX.origin}/sample.html`);
      await element(page).locator('[data-ready]').waitFor();

      // Another product, in Italian where the model says it: the element starts again.
      await element(page).evaluate((el) => {
        el.setAttribute('lang', 'it');
        el.setAttribute('product', 'jeans');
      });
      const embroidery = element(page).getByRole('radiogroup', { name: /Monogramma ricamato/ });
      await embroidery.waitFor();
      await element(page).locator('[data-ready]').waitFor();

      // The element's own words follow lang too: the toolbar, the price, the basket, the blocked-value panel.
      const toolbar = element(page).getByRole('toolbar', { name: 'Progetto' });
      assert.deepEqual(await toolbar.getByRole('button').allTextContents(), ['Annulla', 'Ripeti', 'Completa per me', 'Completa al prezzo più basso', 'Ricomincia']);
      assert.equal(await element(page).getByRole('button', { name: 'Aggiungi al carrello' }).isDisabled(), true);
      assert.match(await total(page), /^Finora/);
      assert.match((await element(page).getByTestId('completeness').textContent()) ?? '', /^\d+ opzioni ancora aperte\.$/);
      // Gold thread goes with copper or brass: nickel rivets are blocked, and say so in Italian.
      const thread = element(page).getByRole('radiogroup', { name: /Filo delle impunture/ });
      await afterChange(page, () => thread.getByRole('radio', { name: 'Gold', exact: true }).click());
      assert.equal(await thread.getByRole('button', { name: /^Cancella/ }).count(), 1);
      await element(page).getByRole('radiogroup', { name: /Rivetti e bottone/ }).getByRole('radio', { name: 'Nickel', exact: true }).click({ force: true });
      const panel = element(page).locator('.blocked-panel');
      await panel.getByText('Nickel non è possibile con le scelte attuali.').waitFor();
      await panel.locator('p').filter({ hasText: /^Perché hai scelto: Filo delle impunture: Gold\.$/ }).waitFor();
      await panel.getByRole('button', { name: 'Sceglilo comunque…' }).click();
      await panel.getByText('Per scegliere Nickel si rinuncia a questa scelta:').waitFor();
      await panel.getByRole('button', { name: 'Rinuncia e scegli Nickel' }).waitFor();
      await shot(page, '09-jeans-blocked-in-italian');
      await panel.getByRole('button', { name: 'Mantieni le mie scelte' }).click();
      await panel.waitFor({ state: 'detached' });

      await afterChange(page, () => embroidery.getByRole('radio', { name: 'sì' }).click());
      await element(page).getByRole('textbox', { name: /Monogram/ }).pressSequentially('ADA');
      await page.waitForFunction(() =>
        decodeURIComponent(document.querySelector('atelier-configurator')?.shadowRoot?.querySelector('[data-testid=preview]')?.getAttribute('src') ?? '').includes('>ADA<'),
      );
      await shot(page, '10-jeans-in-italian');

      // An unknown product: a message in the element (still in Italian), and an event for the page.
      await element(page).evaluate((el) => el.setAttribute('product', 'no-such-product'));
      await element(page).getByRole('alert').filter({ hasText: 'Impossibile mostrare questo configuratore: prodotto «no-such-product» non trovato.' }).waitFor();
      await page.locator('#events li').filter({ hasText: /^error: .*no-such-product/ }).waitFor();
      await element(page).evaluate((el) => el.removeAttribute('lang'));
      await element(page).getByRole('alert').filter({ hasText: 'This configurator cannot be shown: product "no-such-product" not found.' }).waitFor();
      await shot(page, '11-unknown-product');

      // A site the shop does not list: the script loads, the shop's API refuses, the element says so.
      await page.goto(`${stranger.origin}/sample.html`);
      await element(page).getByRole('alert').filter({ hasText: /cannot be reached from this page/ }).waitFor();
      await shot(page, '12-site-not-allowed');
    } finally {
      await browser.close();
    }
  });

  test('the sample page as the shop serves it, on whatever port the shop listens', async () => {
    const browser = await launch();
    const { page } = browser;
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      // The test's shop listens on a port of the system's choosing, not on :3000.
      assert.doesNotMatch(server.url, /:3000$/);
      await page.goto(`${server.url}/embed/sample.html`);
      await element(page).locator('[data-ready]').waitFor();
      assert.equal(
        await page.evaluate(() => (document.querySelector('script[type=module][src]') as HTMLScriptElement).src),
        `${server.url}/embed/atelier-configurator.js`,
      );
      await page.locator('#events li').filter({ hasText: /^ready: Build-to-order PC, version 1$/ }).waitFor();
      const price0 = await total(page);
      await afterChange(page, () => radio(page, INTEL).click());
      assert.equal(await radio(page, INTEL).getAttribute('aria-checked'), 'true');
      assert.notEqual(await total(page), price0);
      await page.locator('#live').filter({ hasText: `Your build so far: ${await amount(page)}` }).waitFor();
      await shot(page, '13-sample-on-the-shop');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test('a page with a Content-Security-Policy: the shop for scripts and requests, blob: workers and data: pictures are enough; without blob: workers it says it cannot run', async () => {
    const browser = await launch();
    const { page } = browser;
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      const recorded = await recordViolations(page);
      const response = await page.goto(`${strict.origin}/strict.html`);
      assert.equal(response?.headers()['content-security-policy'], policy(server.url, true));
      await element(page).locator('[data-ready]').waitFor();
      const price0 = await total(page);
      const picture0 = await preview(page);
      await afterChange(page, () => radio(page, INTEL).click());
      assert.equal(await radio(page, INTEL).getAttribute('aria-checked'), 'true');
      assert.match(await total(page), /^So far €[\d,]+\.\d\d$/);
      assert.notEqual(await total(page), price0, 'the price follows the processor');
      assert.notEqual(await preview(page), picture0);
      assert.ok(await element(page).getByTestId('preview').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0), 'the picture (a data: address) is shown');
      // The explaining worker runs too: the blocked board says why.
      await page.waitForFunction((name) => {
        const root = document.querySelector('atelier-configurator')?.shadowRoot;
        const b = [...(root?.querySelectorAll('[role=radio]') ?? [])].find((e) => e.textContent === name);
        return /socket/.test(root?.getElementById(b?.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
      }, AMD_BOARD);
      // The element's styles (constructed in its shadow root) apply under the policy.
      assert.equal(await computed(element(page).getByRole('button', { name: 'Undo' }), 'border-radius'), '6px');
      await shot(page, '14-content-security-policy');
      assert.deepEqual(await recorded(), { violations: [], errors: [] });
      assert.deepEqual(errors, []);

      // The same page without `worker-src blob:`: the engine cannot start, and the element says so
      // (instead of loading for ever) and names what the policy lacks.
      const blocked = await recordViolations(page);
      await page.goto(`${strict.origin}/no-workers.html`);
      await element(page)
        .getByRole('alert')
        .filter({ hasText: 'This configurator cannot be shown: the configuration engine stopped or could not start (on a page with a Content-Security-Policy, it needs worker-src blob:).' })
        .waitFor();
      const refused = await blocked();
      assert.ok(refused.violations.some((v) => v.startsWith('worker-src blob')), `the policy refused a blob: worker (${refused.violations.join(', ')})`);
      assert.match(refused.errors.join('\n'), /could not start .*worker-src blob:/, 'the page hears it too');
      await shot(page, '15-content-security-policy-without-workers');
    } finally {
      await browser.close();
    }
  });
});
