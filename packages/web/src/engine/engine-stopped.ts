// The engine's worker failed: it crashed, or it never started. A page's Content-Security-Policy
// without `worker-src blob:` refuses the embedded configurator's worker and says so only in the
// console; the worker then reports an error with no message, which is what `detail` is then.
export class EngineStopped extends Error {
  constructor(readonly detail: string) {
    super(detail || 'the configuration engine stopped or could not start');
    this.name = 'EngineStopped';
  }
}
