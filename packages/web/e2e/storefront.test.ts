// The storefront end to end, in Chromium against the real server (PGlite): configure the PC (a
// blocked value with its explanation, "choose it anyway" and its repair), price and picture, undo and
// redo, completion, sign-up, order, confirmation; the jeans monogram in the picture and a shared
// link; the staff list of orders; then the whole purchase again with the keyboard only.
// Screenshots of each step go to packages/web/e2e/screenshots/.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { backends, Client, startServer, type TestServer } from '../../server/src/testing/harness.ts';
import { afterChange, chromiumPath, ensureWebBuilt, launch, webDir } from './support.ts';

const shots = join(webDir, 'e2e/screenshots');
const missing = !existsSync(chromiumPath);
if (missing && process.env.CI) throw new Error(`Chromium is required in CI for the storefront test, and ${chromiumPath} is missing`);
const skip = missing ? `no Chromium at ${chromiumPath} (set CHROMIUM_PATH): the storefront's browser test is skipped` : false;
if (skip) console.warn(`# ${skip}`);

const INTEL = 'Intel Core i5-13400 (10 cores)';
const AMD_BOARD = 'ASUS TUF B650M-Plus (Micro-ATX, DDR5)';
const PASSWORD = 'correct horse battery';

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
const radio = (page: Page, name: string) => page.getByRole('radio', { name, exact: true });
const total = async (page: Page) => (await page.getByTestId('price-total').textContent()) ?? '';
const preview = async (page: Page) => (await page.getByTestId('preview').first().getAttribute('src')) ?? '';
const email = (who: string) => `${who}-${randomBytes(4).toString('hex')}@example.com`;

