export * from './diagnostics.ts';
export * from './product.ts';
