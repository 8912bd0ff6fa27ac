// A number choice (a waist, a budget, solar panels): a slider paired with a number box and the unit.
// Moving the slider or typing shows the value at once; the engine is asked when the value is
// committed (the slider let go or stepped by a key, the box left or Enter), not at every pixel. The
// values still possible are named under it and drawn on the track; a blocked value opens the same
// explanation, with "choose it anyway", as a blocked button.
import { memo, useEffect, useId, useRef, useState, type CSSProperties } from 'react';
import { fullLabel } from '../format.ts';
import { fill } from '../i18n/texts.ts';
import { useTexts } from '../i18n/useTexts.tsx';
import { sameChoiceProps, type OptionGroupProps } from './OptionGroup.tsx';
import { useChoiceAttempt } from './useChoiceAttempt.tsx';
import { useValueStatuses } from './value-status.ts';

/** A number with more values than this reads better as a slider than as a row of buttons. */
export const SLIDER_FROM = 6;

export function isSliderChoice(variable: OptionGroupProps['variable']): boolean {
  return variable.kind === 'int' && variable.values.length >= SLIDER_FROM && variable.values.every((v) => typeof v.value === 'number');
}

/** The runs of consecutive possible values, as "28–34, 38–40". */
function possibleRuns(values: number[], possible: ReadonlySet<number>): string {
  const runs: [number, number][] = [];
  values.forEach((v, i) => {
    if (!possible.has(v)) return;
    const last = runs[runs.length - 1];
    if (last && values[i - 1] === last[1]) last[1] = v;
    else runs.push([v, v]);
  });
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(', ');
}

