import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const repository = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The viewer as one classic script (IIFE, CSS inside) that the kit builder inlines into every kit
 * file: no module loading, no chunks, no asset URLs, since the kit runs from file:// under a CSP that
 * allows no network at all.
 */
export default defineConfig({
  root: here,
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: `${repository}dist/viewer`,
    emptyOutDir: true,
    target: ['chrome120', 'firefox128', 'safari17'],
    minify: true,
    sourcemap: false,
    cssCodeSplit: false,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    modulePreload: false,
    reportCompressedSize: false,
    lib: {
      entry: `${here}main.ts`,
      formats: ['iife'],
      name: 'LifelineViewer',
      fileName: () => 'lifeline-viewer.js',
    },
  },
});
