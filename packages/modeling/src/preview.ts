import { holdsOn, type Configuration, type PersonalisationTexts } from './evaluate.ts';
import type { PreviewLayer, ProductModel } from './product.ts';

/** What customers type lands inside SVG: it must never become markup. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A layer entry is either an SVG fragment or the path of an image asset covering the canvas. */
function layerMarkup(entry: string): string {
  return entry.trimStart().startsWith('<') ? entry : `<image href="${escapeXml(entry)}" width="100%" height="100%"/>`;
}

/** `{text:FIELD}` placeholders replaced by the field's text, escaped. */
function fillTexts(markup: string, texts: PersonalisationTexts): string {
  return markup.replace(/\{text:([A-Za-z_][\w.]*)\}/g, (_, id: string) => escapeXml(texts[id] ?? ''));
}

interface LayerMarkup {
  open: string;
  /** Per String(value): the entry's markup, and whether it has text placeholders to fill. */
  values: Map<string, { markup: string; placeholders: boolean }>;
}

/*
 * A layer's markup depends only on the model, so it is prepared once per layer (every configurator
 * answer carries a preview); only the placeholders of personalisation texts are filled per preview.
 * Product models are never changed once read.
 */
const layerMarkups = new WeakMap<PreviewLayer, LayerMarkup>();

function markupOf(layer: PreviewLayer): LayerMarkup {
  let prepared = layerMarkups.get(layer);
  if (prepared === undefined) {
    const values = new Map<string, { markup: string; placeholders: boolean }>();
    for (const [value, entry] of Object.entries(layer.fragments)) {
      const markup = layerMarkup(entry);
      values.set(value, { markup, placeholders: markup.includes('{text:') });
    }
    prepared = { open: `<g data-layer="${escapeXml(layer.id)}">`, values };
    layerMarkups.set(layer, prepared);
  }
  return prepared;
}

/**
 * The product's preview for a configuration: its layers stacked in order (the chosen value's
 * fragment of each), then the personalisation texts that apply. Same output in the browser and on
 * the server, so a quote shows exactly what the customer saw.
 */
export function composePreview(product: ProductModel, config: Configuration, texts: PersonalisationTexts = {}): string {
  const { layers, personalisation, viewBox } = product.presentation;
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${escapeXml(viewBox ?? '0 0 400 300')}">`;
  for (const layer of layers) {
    const value = config[layer.variable];
    if (value === undefined) continue;
    const { open, values } = markupOf(layer);
    const entry = values.get(String(value));
    if (entry !== undefined) svg += `${open}${entry.placeholders ? fillTexts(entry.markup, texts) : entry.markup}</g>`;
  }
  for (const field of personalisation) {
    const text = texts[field.id];
    if (!field.preview || !text || (field.when && !holdsOn(field.when, config))) continue;
    svg += `<g data-field="${escapeXml(field.id)}">${fillTexts(field.preview, texts).replaceAll('{value}', escapeXml(text))}</g>`;
  }
  return `${svg}</svg>`;
}
