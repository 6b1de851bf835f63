/**
 * Build of the three Electron parts:
 * - main: the main process (`out/main/index.js`), the engine worker (`out/main/engine-worker.js`) and
 *   the validation worker (`out/main/validation-worker.js`),
 *   ESM; npm dependencies stay external, except what must be bundled;
 * - preload: CommonJS (`out/preload/index.cjs`), because a sandboxed preload cannot be ESM and
 *   cannot `require` anything but electron: everything it imports is bundled;
 * - renderer: `src/renderer/index.html` with Vue.
 */
import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'

const root = import.meta.dirname
const alias = {
  '@engine': resolve(root, 'src/engine/index.ts'),
  '@report': resolve(root, 'src/report/index.ts'),
  '@shared': resolve(root, 'src/shared'),
}

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      // resvg is a devDependency with a native binary: keep it external (loaded on first PNG export).
      externalizeDeps: { include: ['@resvg/resvg-js'] },
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          'engine-worker': resolve(root, 'src/main/services/engine-host/engine-worker.ts'),
          'validation-worker': resolve(root, 'src/main/services/python/validation-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    resolve: { alias: { ...alias, '@renderer': resolve(root, 'src/renderer/src') } },
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
        // V8's explicit compile hint: every function of the bundle is compiled as the script loads
        // (off the main thread while it streams) instead of at its first call. Without it the
        // page's first task after load took 205-407 ms here and the chart warm-up's steps up to
        // 57 ms; with it 73-164 and 44 ms (Chromium 156, the app's start as the e2e tests load it).
        output: { banner: '//# allFunctionsCalledOnLoad' },
      },
    },
  },
})
