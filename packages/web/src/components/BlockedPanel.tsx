// Why a value is blocked (the fewest choices that exclude it and the rules' explanations), and
// "choose it anyway": the choices that would be given up, applied only on confirmation.
import type { Value } from '@atelier/engine';
import { useEffect, useId, useRef, useState } from 'react';
import { messageOf } from '../api/client.ts';
import type { ProductDefinition, VariableDefinition } from '../api/types.ts';
import type { RepairPlan, Why } from '../engine/protocol.ts';
import { choiceText, valueLabel } from '../format.ts';
import { fill, fillNodes } from '../i18n/texts.ts';
import { useTexts } from '../i18n/useTexts.tsx';

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
  const { t } = useTexts();
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
        {fillNodes(t.blocked.title, { value: <strong>{name}</strong> })}
      </p>
      {error ? <p role="alert">{error}</p> : null}
      {why ? (
        <div className="why" aria-live="polite">
          <p>{why.message}</p>
          {why.choices.length > 0 ? (
            <p>
              {fillNodes(t.blocked.because, {
                choices: why.choices.map((c, i) => (
                  <span key={`${c.variable}`}>
                    {i > 0 ? t.blocked.and : ''}
                    <strong>{choiceText(definition, c.variable, c.value)}</strong>
                  </span>
                )),
              })}
            </p>
          ) : null}
          {why.kind === 'model' ? <p>{t.blocked.noConfiguration}</p> : null}
        </div>
      ) : (
        <p className="why">{t.blocked.working}</p>
      )}
      {plan === undefined ? (
        <div className="actions">
          <button ref={anyway} type="button" onClick={showRepair} disabled={!why || why.kind === 'model'}>
            {t.blocked.chooseAnyway}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t.blocked.close}
          </button>
        </div>
      ) : plan === null ? (
        <div className="actions">
          <p>{t.blocked.noRepair}</p>
          <button type="button" className="secondary" onClick={onClose}>
            {t.blocked.close}
          </button>
        </div>
      ) : (
        <div className="repair" aria-live="polite">
          <p>{fillNodes(plan.retract.length === 1 ? t.blocked.giveUpOne : t.blocked.giveUpMany, { value: <strong>{name}</strong> })}</p>
          <ul>
            {plan.retract.map((r) => (
              <li key={r.variable}>{choiceText(definition, r.variable, r.value)}</li>
            ))}
          </ul>
          <div className="actions">
            <button ref={confirm} type="button" className="primary" onClick={() => void onConfirm().catch((e: unknown) => setError(messageOf(e)))}>
              {fill(plan.retract.length === 1 ? t.blocked.confirmOne : t.blocked.confirmMany, { value: name })}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {t.blocked.keep}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
