// The options of a product, section by section: a group of values or a slider per choice, and the
// personalisation fields. The storefront's page, the embedded configurator and the studio's live
// configurator all draw their options with it.
import { useMemo } from 'react';
import type { Value } from '@atelier/engine';
import type { ProductDefinition } from '../api/types.ts';
import type { UiTexts } from '../i18n/texts.ts';
import { useTexts } from '../i18n/useTexts.tsx';
import type { EngineState, RepairPlan, Why } from '../engine/protocol.ts';
import { NumberChoice, isSliderChoice } from './NumberChoice.tsx';
import { OptionGroup } from './OptionGroup.tsx';
import { PersonalisationField } from './PersonalisationField.tsx';

interface Section {
  id: string;
  label: string;
  items: string[];
}

/** The model's groups in order, each option once (component groups inside a section add nothing new). */
export function sections(definition: ProductDefinition, t: UiTexts): Section[] {
  const known = new Set([...definition.variables.map((v) => v.name), ...definition.personalisation.map((f) => f.id)]);
  const shown = new Set<string>();
  const out: Section[] = [];
  for (const g of definition.groups) {
    const items = g.variables.filter((name) => known.has(name) && !shown.has(name));
    items.forEach((name) => shown.add(name));
    if (items.length > 0) out.push({ id: g.id, label: g.label, items });
  }
  const rest = [...known].filter((name) => !shown.has(name));
  if (rest.length > 0) out.push({ id: 'options', label: out.length > 0 ? t.sections.moreOptions : t.sections.options, items: rest });
  return out;
}

/** What the options act through: the engine hook of the page they are on. */
export interface OptionActions {
  whys: ReadonlyMap<string, Why>;
  choose(variable: string, value: Value): void;
  clear(variable: string): void;
  explain(variable: string, value: Value): Promise<Why>;
  repair(variable: string, value: Value): Promise<RepairPlan | null>;
  applyRepair(variable: string, value: Value): Promise<void>;
  setText(field: string, text: string): void;
}

interface Props {
  definition: ProductDefinition;
  state: EngineState;
  actions: OptionActions;
  /** The sections' heading level under the page's own headings. */
  heading: 'h2' | 'h3';
  /** Keeps the sections' ids apart from another configurator's on the same page. */
  idPrefix?: string;
}

export function OptionSections({ definition, state, actions, heading: Heading, idPrefix = '' }: Props) {
  const { t } = useTexts();
  const layout = useMemo(() => sections(definition, t), [definition, t]);
  const variables = useMemo(() => new Map(definition.variables.map((v) => [v.name, v])), [definition]);
  const fields = useMemo(() => new Map(definition.personalisation.map((f) => [f.id, f])), [definition]);
  const domains = new Map(state.view.domains.map((d) => [d.variable, d]));
  const applicable = new Map(state.fields.map((f) => [f.id, f.applicable]));
  const problems = new Map(state.textProblems.map((p) => [p.field, p.message]));
  const choices = new Map(state.choices.map((ch) => [ch.variable, ch]));
  return layout.map((section) => (
    <section key={section.id} className="option-section" aria-labelledby={`${idPrefix}section-${section.id}`}>
      <Heading id={`${idPrefix}section-${section.id}`}>{section.label}</Heading>
      {section.items.map((name) => {
        const variable = variables.get(name);
        const domain = domains.get(name);
        if (variable && domain) {
          const Choice = isSliderChoice(variable) ? NumberChoice : OptionGroup;
          return (
            <Choice
              key={name}
              definition={definition}
              variable={variable}
              domain={domain}
              choice={choices.get(name)}
              whys={actions.whys}
              onChoose={actions.choose}
              onClear={actions.clear}
              explain={actions.explain}
              repair={actions.repair}
              applyRepair={actions.applyRepair}
            />
          );
        }
        const field = fields.get(name);
        if (!field) return null;
        return (
          <PersonalisationField
            key={name}
            field={field}
            value={state.texts[name] ?? ''}
            applicable={applicable.get(name) ?? true}
            problem={problems.get(name)}
            onChange={(text) => actions.setText(name, text)}
          />
        );
      })}
    </section>
  ));
}
