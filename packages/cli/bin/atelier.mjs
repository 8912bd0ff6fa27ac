#!/usr/bin/env node
// The CLI runs its TypeScript sources directly, so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
