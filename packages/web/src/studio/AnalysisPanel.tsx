// The model's analysis: how many configurations, which values no configuration has (dead), which
// every configuration has (core), which optional features are never left out; and where the figures
// come from.
import type { ValueRef } from '@atelier/engine';
import type { ProductDefinition } from '../api/types.ts';
import { choiceText } from '../format.ts';
import type { AnalysisView } from './useAnalysis.ts';
import { COUNT_BUDGET_MS } from './useAnalysis.ts';

interface Props {
  view: AnalysisView;
  definition: ProductDefinition | null;
  /** The newest saved version, which the server can analyse. */
  saved: number | null;
}

const grouped = (n: string): string => n.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function ValueList({ items, definition, empty }: { items: ValueRef[]; definition: ProductDefinition | null; empty: string }) {
  if (items.length === 0) return <p className="hint">{empty}</p>;
  return (
    <ul className="value-list">
      {items.map((v) => (
        <li key={`${v.variable}=${JSON.stringify(v.value)}`}>
          <code>
            {v.variable} = {String(v.value)}
          </code>
          {definition ? <span className="hint"> — {choiceText(definition, v.variable, v.value)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function AnalysisPanel({ view, definition, saved }: Props) {
  const { analysis, origin, running, error } = view;
  const from =
    origin?.kind === 'server'
      ? `From the server, for saved version ${origin.version}.`
      : origin?.kind === 'editor'
        ? `Computed in this browser from the text in the editor (counting stops after ${COUNT_BUDGET_MS / 1000} s).`
        : '';
  return (
    <section className="analysis" aria-labelledby="analysis-title" data-origin={origin?.kind ?? ''}>
      <h2 id="analysis-title">Analysis</h2>
      <p className="hint" role="status">
        {running ? (running.kind === 'server' ? `Asking the server about version ${running.version}…` : 'Analysing the text in the editor…') : from}
      </p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {analysis ? (
        <>
          <dl className="analysis-facts">
            <dt>Configurations</dt>
            <dd data-testid="configurations">
              {!analysis.satisfiable ? 'none: the rules contradict each other' : analysis.configurations === null ? 'too many to count in time' : grouped(analysis.configurations)}
            </dd>
            <dt>Options</dt>
            <dd data-testid="variables">{analysis.variables}</dd>
            <dt>Dead values</dt>
            <dd data-testid="dead-count">{analysis.dead.length}</dd>
            <dt>Core values</dt>
            <dd data-testid="core-count">{analysis.core.length}</dd>
            <dt>False-optional features</dt>
            <dd data-testid="false-optional-count">{analysis.falseOptional.length}</dd>
          </dl>
          <details>
            <summary>Dead values ({analysis.dead.length})</summary>
            <ValueList items={analysis.dead} definition={definition} empty="Every value can be chosen in some configuration." />
          </details>
          <details>
            <summary>Core values ({analysis.core.length})</summary>
            <ValueList items={analysis.core} definition={definition} empty="No value is in every configuration." />
          </details>
          <details>
            <summary>False-optional features ({analysis.falseOptional.length})</summary>
            {analysis.falseOptional.length === 0 ? (
              <p className="hint">Every optional feature can be left out.</p>
            ) : (
              <ul className="value-list">
                {analysis.falseOptional.map((name) => (
                  <li key={name}>
                    <code>{name}</code>
                  </li>
                ))}
              </ul>
            )}
          </details>
        </>
      ) : running ? null : (
        <p className="hint">The analysis runs once the text checks without errors.</p>
      )}
      {saved !== null ? (
        <button type="button" onClick={() => view.analyseSaved(saved)} disabled={running?.kind === 'server'}>
          Analyse saved version {saved} on the server
        </button>
      ) : null}
    </section>
  );
}
