// Builds the studio's single-page app into studio/dist (shipped in the package; no CDN at run time).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: path.resolve(here, '../dist'), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
