// The element's styles, adopted into its shadow root: the storefront's own stylesheet (one look for
// the shop and the element) between a reset of what the page would pass on and the element's layout.
import storefront from '../styles.css?inline';
import embedded from './embed.css?inline';
import reset from './reset.css?inline';

let shared: CSSStyleSheet | null = null;

/** One sheet for every element on the page. The storefront's `:root` rules are the element's `:host`. */
export function elementStyles(): CSSStyleSheet {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync([reset, storefront.replace(/:root\b/g, ':host'), embedded].join('\n'));
  }
  return shared;
}
