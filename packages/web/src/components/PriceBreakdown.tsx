// The live price: the total is a polite live region (announced after each change), the lines below.
import type { PriceView } from '@atelier/modeling';
import { useId } from 'react';
import { money } from '../format.ts';
import { useTexts } from '../i18n/useTexts.tsx';

export function PriceBreakdown({ price, complete }: { price: PriceView; complete: boolean }) {
  const id = useId();
  const { t } = useTexts();
  return (
    <section className="price" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {t.price.heading}
      </h2>
      <p className="total" aria-live="polite" aria-atomic="true" data-testid="price-total">
        <span className="total-label">{complete ? t.price.total : t.price.soFar}</span>{' '}
        <span className="total-amount">{money(price.total, price.currency)}</span>
      </p>
      <details className="breakdown">
        <summary>{t.price.breakdown}</summary>
        <table>
          <caption className="visually-hidden">{t.price.caption}</caption>
          <tbody>
            {price.lines.map((line, i) => (
              <tr key={i}>
                <th scope="row">{line.label ?? t.price.base}</th>
                <td>{money(line.amount, price.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t.price.total}</th>
              <td>{money(price.total, price.currency)}</td>
            </tr>
          </tfoot>
        </table>
      </details>
    </section>
  );
}
