import { holdsOn, type Configuration, type PersonalisationTexts } from './evaluate.ts';
import type { ProductModel } from './product.ts';

/** What customers type lands inside SVG: it must never become markup. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A layer entry is either an SVG fragment or the path of an image asset covering the canvas. */
function layerMarkup(entry: string): string {
  return entry.trimStart().startsWith('<') ? entry : `<image href="${escapeXml(entry)}" width="100%" height="100%"/>`;
}

/**
 * The product's preview for a configuration: its layers stacked in order (the chosen value's
 * fragment of each), then the personalisation texts that apply. Same output in the browser and on
 * the server, so a quote shows exactly what the customer saw.
 */
export function composePreview(product: ProductModel, config: Configuration, texts: PersonalisationTexts = {}): string {
  const { layers, personalisation, viewBox } = product.presentation;
  const fill = (markup: string): string =>
    markup.replace(/\{text:([A-Za-z_][\w.]*)\}/g, (_, id: string) => escapeXml(texts[id] ?? ''));
  const parts: string[] = [];
  for (const layer of layers) {
    const value = config[layer.variable];
    if (value === undefined) continue;
    const entry = layer.fragments[String(value)];
    if (entry !== undefined) parts.push(`<g data-layer="${escapeXml(layer.id)}">${fill(layerMarkup(entry))}</g>`);
  }
  for (const field of personalisation) {
    const text = texts[field.id];
    if (!field.preview || !text || (field.when && !holdsOn(field.when, config))) continue;
    parts.push(`<g data-field="${escapeXml(field.id)}">${fill(field.preview).replaceAll('{value}', escapeXml(text))}</g>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${escapeXml(viewBox ?? '0 0 400 300')}">${parts.join('')}</svg>`;
}
