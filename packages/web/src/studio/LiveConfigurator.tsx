// The configurator beside the text: the storefront's own components (options with blocked values and
// why, personalisation, price, preview) on the model as it stands in the editor.
import type { ProductDefinition } from '../api/types.ts';
import { Preview } from '../components/Preview.tsx';
import { PriceBreakdown } from '../components/PriceBreakdown.tsx';
import { OptionSections } from '../components/OptionSections.tsx';
import type { LiveConfigurator as Live } from './useLiveConfigurator.ts';

interface Props {
  live: Live;
  definition: ProductDefinition | null;
  /** The editor's text has errors: what is shown is the last text that had none. */
  stale: boolean;
}

export function LiveConfigurator({ live, definition, stale }: Props) {
  const { state } = live;
  if (!definition || !state) {
    return (
      <section className="live-configurator" aria-labelledby="live-title" aria-busy="true">
        <h2 id="live-title">Live configurator</h2>
        {live.error ? (
          <p role="alert" className="error">
            {live.error}
          </p>
        ) : (
          <p className="hint">The configurator appears once the model checks without errors.</p>
        )}
      </section>
    );
  }
  const open = state.view.domains.filter((d) => d.possible.length > 1).length;

  return (
    <section className="live-configurator" aria-labelledby="live-title" data-generation={live.generation} data-revision={state.revision}>
      <h2 id="live-title">Live configurator</h2>
      <p className="hint" role="status">
        {stale ? 'The text has errors: this is the last version of it that had none.' : 'Follows the text in the editor; choices that still fit are kept.'}
      </p>
      <div className="toolbar" role="toolbar" aria-label="Try the model">
        <button type="button" onClick={() => live.complete('defaults')} disabled={open === 0}>
          Complete for me
        </button>
        <button type="button" onClick={live.startOver} disabled={state.choices.length === 0 && Object.keys(state.texts).length === 0}>
          Start over
        </button>
      </div>
      {live.error ? (
        <p role="alert" className="error">
          {live.error}
        </p>
      ) : null}
      <div className="live-summary">
        <Preview svg={state.view.preview} viewBox={definition.viewBox} label={`Preview of the ${definition.name} as configured here`} />
        <PriceBreakdown price={state.view.price} complete={state.view.complete} />
        <p className="hint">{state.view.complete ? 'Every option is decided.' : `${open} option${open === 1 ? '' : 's'} still open.`}</p>
      </div>
      <div className="live-options">
        <OptionSections definition={definition} state={state} actions={live} heading="h3" idPrefix="live-" />
      </div>
    </section>
  );
}
