// The storefront end to end, in Chromium against the real server (PGlite): configure the PC (a
// blocked value with its explanation, "choose it anyway" and its repair), price and picture, undo and
// redo, completion, sign-up, order, confirmation; the jeans monogram in the picture and a shared
// link; staff find the order, open it and move it on, and the customer sees its new status and
// history; then the whole purchase again with the keyboard only (one tab stop per option group, arrow
// keys inside); the jeans' measurements on sliders; saved designs listed, opened and deleted.
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
/** The focus is on a value of the option group that has a value named `what`. */
const inGroupOf = (el: Element, what: string): boolean =>
  el.getAttribute('role') === 'radio' && [...(el.closest('[role=radiogroup]')?.querySelectorAll('[role=radio]') ?? [])].some((r) => (r.textContent ?? '').trim() === what);

/** Inside an option group, presses the right arrow (only) until the value named `what` has the focus. */
async function arrowTo(page: Page, what: string, limit = 30): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if ((await focusedText(page)) === what) return;
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`the arrow keys never reached ${what}`);
}

/** Tab to the option group holding `what` (one tab stop per group), then arrows to the value. */
async function focusValue(page: Page, what: string): Promise<void> {
  await tabTo(page, what, inGroupOf);
  await arrowTo(page, what);
}
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
      // The other processors are not blocked by the processor chosen: choosing one replaces it.
      assert.equal(await radio(page, 'Intel Core i7-14700K (20 cores)').getAttribute('aria-disabled'), null);
      assert.equal(await radio(page, 'AMD Ryzen 5 7600 (6 cores)').getAttribute('aria-disabled'), null);
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
      const adaEmail = email('ada');
      await page.getByLabel('Name').fill('Ada Customer');
      await page.getByLabel('E-mail').fill(adaEmail);
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
      const row = page.locator(`tr[data-order-id="${orderId}"]`);
      await row.waitFor();
      await shot(page, '08-staff-orders');

      // Staff open the order and move it on: confirmed, then in production.
      await row.getByRole('link').first().click();
      await page.waitForURL(new RegExp(`/orders/${orderId}$`));
      const move = page.getByRole('group', { name: 'Move the order on' });
      await move.getByRole('button', { name: /confirmed$/i }).click();
      await page.getByTestId('order-status').filter({ hasText: 'Confirmed' }).waitFor();
      await move.getByRole('button', { name: /in production$/i }).click();
      await page.getByTestId('order-status').filter({ hasText: 'In production' }).waitFor();
      await shot(page, '09-staff-order-moved');

      // The customer sees the new status and how it got there.
      await page.getByRole('button', { name: /^Sign out/ }).click();
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.getByLabel('E-mail').fill(adaEmail);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'My orders' }).click();
      await page.locator(`tr[data-order-id="${orderId}"]`).getByRole('link').first().click();
      await page.getByTestId('order-status').filter({ hasText: 'In production' }).waitFor();
      const history = await page.getByRole('listitem').filter({ hasText: /^(Placed|Confirmed|In production) — / }).allTextContents();
      assert.deepEqual(
        history.map((h) => h.split(' — ')[0]),
        ['Placed', 'Confirmed', 'In production'],
        `the history lists every status in order (${history.join(' | ')})`,
      );
      assert.equal(await page.getByRole('group', { name: 'Move the order on' }).count(), 0, 'customers cannot move their order');
      await shot(page, '10-customer-order-status');
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

      // One tab stop per option group; the arrows move inside it (End and Home too), Space chooses.
      await focusValue(page, INTEL);
      await page.keyboard.press('End');
      assert.equal(await focusedText(page), 'Intel Core i7-14700K (20 cores)', 'End: the last processor');
      await page.keyboard.press('Home');
      assert.equal(await focusedText(page), 'AMD Ryzen 5 7600 (6 cores)', 'Home: the first processor');
      await arrowTo(page, INTEL);
      await afterChange(page, () => page.keyboard.press('Space'));
      await page.keyboard.press('Tab');
      assert.ok(!(await page.evaluate(() => {
        const el = document.activeElement;
        return el?.getAttribute('role') === 'radio' && Boolean(el.closest('[role=radiogroup]')?.textContent?.includes('Ryzen 5 7600'));
      })), 'Tab leaves the values of the processor');
      // The blocked mainboards stay reachable with the arrows, so their why is too.
      await focusValue(page, AMD_BOARD);
      assert.match(
        await page.evaluate(() => document.getElementById(document.activeElement?.getAttribute('aria-describedby') ?? '')?.textContent ?? ''),
        /^Not possible/,
      );
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
  test('the jeans measured on sliders; a saved design in My designs, opened and deleted', async () => {
    const browser = await launch();
    const { page } = browser;
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      // Signed up first, so that "Save and share" saves at once.
      await page.goto(`${server.url}/signin`);
      await page.getByRole('button', { name: 'New here? Create an account' }).click();
      await page.getByLabel('Name').fill('Sam Saver');
      await page.getByLabel('E-mail').fill(email('sam'));
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('link', { name: 'My designs' }).waitFor();

      await page.goto(`${server.url}/products/jeans`);
      await page.locator('main.configurator[data-ready]').waitFor();
      const waist = page.getByRole('slider', { name: 'Waist' });
      const waistBox = page.getByRole('spinbutton', { name: 'Waist' });
      const waistRange = page.locator('.number-choice').filter({ has: waist }).getByText(/^Possible now/);
      assert.equal(await waistRange.textContent(), 'Possible now: 26–44 in.');
      assert.equal(await waistBox.inputValue(), '', 'nothing chosen yet');

      // A slim fit narrows the waists still possible; the slider names and draws them.
      await afterChange(page, () => page.getByRole('radiogroup', { name: 'Fit' }).getByRole('radio', { name: 'Slim' }).click());
      assert.equal(await waistRange.textContent(), 'Possible now: 26–36 in.');

      // A key on the slider is a choice the engine answers; End asks for 44 in, which the slim fit blocks.
      const open0 = await page.getByTestId('completeness').textContent();
      await waist.focus();
      await afterChange(page, () => page.keyboard.press('ArrowRight'));
      assert.equal(await waistBox.inputValue(), '33');
      assert.equal(await waist.getAttribute('aria-valuetext'), '33 in');
      assert.notEqual(await page.getByTestId('completeness').textContent(), open0, 'one option fewer is open');
      await page.keyboard.press('End');
      const panel = page.locator('.blocked-panel');
      await panel.getByText('graded only up to a 36 in waist').waitFor();
      await shot(page, '21-slider-blocked');
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
      assert.equal(await waist.getAttribute('aria-valuetext'), '33 in', 'closing the explanation keeps the waist chosen');

      // The number box commits on Enter; a value the product does not offer is refused with a reason.
      await waistBox.fill('30');
      await afterChange(page, () => waistBox.press('Enter'));
      assert.equal(await waist.getAttribute('aria-valuetext'), '30 in');
      await waistBox.fill('50');
      await waistBox.press('Enter');
      await page.getByText(/^50 in is not offered/).waitFor();
      await waistBox.fill('30');

      // Saved while signed in: the design is in My designs, opens again, and is deleted.
      await afterChange(page, () => page.getByRole('button', { name: 'Complete for me' }).click());
      await page.getByRole('button', { name: 'Save and share' }).click();
      const link = await page.getByLabel('Share link').inputValue();
      await page.getByRole('link', { name: 'See all my designs' }).click();
      await page.getByRole('heading', { name: 'My designs', level: 1 }).waitFor();
      const card = page.getByRole('listitem').filter({ hasText: 'Made-to-measure jeans' });
      await card.waitFor();
      assert.equal(await card.count(), 1);
      assert.equal(await card.getByLabel('Share link').inputValue(), link);
      await shot(page, '22-my-designs');
      await card.getByRole('button', { name: /^Open/ }).click();
      await page.waitForURL(/\/products\/jeans$/);
      await page.locator('main.configurator[data-ready]').waitFor();
      assert.equal(await page.getByRole('slider', { name: 'Waist' }).getAttribute('aria-valuetext'), '30 in');
      await page.getByText('Every option is decided: ready for a quote.').waitFor();

      await page.getByRole('link', { name: 'My designs' }).click();
      await card.getByRole('button', { name: /^Delete/ }).click();
      await card.getByText(/This cannot be undone/).waitFor();
      await card.getByRole('button', { name: 'Delete it' }).click();
      await page.getByText(/is deleted\.$/).waitFor();
      assert.equal(await page.getByRole('listitem').filter({ hasText: 'Made-to-measure jeans' }).count(), 0);
      await page.getByText('No saved designs yet.', { exact: false }).waitFor();
      await page.reload();
      await page.getByText('No saved designs yet.', { exact: false }).waitFor();
      await page.goto(link);
      await page.getByRole('alert').filter({ hasText: 'This link does not open a design' }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});
