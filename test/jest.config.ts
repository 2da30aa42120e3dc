/** Cross-project tests: API end-to-end and browser journeys on a real PostgreSQL with the real migrations. */
export default {
  displayName: 'integration',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/**/*.spec.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/support/jest-setup.ts'],
};
