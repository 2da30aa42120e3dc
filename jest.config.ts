import type { Config } from 'jest';

/** `npm test` runs every project's tests in one Jest run: unit tests, then integration and browser tests. */
const config: Config = {
  projects: [
    '<rootDir>/libs/calendar/jest.config.ts',
    '<rootDir>/libs/reporting-standard/jest.config.ts',
    '<rootDir>/libs/demo-data/jest.config.ts',
    '<rootDir>/libs/file-formats/jest.config.ts',
    '<rootDir>/server/jest.config.cts',
    '<rootDir>/client/jest.config.cts',
    '<rootDir>/test/jest.config.ts',
  ],
};

export default config;
