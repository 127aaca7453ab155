import { defineConfig } from '@playwright/test';

// Browser suites (DESIGN §7, §8): Debian's Chromium (Playwright never downloads a browser here)
// against one built app on a fresh, demo-seeded database, started once by global-setup.
export default defineConfig({
  testDir: './tests',
  testMatch: /.*\.spec\.ts$/,
  globalSetup: './tests/support/global-setup.ts',
  // One app and one database for the whole run; tests that change data use their own accounts.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: '../test-results/web-report' }]] : 'list',
  outputDir: process.env.PW_OUTPUT_DIR ?? '../test-results/web',
  use: {
    baseURL: process.env.COCREA_WEB_URL,
    locale: 'es-MX',
    timezoneId: 'America/Mexico_City',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium' }],
});
