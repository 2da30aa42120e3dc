// Integration and browser tests talk to a real database and a real browser: give them time.
// (testTimeout in a project config is ignored when Jest runs several projects, so it is set here.)
jest.setTimeout(120_000);
