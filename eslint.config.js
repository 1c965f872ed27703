// ESLint flat config: the recommended rules of ESLint, typescript-eslint and eslint-plugin-svelte, without
// type-aware rules (they would need a full type check per lint; `npm run typecheck` already does that).
// Formatting is Prettier's job (`npm run format`), so no stylistic rules here.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.gpu/',
      'test/e2e/artifacts/',
      'resources/wordnet/*.json.gz',
      'test/fixtures/*/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter or binding kept for its position; a caught error may go unused
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Japanese text in template literals uses the ideographic space (U+3000) deliberately
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true }],
    },
  },
  {
    // the renderer runs in a browser page (and its tests under jsdom)
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      // reactive state is declared with $state; the Maps, Dates and URLSearchParams this flags are local
      // values or deliberately not reactive (e.g. the pilot's record of recently ended runs)
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
);
