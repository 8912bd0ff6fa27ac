// A worker for hang-guard.ts: loads the TypeScript module named in workerData and runs its export,
// reporting when it is ready, each input before it is read, and the result at the end.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const module = await import(workerData.module);
parentPort.postMessage({ ready: true });
const result = module[workerData.name]((label, text) => parentPort.postMessage({ progress: { label, text } }));
parentPort.postMessage({ result });
