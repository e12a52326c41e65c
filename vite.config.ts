import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('./src/renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

/**
 * The renderer bundle. It is served from app://arbdesk/ in Electron and from
 * http://127.0.0.1:<port>/ in browser mode, both under a CSP with script-src 'self' and
 * style-src 'self': relative asset URLs, no inline scripts (hence no module-preload
 * polyfill), and no public source maps.
 */
export default defineConfig(({ mode }) => ({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    // Maps would ship inside the package and be served in browser mode; only dev builds get them.
    sourcemap: mode === 'development',
    modulePreload: { polyfill: false },
    // Inlining small assets as data: URLs would need them in the CSP; keep every asset a file.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    reportCompressedSize: false,
    // Loaded from the local disk or loopback, never over a network: one bundle is fine.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    host: '127.0.0.1',
    strictPort: true,
  },
}));
