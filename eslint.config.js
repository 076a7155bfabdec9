import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'demo-output/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Page text must never become markup: build DOM nodes or use textContent.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Page text must never become markup: build DOM nodes or use textContent.',
        },
      ],
    },
  },
  {
    // The extension itself never talks to the network.
    files: ['entrypoints/**', 'components/**', 'utils/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'The extension sends nothing anywhere.' },
        { name: 'XMLHttpRequest', message: 'The extension sends nothing anywhere.' },
        { name: 'WebSocket', message: 'The extension sends nothing anywhere.' },
        { name: 'EventSource', message: 'The extension sends nothing anywhere.' },
      ],
    },
  },
);
