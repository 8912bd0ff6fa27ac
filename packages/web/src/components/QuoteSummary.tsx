// A quote as the customer will get it: the picture, every option, the price lines.
import { useEffect, useState } from 'react';
import { get } from '../api/client.ts';
import type { ProductDefinition, Quote } from '../api/types.ts';
import { choiceText, dateTime, money } from '../format.ts';
import { Preview } from './Preview.tsx';

export function QuoteSummary({ quote }: { quote: Quote }) {
  const [definition, setDefinition] = useState<ProductDefinition | null>(null);
  useEffect(() => {
    let live = true;
    get<ProductDefinition>(`/api/products/${encodeURIComponent(quote.productId)}?version=${quote.version}`)
      .then((d) => live && setDefinition(d))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [quote.productId, quote.version]);

  const visible = definition ? definition.variables.filter((v) => v.name in quote.configuration && quote.configuration[v.name] !== null) : [];
  return (
    <div className="quote-summary">
      <Preview svg={quote.preview} viewBox={definition?.viewBox ?? '0 0 400 300'} label={`Preview of the ${definition?.name ?? quote.productId} quoted`} />
      <div>
        <h2>{definition?.name ?? quote.productId}</h2>
        <p className="hint">
          Quote of {dateTime(quote.createdAt)}, valid until {dateTime(quote.expiresAt)}
          {quote.expired ? ' (expired)' : ''}.
        </p>
        {definition ? (
          <ul className="configuration">
            {visible.map((v) => (
              <li key={v.name}>{choiceText(definition, v.name, quote.configuration[v.name])}</li>
            ))}
            {Object.entries(quote.texts).map(([field, text]) => (
              <li key={field}>
                {definition.personalisation.find((f) => f.id === field)?.label ?? field}: “{text}”
              </li>
            ))}
          </ul>
        ) : null}
        <table className="lines">
          <caption className="visually-hidden">Price</caption>
          <tbody>
            {quote.price.lines.map((line, i) => (
              <tr key={i}>
                <th scope="row">{line.label ?? 'Base price'}</th>
                <td>{money(line.amount, quote.price.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td>{money(quote.price.total, quote.price.currency)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
