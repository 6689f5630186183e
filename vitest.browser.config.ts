// Vitest config of the browser check only (npm run test:browser): renders a report and opens it in headless Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/closingLineReporter.ts'],
  },
});
