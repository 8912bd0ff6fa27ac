import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @atelier/web` serves the storefront with hot reload against a server on :3000;
// `npm run build` writes dist/, which the server serves at /.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
