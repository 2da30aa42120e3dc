import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // A shared library runs in the browser (and a Web Worker) as well as on the server.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts', 'src/**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'stream', 'zlib', 'crypto', 'os', 'child_process', 'buffer'],
              message: 'Shared libraries run in the browser: no Node built-ins.',
            },
            {
              group: ['@nestjs/*', '@angular/*', 'typeorm', 'pg', 'chinese-days'],
              message:
                'Shared libraries import neither Nest, Angular, the database nor runtime data packages.',
            },
          ],
        },
      ],
    },
  },
];
