// Shared by the storefront's end-to-end test and its benchmark: a fresh build of the web when the
// sources changed, and Chromium as the test machines have it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const webDir = join(repoRoot, 'packages/web');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return path.endsWith('.test.ts') ? 0 : stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) if (entry !== 'node_modules') latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** Builds packages/web/dist (the storefront and the embeddable element) unless it is newer than every source it is made of (the engine and modeling included). */
export function ensureWebBuilt(): void {
  const built = [join(webDir, 'dist/index.html'), join(webDir, 'dist/embed/atelier-configurator.js')];
  const sources = [
    join(webDir, 'src'),
    join(webDir, 'index.html'),
    join(webDir, 'vite.config.ts'),
    join(webDir, 'vite.embed.config.ts'),
    join(webDir, 'embed'),
    join(repoRoot, 'packages/engine/src'),
    join(repoRoot, 'packages/modeling/src'),
  ];
  if (built.every((file) => existsSync(file) && statSync(file).mtimeMs >= Math.max(...sources.map(newest)))) return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A headless Chromium on a fresh profile; `close` removes the profile too. */
export async function launch(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'atelier-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The configurator's state revision (it grows with every change the engine answers). */
export async function revision(page: Page): Promise<number> {
  return Number((await page.locator('main.configurator').getAttribute('data-revision')) ?? '-1');
}

/** Runs `action`, then waits until the configurator shows the engine's answer to it. */
export async function afterChange(page: Page, action: () => Promise<void>): Promise<void> {
  const before = await revision(page);
  await action();
  await page.waitForFunction((r) => Number(document.querySelector('main.configurator')?.getAttribute('data-revision') ?? -1) > r, before);
}