/** The track: possible stretches in the accent colour, blocked ones grey (positions follow the thumb's centre). */
function trackOf(values: number[], possible: ReadonlySet<number>): string {
  const last = values.length - 1;
  const at = (i: number): string => `calc(0.7rem + ${last === 0 ? 0 : (i / last) * 100}% - ${last === 0 ? 0 : (i / last) * 1.4}rem)`;
  const stops: string[] = [];
  values.forEach((v, i) => {
    const colour = possible.has(v) ? 'var(--range-possible)' : 'var(--range-blocked)';
    // Each value owns the half-steps either side of its position.
    const from = i === 0 ? '0%' : at(i - 0.5);
    const to = i === last ? '100%' : at(i + 0.5);
    stops.push(`${colour} ${from}`, `${colour} ${to}`);
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** The spacing of evenly spaced values (for the number box's arrows), or 'any'. */
function stepOf(values: number[]): number | 'any' {
  if (values.length < 2) return 1;
  const step = values[1] - values[0];
  return values.every((v, i) => i === 0 || v - values[i - 1] === step) ? step : 'any';
}

function NumberChoiceView(props: OptionGroupProps) {
  const { definition, variable, domain, choice, whys } = props;
  const id = useId();
  const { t } = useTexts();
  const values = variable.values.map((v) => v.value as number);
  const statuses = useValueStatuses(domain, whys, values);
  // Values not known yet to be blocked are drawn as possible; the wording below says when it is still being checked.
  const possible = new Set(values.filter((_, i) => statuses[i] !== 'blocked'));
  const checking = statuses.includes('unknown');
  const selected = (domain.chosen !== undefined ? domain.chosen : domain.forced) as number | undefined;
  const fallback = typeof variable.default === 'number' && values.includes(variable.default) ? variable.default : values[Math.floor(values.length / 2)];
  const [moving, setMoving] = useState<number | null>(null);
  const [typed, setTyped] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const slider = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLInputElement>(null);
  const label = fullLabel(definition, variable);
  const unit = variable.unit ?? '';
  const shown = moving ?? selected ?? fallback;
  const index = Math.max(0, values.indexOf(shown));
  const step = stepOf(values);
  const forcedOnly = domain.chosen === undefined && domain.forced !== undefined;
  const note = choice?.by === 'default' ? t.choice.completedForYou : forcedOnly ? t.choice.onlyPossible : undefined;
  const runs = possibleRuns(values, possible);
  const withUnit = (n: number | string): string => (unit ? `${n} ${unit}` : String(n));
  // The panel closed without a repair: the slider goes back to the value chosen before.
  const attempts = useChoiceAttempt(props, label, (_value, repaired) => {
    if (!repaired) setMoving(null);
    slider.current?.focus();
  });
  const blocked = attempts.blocked;

  /** The value last sent to the engine, so that a commit signalled twice (Enter, then change) asks once. */
  const sent = useRef<number | null>(null);

  // A value from elsewhere (the engine, undo, start over) replaces whatever was being moved or typed.
  useEffect(() => {
    sent.current = null;
    setMoving(null);
    setTyped(null);
    setProblem(null);
  }, [selected]);

  // The latest commit function, for the native change listeners below.
  const commitRef = useRef<(value: number) => void>(() => undefined);
  commitRef.current = (value: number) => {
    setProblem(null);
    if (value === domain.chosen) {
      setMoving(null);
      setTyped(null);
      return;
    }
    if (value === sent.current) return;
    setMoving(value);
    attempts.attempt(value, () => {
      sent.current = value;
      props.onChoose(variable.name, value);
    });
  };
  const typedRef = useRef<() => void>(() => undefined);
  typedRef.current = () => {
    const text = box.current?.value.trim() ?? '';
    if (text === '') {
      setTyped(null);
      return;
    }
    const n = Number(text);
    if (!values.includes(n)) {
      const inSteps = typeof step === 'number' && step > 1;
      setProblem(fill(inSteps ? t.slider.notOfferedInSteps : t.slider.notOffered, { text: withUnit(text), from: values[0], to: withUnit(values[values.length - 1]), step }));
      return;
    }
    setTyped(null);
    commitRef.current(n);
  };

  // React's onChange follows every movement; the native change event is the commit.
  useEffect(() => {
    const range = slider.current;
    const number = box.current;
    const onRange = (): void => commitRef.current(values[Number(range?.value ?? 0)]);
    const onNumber = (): void => typedRef.current();
    range?.addEventListener('change', onRange);
    number?.addEventListener('change', onNumber);
    return () => {
      range?.removeEventListener('change', onRange);
      number?.removeEventListener('change', onNumber);
    };
    // `values` is derived from the variable, which is stable for the product.
  }, [variable]);

  const state = selected === undefined && moving === null ? 'unset' : blocked !== undefined || (moving !== null && !possible.has(moving)) ? 'blocked' : 'set';
  const valueText = selected === undefined && moving === null ? fill(t.slider.notChosenYet, { value: withUnit(shown) }) : withUnit(shown);

  return (
    <fieldset className={`option-group number-choice ${state}`} aria-labelledby={`${id}-legend`}>
      <legend id={`${id}-legend`}>
        <span className="option-label">{label}</span>
        {unit ? <span className="unit"> ({unit})</span> : null}
        {note ? <span className="note"> — {note}</span> : null}
      </legend>
      {variable.description ? <p className="description">{variable.description}</p> : null}
      <div className="number-row">
        <input
          ref={slider}
          type="range"
          className="number-slider"
          aria-label={label}
          aria-valuetext={valueText}
          aria-describedby={`${id}-range ${id}-problem`}
          min={0}
          max={values.length - 1}
          step={1}
          value={index}
          style={{ '--track': trackOf(values, possible) } as CSSProperties}
          onChange={(e) => setMoving(values[Number(e.target.value)])}
        />
        <input
          ref={box}
          type="number"
          className="number-box"
          aria-label={label}
          aria-describedby={`${id}-range ${id}-problem`}
          aria-invalid={problem ? true : undefined}
          inputMode="numeric"
          min={values[0]}
          max={values[values.length - 1]}
          step={step}
          placeholder={String(fallback)}
          value={typed ?? (selected === undefined && moving === null ? '' : String(shown))}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') typedRef.current();
          }}
        />
        {unit ? (
          <span className="number-unit" aria-hidden="true">
            {unit}
          </span>
        ) : null}
      </div>
      <p id={`${id}-range`} className="hint number-range">
        {runs === '' ? t.slider.nothingPossible : fill(checking ? t.slider.possibleNowChecking : t.slider.possibleNow, { runs: withUnit(runs) })}
      </p>
      <p id={`${id}-problem`} className="problem" role="status">
        {problem ?? ''}
      </p>
      {attempts.footer}
    </fieldset>
  );
}

export const NumberChoice = memo(NumberChoiceView, sameChoiceProps);
