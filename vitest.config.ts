import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'server/src/**/*.test.ts', 'test/**/*.test.ts', 'policy/**/*.test.ts'],
    // Two cores: forks keep each file's servers and environment apart; more workers only thrash.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
