// What a customer does to the design as a whole — undo, redo, let it be completed, start over — and
// the engine's last refusal, the same on the shop's page and in the embedded configurator.
import type { Configurator } from '../engine/useConfigurator.ts';
import { useTexts } from '../i18n/useTexts.tsx';

interface Props {
  c: Configurator;
  /** How many choices are still open: completing needs one. */
  open: number;
}

export function DesignToolbar({ c, open }: Props) {
  const { t } = useTexts();
  const blank = c.state === null || (c.state.choices.length === 0 && Object.keys(c.state.texts).length === 0);
  return (
    <>
      <div className="toolbar" role="toolbar" aria-label={t.toolbar.label}>
        <button type="button" onClick={c.undo} disabled={!c.canUndo}>
          {t.toolbar.undo}
        </button>
        <button type="button" onClick={c.redo} disabled={!c.canRedo}>
          {t.toolbar.redo}
        </button>
        <button type="button" onClick={() => c.complete('defaults')} disabled={open === 0}>
          {t.toolbar.complete}
        </button>
        <button type="button" onClick={() => c.complete('cheapest')} disabled={open === 0}>
          {t.toolbar.completeCheapest}
        </button>
        <button type="button" onClick={c.startOver} disabled={blank}>
          {t.toolbar.startOver}
        </button>
      </div>
      {c.error ? (
        <p role="alert" className="error">
          {c.error}{' '}
          <button type="button" className="link" onClick={c.dismissError}>
            {t.toolbar.dismiss}
          </button>
        </p>
      ) : null}
    </>
  );
}
