// What a customer does to the design as a whole — undo, redo, let it be completed, start over — and
// the engine's last refusal, the same on the shop's page and in the embedded configurator.
import type { Configurator } from '../engine/useConfigurator.ts';

interface Props {
  c: Configurator;
  /** How many choices are still open: completing needs one. */
  open: number;
}

export function DesignToolbar({ c, open }: Props) {
  const blank = c.state === null || (c.state.choices.length === 0 && Object.keys(c.state.texts).length === 0);
  return (
    <>
      <div className="toolbar" role="toolbar" aria-label="Design">
        <button type="button" onClick={c.undo} disabled={!c.canUndo}>
          Undo
        </button>
        <button type="button" onClick={c.redo} disabled={!c.canRedo}>
          Redo
        </button>
        <button type="button" onClick={() => c.complete('defaults')} disabled={open === 0}>
          Complete for me
        </button>
        <button type="button" onClick={() => c.complete('cheapest')} disabled={open === 0}>
          Complete at the lowest price
        </button>
        <button type="button" onClick={c.startOver} disabled={blank}>
          Start over
        </button>
      </div>
      {c.error ? (
        <p role="alert" className="error">
          {c.error}{' '}
          <button type="button" className="link" onClick={c.dismissError}>
            Dismiss
          </button>
        </p>
      ) : null}
    </>
  );
}
