// The bundler's own imports (`./worker.ts?worker`, `./styles.css?inline`), as Vite resolves them.
/// <reference types="vite/client" />
