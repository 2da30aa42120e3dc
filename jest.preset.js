const nxPreset = require('@nx/jest/preset').default;

// One SWC transform for every Node-side project, with decorator metadata on so Nest DI works in tests.
// (The client overrides `transform` with jest-preset-angular.)
module.exports = {
  ...nxPreset,
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
};
