// The product page is the configurator: every option of the model with what is still possible,
// the live price and picture, undo/redo, completion, saving and sharing, and the way to a quote.
import { memo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { messageOf, post } from '../api/client.ts';
import type { ConfigurationCreated, Design, Quote } from '../api/types.ts';
import { useAuth } from '../auth/auth.tsx';
import { DesignToolbar } from '../components/DesignToolbar.tsx';
import { OptionSections } from '../components/OptionSections.tsx';
import { Preview } from '../components/Preview.tsx';
import { PriceBreakdown } from '../components/PriceBreakdown.tsx';
import type { Choice, Texts } from '../engine/protocol.ts';
import { useConfigurator } from '../engine/useConfigurator.ts';
import { dateTime } from '../format.ts';

// Redrawn only when the engine's answer changed them (the price object is kept when equal).
const PreviewOnce = memo(Preview);
const PriceOnce = memo(PriceBreakdown);

interface StartState {
  version?: number;
  choices?: Choice[];
  texts?: Texts;
}

export function ConfiguratorPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const start = (location.state as StartState | null) ?? null;
  return <Configurator key={`${id}:${location.key}`} productId={id} start={start} />;
}

function Configurator({ productId, start }: { productId: string; start: StartState | null }) {
  const c = useConfigurator(productId, start);
  const { user } = useAuth();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [shared, setShared] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { definition, state } = c;

  if (!definition || !state) {
    return (
      <main id="main" className="configurator loading" aria-busy="true">
        {c.error ? (
          <p role="alert" className="error">
            {c.error}
          </p>
        ) : (
          <p role="status">Loading the configurator…</p>
        )}
      </main>
    );
  }

  const problems = new Map(state.textProblems.map((p) => [p.field, p.message]));
  const open = state.view.domains.filter((d) => d.possible.length > 1).length;
  const body = { productId: definition.id, version: definition.version, choices: state.choices, texts: state.texts };

  const quote = async () => {
    setBusy('quote');
    setProblem(null);
    try {
      const q = await post<Quote>('/api/quotes', body);
      navigate(`/checkout/${q.id}`);
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    if (!user) {
      navigate(`/signin?next=${encodeURIComponent(`/products/${productId}`)}`, { state: { reason: 'Sign in to save your design.' } });
      return;
    }
    setBusy('save');
    setProblem(null);
    try {
      const configuration = await post<ConfigurationCreated>('/api/configurations', body);
      // The time in the name tells apart the designs of one product saved on one day.
      const design = await post<Design>('/api/designs', { configurationId: configuration.id, name: `${definition.name}, ${dateTime(new Date().toISOString())}` });
      const link = `${window.location.origin}/shared/${design.shareToken}`;
      setShared(link);
      setNotice('Design saved. Anyone with the link below can open a copy.');
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const copyLink = async () => {
    if (!shared) return;
    try {
      await navigator.clipboard.writeText(shared);
      setNotice('Link copied.');
    } catch {
      setNotice('Select the link and copy it.');
    }
  };

  return (
    <main id="main" className="configurator" data-revision={state.revision} data-ready="true">
      <header className="product-header">
        <p className="crumbs">
          <Link to="/">Catalogue</Link>
        </p>
        <h1>{definition.name}</h1>
        {definition.description ? <p className="lead">{definition.description}</p> : null}
      </header>

      <div className="workspace">
        <div className="options-column">
          <DesignToolbar c={c} open={open} />

          <OptionSections definition={definition} state={state} actions={c} heading="h2" />
        </div>

        <aside className="summary" aria-label="Your design">
          <PreviewOnce svg={state.view.preview} viewBox={definition.viewBox} label={`Preview of your ${definition.name}`} />
          <PriceOnce price={state.view.price} complete={state.view.complete} />
          <p className="status" role="status" data-testid="completeness">
            {state.view.complete ? 'Every option is decided: ready for a quote.' : `${open} option${open === 1 ? '' : 's'} still open.`}
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void quote()} disabled={!state.view.complete || problems.size > 0 || busy !== null}>
              {busy === 'quote' ? 'Quoting…' : 'Get a quote'}
            </button>
            <button type="button" onClick={() => void save()} disabled={busy !== null}>
              {busy === 'save' ? 'Saving…' : 'Save and share'}
            </button>
          </div>
          {problem ? (
            <p role="alert" className="error">
              {problem}
            </p>
          ) : null}
          {notice ? (
            <p role="status" className="notice">
              {notice}
              {shared ? (
                <>
                  {' '}
                  <Link to="/designs">See all my designs</Link>
                </>
              ) : null}
            </p>
          ) : null}
          {shared ? (
            <p className="share">
              <label>
                Share link
                <input type="text" readOnly value={shared} onFocus={(e) => e.target.select()} />
              </label>
              <button type="button" onClick={() => void copyLink()}>
                Copy link
              </button>
            </p>
          ) : null}
        </aside>
      </div>
    </main>
  );
}
