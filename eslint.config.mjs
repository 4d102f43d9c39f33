// Lint: TypeScript-aware recommended rules; formatting is Prettier's job.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'var/', '**/*.js', '!eslint.config.mjs', 'apps/web/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'off',
    },
  },
  {
    // Nest resolves constructor parameters from emitted type metadata: those imports must stay values
    files: [
      'apps/**/*.ts',
      'libs/work/src/**/*.ts',
      'libs/access/src/**/*.ts',
      'libs/audit/src/**/*.ts',
      'libs/reminders/src/**/*.ts',
      'libs/notices/src/**/*.ts',
      'libs/rollups/src/**/*.ts',
    ],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
