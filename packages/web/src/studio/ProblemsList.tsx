// Every problem of the model, errors first: severity, file:line:column, message and hint. Activating
// one puts the editor's cursor on it.
import type { Diagnostic } from '@atelier/modeling';

interface Props {
  diagnostics: readonly Diagnostic[];
  /** Which check these are: the live one in the browser, or the server's at saving. */
  title: string;
  checking: boolean;
  /** How long the check took, when it is the live one. */
  seconds?: number;
  onReveal(d: Diagnostic): void;
}

export function ProblemsList({ diagnostics, title, checking, seconds, onReveal }: Props) {
  const sorted = [...diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return (
    <section className="problems" aria-labelledby="problems-title">
      <h2 id="problems-title">
        {title}{' '}
        <span className="problem-counts" data-testid="problem-counts">
          {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
        </span>
      </h2>
      <p className="hint" role="status">
        {checking ? 'Checking…' : diagnostics.length === 0 ? 'No problems: the model reads and checks cleanly.' : ''}
        {!checking && seconds !== undefined ? <span data-testid="check-time"> Checked in {Math.round(seconds * 1000)} ms.</span> : null}
      </p>
      {sorted.length > 0 ? (
        <ul className="problem-list">
          {sorted.map((d, i) => (
            <li key={`${d.file}:${d.line}:${d.column}:${d.code}:${i}`} className={`problem-item ${d.severity}`}>
              <button type="button" className="link problem-jump" onClick={() => onReveal(d)} data-code={d.code}>
                <span className="severity">{d.severity === 'error' ? 'Error' : 'Warning'}</span>{' '}
                <span className="where">
                  {d.file}:{d.line}:{d.column}
                </span>{' '}
                <span className="message">{d.message}</span>
                {d.hint ? <span className="problem-hint"> — {d.hint}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
