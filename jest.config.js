// jest runs the TypeScript sources as ESM through ts-jest (type checks run in `npm run lint`).
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testTimeout: 60_000,
  maxWorkers: 2,
  // Tests start real servers and child processes; a handle left open by one must not keep a
  // CI run waiting after every test has finished (leaks are tested for directly, e.g. the
  // informer robustness test counts file descriptors).
  forceExit: true,
  reporters: ['default', '<rootDir>/test/closingLineReporter.cjs'],
};
