import { defineConfig } from 'vite';

// Vite 8 compiles TSX itself with Oxc (no React plugin): the automatic runtime imports react/jsx-runtime.
const API = process.env.DUBAN_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
    rolldownOptions: {
      // antd marks its modules "use client" for React Server Components; meaningless in a plain SPA bundle
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': API, '/health': API },
  },
});
