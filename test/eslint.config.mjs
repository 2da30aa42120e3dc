import baseConfig from '../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Cross-project tests drive the real server and client from outside: they may import their internals
    // directly, which the module-boundary rule otherwise forbids between projects.
    files: ['**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
