// ESLint flat config. Besides the recommended rules, it makes the layout self-enforcing
// (STYLE §7.9): per-folder import restrictions say what each part of the app may depend on.
import js from '@eslint/js'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const NODE_BUILTINS = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector',
  'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'string_decoder', 'timers', 'tls', 'tty', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
]
const NODE = { group: ['node:*'], message: 'Node APIs are not available here.' }
/** Bare built-in names are matched exactly (a pattern `vm` would also match `./vm/vm`). */
const NODE_PATHS = NODE_BUILTINS.map((name) => ({ name, message: 'Node APIs are not available here.' }))
const ELECTRON = { group: ['electron', 'electron/*'], message: 'Electron belongs to src/main and src/preload only.' }
const UI = { group: ['vue', 'pinia', 'vue-echarts', '@vue/*'], message: 'UI frameworks belong to src/renderer only.' }
const APP_SHELL = { group: ['**/main/**', '**/preload/**', '**/renderer/**', '@renderer/*', '@renderer'], message: 'Pure code cannot depend on the app shell.' }

/** Import restrictions (typescript-eslint's variant understands `import type`). */
function restrict(patterns, paths = []) {
  return {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': ['error', { patterns, paths }],
  }
}

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'reports/**', 'test-results/**', 'playwright-report/**', 'coverage/**', 'python/**', 'tools/**', '**/*.d.ts.map'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    files: ['**/*.{ts,vue}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // Vue style guide Priority A: keep component names multi-word.
      'vue/multi-word-component-names': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'scripts/**', 'bin/**', '*.config.{ts,js}', 'e2e/**', 'src/main/**', 'src/cli/**', '**/*.test.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/renderer/**', 'src/preload/**'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // --- layering -----------------------------------------------------------------------------
  {
    // The engine: pure and deterministic. No Node, DOM, Electron, UI or charting.
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts', 'src/engine/**/*.bench.ts'],
    rules: {
      ...restrict([NODE, ELECTRON, UI, APP_SHELL, { group: ['echarts', 'echarts/*'], message: 'Charts are built in src/report.' }], NODE_PATHS),
      // The YAML reader matches control characters on purpose (they are not allowed in scenario text).
      'no-control-regex': 'off',
    },
  },
  {
    // `Field<any>` is the schema DSL's top type (any field, whatever it decodes to).
    files: ['src/engine/scenario/schema-dsl.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Report builders: pure (ECharts option objects and SSR strings), usable by the renderer and headless.
    files: ['src/report/**/*.ts'],
    ignores: ['src/report/**/*.test.ts'],
    rules: restrict([NODE, ELECTRON, UI, APP_SHELL], NODE_PATHS),
  },
  {
    // Shared: the contract and plain data types only.
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts', 'src/shared/**/*.node.ts'],
    rules: restrict([NODE, ELECTRON, UI, APP_SHELL], NODE_PATHS),
  },
  {
    // The renderer talks to the world through window.heapscope only; engine types, never engine code.
    files: ['src/renderer/**/*.{ts,vue}'],
    rules: {
      ...restrict(
        [
          NODE,
          ELECTRON,
          { group: ['**/main/**', '**/cli/**'], message: 'The renderer reaches main through the contract (window.heapscope) only.' },
          { group: ['**/engine/**', '@engine/*'], allowTypeImports: true, message: 'The renderer may import engine types only (import type).' },
        ],
        [...NODE_PATHS, { name: '@engine', allowTypeImports: true, message: 'The renderer may import engine types only (import type).' }],
      ),
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
    },
  },
  {
    // The preload: electron and the contract, nothing else (a sandboxed preload cannot load modules).
    files: ['src/preload/**/*.ts'],
    ignores: ['src/preload/**/*.test.ts'],
    rules: restrict([{ regex: '^(?!electron$|\\.\\./shared/contract$)', message: 'The preload imports only electron and ../shared/contract.' }]),
  },
  {
    // Main and the CLI: the engine only through its barrel, never the renderer.
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts'],
    rules: restrict([
      { group: ['**/engine/**', '@engine/*'], message: 'Import the engine through @engine (its index) only.' },
      { group: ['**/renderer/**', '@renderer', '@renderer/*'], message: 'Main never imports the renderer.' },
    ]),
  },
  {
    // Services are plain Node (the e2e test process and the CLI run them): no Electron.
    files: ['src/main/services/**/*.ts'],
    ignores: ['src/main/services/**/*.test.ts'],
    rules: restrict([
      ELECTRON,
      { group: ['**/engine/**', '@engine/*'], message: 'Import the engine through @engine (its index) only.' },
      { group: ['**/renderer/**', '@renderer', '@renderer/*'], message: 'Main never imports the renderer.' },
      { group: ['**/window/**', '**/menu/**', '**/ipc/**'], message: 'Services do not depend on the Electron side of main.' },
    ]),
  },
)
