import { test as base, expect, type Page } from '@playwright/test';
import { startServer, type ServerHandle } from './server';

export type AppFixture = {
  server: ServerHandle;
  readonly url: string;
  /** Stops the server and starts a new one on the same data folder, then reloads the page. */
  restart: () => Promise<void>;
  /** Opens a URL of the current server and waits until the app says it is ready. */
  open: (page: Page) => Promise<void>;
};

/** Waits for the renderer's readiness signal. */
export async function waitForReady(page: Page): Promise<void> {
  await expect(page.locator('#root[data-app-state="ready"]')).toBeAttached();
}

export const test = base.extend<{ app: AppFixture }>({
  app: [
    async ({ page }, use) => {
      const fixture: AppFixture = {
        server: await startServer(),
        get url() {
          return this.server.url;
        },
        restart: async () => {
          await fixture.server.stop();
          fixture.server = await startServer(fixture.server.dataDir);
          await fixture.open(page);
        },
        open: async (p) => {
          await p.goto(fixture.server.url);
          await waitForReady(p);
        },
      };
      // Surface renderer errors in the test output instead of failing silently.
      page.on('pageerror', (e) => console.error('[pageerror]', e.message));
      await fixture.open(page);
      await use(fixture);
      await fixture.server.stop();
    },
    { auto: true },
  ],
});

export { expect };
