// One choice: a radio group of all its values. Values no longer possible stay in place, marked
// aria-disabled and described by why; activating one opens the explanation with "choose it anyway".
// Another value of a choice already made is not blocked by that choice: choosing it replaces it.
import type { Value } from '@atelier/engine';
import type { DomainView } from '@atelier/modeling';
import { memo, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { ProductDefinition, VariableDefinition } from '../api/types.ts';
import type { Choice, RepairPlan, Why } from '../engine/protocol.ts';
import { fullLabel, valueKey, valueLabel } from '../format.ts';
import { fill } from '../i18n/texts.ts';
import { useTexts } from '../i18n/useTexts.tsx';
import { useChoiceAttempt } from './useChoiceAttempt.tsx';
import { useValueStatuses } from './value-status.ts';

export interface OptionGroupProps {
  definition: ProductDefinition;
  variable: VariableDefinition;
  domain: DomainView;
  choice: Choice | undefined;
  whys: ReadonlyMap<string, Why>;
  onChoose(variable: string, value: Value): void;
  onClear(variable: string): void;
  explain(variable: string, value: Value): Promise<Why>;
  repair(variable: string, value: Value): Promise<RepairPlan | null>;
  applyRepair(variable: string, value: Value): Promise<void>;
}

function OptionGroupView(props: OptionGroupProps) {
  const { definition, variable, domain, choice, whys } = props;
  const id = useId();
  const { t } = useTexts();
  /** The value holding the focus while it is inside the group. */
  const [focused, setFocused] = useState<number | null>(null);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const label = fullLabel(definition, variable);
  const selected = domain.chosen !== undefined ? domain.chosen : domain.forced;
  const statuses = useValueStatuses(domain, whys, variable.values.map((v) => v.value));
  const forcedOnly = domain.chosen === undefined && domain.forced !== undefined;
  const note = choice?.by === 'default' ? t.choice.completedForYou : forcedOnly ? t.choice.onlyPossible : undefined;

  // One tab stop per group (the value focused last while inside, else the selected value, else the
  // first); arrow keys, Home and End move between the values, blocked ones included so that their
  // why is reachable; Space or Enter chooses. Moving does not choose: each choice asks the engine.
  const count = variable.values.length;
  const selectedIndex = selected === undefined ? -1 : variable.values.findIndex((v) => v.value === selected);
  const tabStop = focused ?? (selectedIndex >= 0 ? selectedIndex : 0);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const target =
      event.key === 'ArrowDown' || event.key === 'ArrowRight'
        ? (index + 1) % count
        : event.key === 'ArrowUp' || event.key === 'ArrowLeft'
          ? (index - 1 + count) % count
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? count - 1
              : -1;
    if (target < 0) return;
    event.preventDefault();
    buttons.current[target]?.focus();
  };

  const indexOf = (value: Value) => variable.values.findIndex((v) => v.value === value);
  // Whether it was given up for or closed, the focus goes back to the value the panel was about.
  const attempts = useChoiceAttempt(props, label, (value) => buttons.current[indexOf(value)]?.focus());

  const activate = (value: Value) => {
    if (domain.chosen === value) attempts.dismiss();
    else attempts.attempt(value);
  };

  return (
    <fieldset className="option-group" role="radiogroup" aria-labelledby={`${id}-legend`}>
      <legend id={`${id}-legend`}>
        <span className="option-label">{label}</span>
        {variable.unit ? <span className="unit"> ({variable.unit})</span> : null}
        {note ? <span className="note"> — {note}</span> : null}
      </legend>
      {variable.description ? <p className="description">{variable.description}</p> : null}
      <div
        className="options"
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(null);
        }}
      >
        {variable.values.map((v, index) => {
          const isBlocked = statuses[index] === 'blocked';
          const checked = selected !== undefined && selected === v.value;
          const why = whys.get(valueKey(variable.name, v.value));
          const whyId = `${id}-why-${index}`;
          return (
            <span key={JSON.stringify(v.value)} className="option-slot">
              <button
                ref={(el) => {
                  buttons.current[index] = el;
                }}
                type="button"
                role="radio"
                className="option"
                aria-checked={checked}
                tabIndex={index === tabStop ? 0 : -1}
                onFocus={() => setFocused(index)}
                aria-disabled={isBlocked || undefined}
                aria-describedby={isBlocked ? whyId : undefined}
                title={isBlocked ? (why?.message ?? t.choice.blockedTitle) : undefined}
                data-value={JSON.stringify(v.value)}
                onClick={() => activate(v.value)}
                onKeyDown={(e) => onKeyDown(e, index)}
              >
                {valueLabel(variable, v.value)}
              </button>
              {isBlocked ? (
                <span id={whyId} hidden>
                  {fill(t.choice.blockedHint, { why: why?.message ?? t.choice.blockedFallback })}
                </span>
              ) : null}
            </span>
          );
        })}
      </div>
      {attempts.footer}
    </fieldset>
  );
}

/**
 * Redrawn only when its own props change: the configurator keeps the previous domain and choice
 * objects when they did not change (see keep-unchanged.ts), and of the explanations only this
 * choice's blocked values count.
 */
export function sameChoiceProps(before: OptionGroupProps, after: OptionGroupProps): boolean {
  for (const key of Object.keys(after) as (keyof OptionGroupProps)[]) {
    if (key !== 'whys' && before[key] !== after[key]) return false;
  }
  if (before.whys === after.whys) return true;
  const name = after.variable.name;
  return after.domain.impossible.every((value) => before.whys.get(valueKey(name, value)) === after.whys.get(valueKey(name, value)));
}

export const OptionGroup = memo(OptionGroupView, sameChoiceProps);
