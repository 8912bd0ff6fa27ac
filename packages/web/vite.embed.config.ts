import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The engine's worker goes inside the script: a browser refuses a worker script from another origin
 * than the page's, and the element's page is a shop on another site. (The storefront's build keeps
 * it a separate file.)
 */
function inlineWorkers(): Plugin {
  return {
    name: 'atelier:inline-workers',
    enforce: 'pre',
    resolveId(source, importer, options) {
      if (!/[?&]worker$/.test(source)) return null;
      return this.resolve(`${source}&inline`, importer, { ...options, skipSelf: true });
    },
  };
}

// `npm run build` runs this after vite.config.ts: dist/embed/atelier-configurator.js, one ES module
// defining <atelier-configurator> (src/embed/atelier-configurator.ts), with React, the engine's
// workers and the styles inside; embed/ (the sample page) is copied next to it. The server serves
// both at /embed/.
export default defineConfig({
  plugins: [react(), inlineWorkers()],
  worker: { format: 'es' },
  publicDir: 'embed',
  build: {
    outDir: 'dist/embed',
    emptyOutDir: true,
    sourcemap: true,
    // An application build of one entry (not a library build): minified in full, process.env.NODE_ENV
    // set, and nothing split off, as browsers run the script as it is.
    modulePreload: false,
    rolldownOptions: {
      input: 'src/embed/atelier-configurator.ts',
      output: { format: 'es', entryFileNames: 'atelier-configurator.js', codeSplitting: false },
    },
  },
});
