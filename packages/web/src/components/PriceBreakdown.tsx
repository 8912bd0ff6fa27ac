// The live price: the total is a polite live region (announced after each change), the lines below.
import type { PriceView } from '@atelier/modeling';
import { useId } from 'react';
import { money } from '../format.ts';

export function PriceBreakdown({ price, complete }: { price: PriceView; complete: boolean }) {
  const id = useId();
  return (
    <section className="price" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        Price
      </h2>
      <p className="total" aria-live="polite" aria-atomic="true" data-testid="price-total">
        <span className="total-label">{complete ? 'Total' : 'So far'}</span>{' '}
        <span className="total-amount">{money(price.total, price.currency)}</span>
      </p>
      <details className="breakdown">
        <summary>Price breakdown</summary>
        <table>
          <caption className="visually-hidden">What the price is made of</caption>
          <tbody>
            {price.lines.map((line, i) => (
              <tr key={i}>
                <th scope="row">{line.label ?? 'Base price'}</th>
                <td>{money(line.amount, price.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td>{money(price.total, price.currency)}</td>
            </tr>
          </tfoot>
        </table>
      </details>
    </section>
  );
}
