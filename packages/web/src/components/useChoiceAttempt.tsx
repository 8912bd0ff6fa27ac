// What a choice does when the customer picks a value, whether drawn as buttons or as a slider: a
// value the other choices block opens its explanation (BlockedPanel, with "choose it anyway")
// instead of being chosen; under the choice, its clear button and that panel.
import type { Value } from '@atelier/engine';
import { useState, type ReactNode } from 'react';
import { useTexts } from '../i18n/useTexts.tsx';
import { BlockedPanel } from './BlockedPanel.tsx';
import type { OptionGroupProps } from './OptionGroup.tsx';
import { isBlockedNow } from './value-status.ts';

export interface ChoiceAttempt {
  /** The value tried while blocked, whose explanation is open. */
  blocked: Value | undefined;
  /** Chooses `value` with `choose` (by default the choice's onChoose) unless it turns out blocked. */
  attempt(value: Value, choose?: () => void): void;
  /** Closes the explanation. */
  dismiss(): void;
  /** The clear button (once something is chosen) and the open explanation. */
  footer: ReactNode;
}

/**
 * `label` names the choice for the clear button. `settled` runs once the explanation closes:
 * `repaired` when the value was chosen by giving up others, so the caller can put the focus back.
 */
export function useChoiceAttempt(props: OptionGroupProps, label: string, settled: (value: Value, repaired: boolean) => void): ChoiceAttempt {
  const { definition, variable, domain, choice, whys } = props;
  const [blocked, setBlocked] = useState<Value | undefined>(undefined);
  const { t } = useTexts();

  const attempt = (value: Value, choose: () => void = () => props.onChoose(variable.name, value)): void => {
    isBlockedNow(domain, whys, value, props.explain)
      .then((blockedNow) => {
        if (blockedNow) {
          setBlocked(value);
          return;
        }
        setBlocked(undefined);
        choose();
      })
      // The engine refuses a blocked value itself and says why: asking it is the safe way out.
      .catch(() => choose());
  };

  const footer = (
    <>
      {choice ? (
        <button type="button" className="link clear" onClick={() => props.onClear(variable.name)}>
          {t.choice.clear} <span className="visually-hidden">{label}</span>
        </button>
      ) : null}
      {blocked !== undefined ? (
        <BlockedPanel
          definition={definition}
          variable={variable}
          value={blocked}
          explain={props.explain}
          repair={props.repair}
          onConfirm={async () => {
            await props.applyRepair(variable.name, blocked);
            setBlocked(undefined);
            settled(blocked, true);
          }}
          onClose={() => {
            setBlocked(undefined);
            settled(blocked, false);
          }}
        />
      ) : null}
    </>
  );

  return { blocked, attempt, dismiss: () => setBlocked(undefined), footer };
}