/** Presses Tab (only Tab) until the focused element is the one `matches` describes. */
async function tabTo(page: Page, what: string, matches: (el: Element, what: string) => boolean, limit = 250): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(({ source, what }) => {
      const el = document.activeElement;
      return el !== null && (new Function('el', 'what', `return (${source})(el, what)`) as (e: Element, w: string) => boolean)(el, what);
    }, { source: matches.toString(), what })) return;
  }
  throw new Error(`Tab never reached ${what}`);
}
const named = (el: Element, what: string): boolean => (el.textContent ?? '').trim() === what || el.getAttribute('aria-label') === what;
const labelled = (el: Element, what: string): boolean => (el as HTMLInputElement).labels?.[0]?.textContent?.trim() === what;
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('storefront', { skip, timeout: 120_000 }, () => {
  let server: TestServer;
  let staffEmail: string;

  before(async () => {
    ensureWebBuilt();
    mkdirSync(shots, { recursive: true });
    const [pglite] = (await backends()).filter((b) => b.name === 'pglite');
    server = await startServer(pglite);
    // Staff are promoted directly; they sign in through the page like anybody.
    staffEmail = email('staff');
    const staff = new Client(server.url);
    const user = await staff.signUp(staffEmail, PASSWORD);
    await server.services.accounts.setRole(user.id, 'staff');
  });
  after(async () => {
    await server?.close();
  });

  test('configure the PC, order it, and find it in the staff list', async () => {
    const browser = await launch();
    const { page } = browser;
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(server.url);
      await page.getByRole('link', { name: 'Build-to-order PC' }).click();
      await page.locator('main.configurator[data-ready]').waitFor();
      await shot(page, '01-pc-configurator');
      const price0 = await total(page);
      const picture0 = await preview(page);

      // An Intel processor: the AMD mainboards become impossible, still shown, with why.
      await afterChange(page, () => radio(page, INTEL).click());
      assert.equal(await radio(page, INTEL).getAttribute('aria-checked'), 'true');
      const board = radio(page, AMD_BOARD);
      assert.equal(await board.getAttribute('aria-disabled'), 'true');
      await page.waitForFunction((name) => {
        const b = [...document.querySelectorAll('[role=radio]')].find((e) => e.textContent === name);
        return /socket/.test(document.getElementById(b?.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
      }, AMD_BOARD);
      assert.notEqual(await total(page), price0, 'the price follows the processor');
      assert.notEqual(await preview(page), picture0, 'the picture follows the processor');

      // Choose it anyway: the explanation, then the repair (give up the Intel processor), confirmed.
      await board.click({ force: true });
      const panel = page.locator('.blocked-panel');
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
      assert.equal(await radio(page, 'AMD Ryzen 5 7600 (6 cores)').getAttribute('aria-disabled'), null);
      assert.notEqual(await total(page), price1);

      // Complete for me, undo, redo.
      const picture1 = await preview(page);
      await afterChange(page, () => page.getByRole('button', { name: 'Complete for me' }).click());
      await page.getByText('Every option is decided: ready for a quote.').waitFor();
      assert.notEqual(await preview(page), picture1, 'the completed PC has a case, a power supply…');
      await afterChange(page, () => page.getByRole('button', { name: 'Undo' }).click());
      await page.getByText(/options? still open/).waitFor();
      await afterChange(page, () => page.getByRole('button', { name: 'Redo' }).click());
      await page.getByText('Every option is decided: ready for a quote.').waitFor();
      assert.match(await total(page), /^Total/);
      await shot(page, '04-completed');

      // Quote, sign up on the way, order, confirmation.
      await page.getByRole('button', { name: 'Get a quote' }).click();
      await page.waitForURL(/\/checkout\//);
      await page.getByRole('heading', { name: 'Create an account' }).waitFor();
      await shot(page, '05-quote');
      await page.getByLabel('Name').fill('Ada Customer');
      await page.getByLabel('E-mail').fill(email('ada'));
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('button', { name: 'Place the order' }).click();
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { name: 'Thank you — your order is placed' }).waitFor();
      const orderId = (await page.getByTestId('order-id').textContent()) ?? '';
      assert.equal(await page.getByTestId('order-status').textContent(), 'Placed');
      await shot(page, '06-order-confirmed');

      // The jeans: the monogram appears in the picture as it is typed, nothing moves meanwhile;
      // saved, shared by link, and the link opens a copy.
      await page.goto(`${server.url}/products/jeans`);
      await page.locator('main.configurator[data-ready]').waitFor();
      await afterChange(page, () => page.getByRole('radiogroup', { name: /Embroidered monogram/ }).getByRole('radio', { name: 'yes' }).click());
      const box = await page.getByTestId('preview').boundingBox();
      const field = page.getByRole('textbox', { name: 'Monogram' });
      await field.pressSequentially('ADA');
      await page.waitForFunction(() => decodeURIComponent(document.querySelector('[data-testid=preview]')?.getAttribute('src') ?? '').includes('>ADA<'));
      assert.deepEqual(await page.getByTestId('preview').boundingBox(), box, 'typing moves nothing');
      await afterChange(page, () => page.getByRole('button', { name: 'Complete for me' }).click());
      await page.getByRole('button', { name: 'Save and share' }).click();
      const link = await page.getByLabel('Share link').inputValue();
      assert.match(link, /\/shared\/.+/);
      await shot(page, '07-jeans-monogram-shared');
      await page.goto(link);
      await page.waitForURL(/\/products\/jeans$/);
      await page.locator('main.configurator[data-ready]').waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Monogram' }).inputValue(), 'ADA');
      await page.getByText('Every option is decided: ready for a quote.').waitFor();

      // Staff: sign out, sign in as staff, the order is in the list.
      await page.getByRole('button', { name: /^Sign out/ }).click();
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.getByLabel('E-mail').fill(staffEmail);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Staff orders' }).click();
      await page.locator(`tr[data-order-id="${orderId}"]`).waitFor();
      await shot(page, '08-staff-orders');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test('the same purchase with the keyboard only, on a phone-sized screen', async () => {
    const browser = await launch({ width: 360, height: 740 });
    const { page } = browser;
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(server.url);
      await page.getByRole('link', { name: 'Build-to-order PC' }).waitFor();
      await tabTo(page, 'Build-to-order PC', named);
      await page.keyboard.press('Enter');
      await page.locator('main.configurator[data-ready]').waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no sideways scrolling at 360px (${width}px wide)`);

      await tabTo(page, INTEL, named);
      await afterChange(page, () => page.keyboard.press('Space'));
      await tabTo(page, AMD_BOARD, named);
      await page.keyboard.press('Space');
      // The panel takes the focus: "choose it anyway", then the confirmation.
      await page.waitForFunction(() => document.activeElement?.textContent === 'Choose it anyway…');
      await shot(page, '11-keyboard-blocked');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /^Give it up and choose/.test(document.activeElement?.textContent ?? ''));
      await afterChange(page, () => page.keyboard.press('Enter'));
      assert.equal(await focusedText(page), AMD_BOARD, 'the focus comes back to the value chosen');
      assert.equal(await radio(page, AMD_BOARD).getAttribute('aria-checked'), 'true');

      await tabTo(page, 'Complete for me', named);
      await afterChange(page, () => page.keyboard.press('Enter'));
      await page.getByText('Every option is decided: ready for a quote.').waitFor();
      await shot(page, '12-keyboard-completed');
      await tabTo(page, 'Get a quote', named);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/checkout\//);
      await page.getByRole('heading', { name: 'Create an account' }).waitFor();
      await tabTo(page, 'Name', labelled);
      await page.keyboard.type('Kay Board');
      await tabTo(page, 'E-mail', labelled);
      await page.keyboard.type(email('kay'));
      await tabTo(page, 'Password', labelled);
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Place the order' }).waitFor();
      await tabTo(page, 'Place the order', named);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Thank you — your order is placed' }).waitFor();
      await shot(page, '13-keyboard-order-confirmed');
      const orderId = (await page.getByTestId('order-id').textContent()) ?? '';

      await tabTo(page, 'Sign out', (el, what) => (el.textContent ?? '').trim().startsWith(what));
      await page.keyboard.press('Enter');
      await page.getByRole('link', { name: 'Sign in' }).waitFor();
      await tabTo(page, 'Sign in', named);
      await page.keyboard.press('Enter');
      await tabTo(page, 'E-mail', labelled);
      await page.keyboard.type(staffEmail);
      await tabTo(page, 'Password', labelled);
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.getByRole('link', { name: 'Staff orders' }).waitFor();
      await tabTo(page, 'Staff orders', named);
      await page.keyboard.press('Enter');
      await page.locator(`tr[data-order-id="${orderId}"]`).waitFor();
      await shot(page, '14-keyboard-staff-orders');
    } finally {
      await browser.close();
    }
  });
});
