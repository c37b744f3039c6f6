// typescript-eslint's strict type-checked preset, tuned where it fights the codebase's style:
// - non-null assertions are how the code says "this Map entry was set two lines above";
// - numbers and booleans in template strings are the point of most messages;
// - driver rows and parsed JSON are typed by declaration, not verified, so the String()/Number() conversions
//   and "impossible" null checks the type-aware rules call unnecessary are the runtime verification;
// - the SQLite driver implements the async Connection interface synchronously (require-await);
// - plain-object state files (JSON) are edited with `delete obj[key]`;
// - tests read the CLI's JSON output, which is `any` by nature, so the no-unsafe-* rules stay in src only.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '**/generated/**',
      'test/fixtures/**',
      'examples/**',
      'studio/dist/**',
      '.flash/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
      // callbacks that may change a value in place or return a replacement are typed `T | void`
      '@typescript-eslint/no-invalid-void-type': 'off',
      // `parse<T>(text): T` is how a checked cast reads at the call site
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // String(value) is deliberate where a driver may hand back any scalar
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/restrict-plus-operands': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'off',
      'no-control-regex': 'off', // tests match ANSI escapes
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
);
