// Why a value is blocked (the fewest choices that exclude it and the rules' explanations), and
// "choose it anyway": the choices that would be given up, applied only on confirmation.
import type { Value } from '@atelier/engine';
import { useEffect, useId, useRef, useState } from 'react';
import { messageOf } from '../api/client.ts';
import type { ProductDefinition, VariableDefinition } from '../api/types.ts';
import type { RepairPlan, Why } from '../engine/protocol.ts';
import { choiceText, valueLabel } from '../format.ts';

interface Props {
  definition: ProductDefinition;
  variable: VariableDefinition;
  value: Value;
  explain(variable: string, value: Value): Promise<Why>;
  repair(variable: string, value: Value): Promise<RepairPlan | null>;
  onConfirm(): Promise<void>;
  onClose(): void;
}

export function BlockedPanel({ definition, variable, value, explain, repair, onConfirm, onClose }: Props) {
  const id = useId();
  const [why, setWhy] = useState<Why | null>(null);
  const [plan, setPlan] = useState<RepairPlan | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const anyway = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const name = valueLabel(variable, value);

  useEffect(() => {
    let live = true;
    setWhy(null);
    setPlan(undefined);
    explain(variable.name, value)
      .then((w) => live && setWhy(w))
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [explain, variable.name, value]);

  useEffect(() => {
    if (why && plan === undefined) anyway.current?.focus();
  }, [why, plan]);
  useEffect(() => {
    if (plan) confirm.current?.focus();
  }, [plan]);

  const showRepair = () => {
    repair(variable.name, value)
      .then((p) => setPlan(p))
      .catch((e: unknown) => setError(messageOf(e)));
  };

  return (
    <div className="blocked-panel" role="group" aria-labelledby={`${id}-title`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <p id={`${id}-title`} className="blocked-title">
        <strong>{name}</strong> is not possible with your current choices.
      </p>
      {error ? <p role="alert">{error}</p> : null}
      {why ? (
        <div className="why" aria-live="polite">
          <p>{why.message}</p>
          {why.choices.length > 0 ? (
            <p>
              Because you chose:{' '}
              {why.choices.map((c, i) => (
                <span key={`${c.variable}`}>
                  {i > 0 ? ' and ' : ''}
                  <strong>{choiceText(definition, c.variable, c.value)}</strong>
                </span>
              ))}
              .
            </p>
          ) : null}
          {why.kind === 'model' ? <p>No configuration of this product has it.</p> : null}
        </div>
      ) : (
        <p className="why">Working out why…</p>
      )}
      {plan === undefined ? (
        <div className="actions">
          <button ref={anyway} type="button" onClick={showRepair} disabled={!why || why.kind === 'model'}>
            Choose it anyway…
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      ) : plan === null ? (
        <div className="actions">
          <p>Nothing you could give up makes this possible.</p>
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      ) : (
        <div className="repair" aria-live="polite">
          <p>
            To choose <strong>{name}</strong>, {plan.retract.length === 1 ? 'this choice' : 'these choices'} will be given up:
          </p>
          <ul>
            {plan.retract.map((r) => (
              <li key={r.variable}>{choiceText(definition, r.variable, r.value)}</li>
            ))}
          </ul>
          <div className="actions">
            <button ref={confirm} type="button" className="primary" onClick={() => void onConfirm().catch((e: unknown) => setError(messageOf(e)))}>
              Give {plan.retract.length === 1 ? 'it' : 'them'} up and choose {name}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              Keep my choices
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
