// A personalisation text (e.g. a monogram): kept in the page while typing, sent to the engine on
// each change; the message line below always takes its room, so nothing moves while typing.
import { useEffect, useId, useRef, useState } from 'react';
import type { FieldDefinition } from '../api/types.ts';
import { fill } from '../i18n/texts.ts';
import { useTexts } from '../i18n/useTexts.tsx';

interface Props {
  field: FieldDefinition;
  value: string;
  applicable: boolean;
  problem: string | undefined;
  onChange(text: string): void;
}

export function PersonalisationField({ field, value, applicable, problem, onChange }: Props) {
  const id = useId();
  const { t } = useTexts();
  const [draft, setDraft] = useState(value);
  const sent = useRef<string[]>([]);
  // The engine's echo of what was typed is not a change; only one from elsewhere (undo, start over)
  // replaces what is in the box.
  useEffect(() => {
    const echoed = sent.current.indexOf(value);
    if (echoed >= 0) sent.current.splice(0, echoed + 1);
    else {
      sent.current = [];
      setDraft(value);
    }
  }, [value]);
  const hint = fill(field.required ? t.field.hintRequired : t.field.hint, { max: field.maxLength, allowed: field.allowed });
  return (
    <div className="field personalisation">
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        type="text"
        value={draft}
        maxLength={field.maxLength}
        disabled={!applicable}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint ${id}-problem`}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          setDraft(e.target.value);
          sent.current.push(e.target.value);
          onChange(e.target.value);
        }}
      />
      <p id={`${id}-hint`} className="hint">
        {applicable ? hint : t.field.notApplicable}
      </p>
      <p id={`${id}-problem`} className="problem" role="status">
        {problem ?? ''}
      </p>
    </div>
  );
}
