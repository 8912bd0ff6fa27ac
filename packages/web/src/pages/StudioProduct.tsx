// /studio/:productId — staff edit a product's model: the files in a code editor with live
// diagnostics, the configurator and the analysis of the text beside it, saving as a new draft
// version (the server checks it again and has the last word), publishing, and the version history.
import type { Diagnostic } from '@atelier/modeling';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { messageOf } from '../api/client.ts';
import type { ProductDefinition } from '../api/types.ts';
import type { ModelSource } from '../engine/protocol.ts';
import { AnalysisPanel } from '../studio/AnalysisPanel.tsx';
import { CodeEditor, type EditorHandle } from '../studio/CodeEditor.tsx';
import { LiveConfigurator } from '../studio/LiveConfigurator.tsx';
import { ProblemsList } from '../studio/ProblemsList.tsx';
import { useAnalysis } from '../studio/useAnalysis.ts';
import { useLiveConfigurator } from '../studio/useLiveConfigurator.ts';
import { UnsavedChangesGuard } from '../studio/UnsavedChangesGuard.tsx';
import { useModelCheck } from '../studio/useModelCheck.ts';
import { VersionHistory } from '../studio/VersionHistory.tsx';
import { listVersions, publishVersion, readVersion, sameDiagnostics, saveVersion, type ModelVersion } from '../studio/versions.ts';
import { StaffOnly } from './Studio.tsx';

interface Opened {
  version: number;
  main: string;
  files: Record<string, string>;
  /** Grows with each opening, so the editor reloads even the same version. */
  key: number;
}

interface ServerCheck {
  version: number;
  status: ModelVersion['status'];
  diagnostics: Diagnostic[];
  /** Whether the live check of the same text said the same; null when it had not finished. */
  agrees: boolean | null;
}

export function StudioProductPage() {
  const { productId = '' } = useParams();
  return (
    <StaffOnly title="Studio" next={`/studio/${productId}`}>
      <StudioEditor key={productId} productId={productId} />
    </StaffOnly>
  );
}

const sameFiles = (a: Record<string, string>, b: Record<string, string>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([file, text]) => b[file] === text);

function StudioEditor({ productId }: { productId: string }) {
  const [versions, setVersions] = useState<ModelVersion[] | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [active, setActive] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'publish' | 'open' | null>(null);
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [serverCheck, setServerCheck] = useState<ServerCheck | null>(null);
  const [clean, setClean] = useState<{ source: ModelSource; definition: ProductDefinition } | null>(null);
  const editor = useRef<EditorHandle>(null);
  const publishButton = useRef<HTMLButtonElement>(null);
  const publishTrigger = useRef<HTMLButtonElement>(null);

  const open = useCallback(
    async (version: number) => {
      setBusy('open');
      try {
        const v = await readVersion(productId, version);
        setOpened((before) => ({ version: v.version, main: v.source.main, files: v.source.files, key: (before?.key ?? 0) + 1 }));
        setTexts(v.source.files);
        setActive(v.source.main);
        setServerCheck(null);
        setConfirmPublish(false);
        setError(null);
      } catch (e) {
        setError(messageOf(e));
      } finally {
        setBusy(null);
      }
    },
    [productId],
  );

  useEffect(() => {
    let live = true;
    listVersions(productId)
      .then(async (list) => {
        if (!live) return;
        setVersions(list);
        const newest = list[list.length - 1];
        if (newest) await open(newest.version);
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [productId, open]);

  const source = useMemo<ModelSource | null>(() => (opened ? { main: opened.main, files: texts } : null), [opened, texts]);
  const check = useModelCheck(productId, opened?.version ?? 0, source);
  const result = check.result;
  const hasErrors = result ? result.diagnostics.some((d) => d.severity === 'error') : false;

  // The configurator and the analysis follow the newest text that checked without errors.
  useEffect(() => {
    if (result?.definition) setClean({ source: result.source, definition: result.definition });
  }, [result]);
  const live = useLiveConfigurator(clean?.source ?? null);
  const analysis = useAnalysis(productId, clean?.source ?? null);

  const dirty = opened !== null && !sameFiles(opened.files, texts);
  const openedInfo = versions?.find((v) => v.version === opened?.version) ?? null;
  const newestSaved = versions && versions.length > 0 ? versions[versions.length - 1].version : null;
  const publishable = openedInfo?.status === 'draft' && !dirty;

  const closePublish = () => {
    setConfirmPublish(false);
    publishTrigger.current?.focus();
  };
  useEffect(() => {
    if (confirmPublish) publishButton.current?.focus();
  }, [confirmPublish]);

  const onChange = useCallback((file: string, text: string) => {
    setTexts((before) => (before[file] === text ? before : { ...before, [file]: text }));
    setNotice(null);
  }, []);

  const save = async () => {
    if (!opened) return;
    setBusy('save');
    setError(null);
    setNotice(null);
    const sent: ModelSource = { main: opened.main, files: texts };
    try {
      const v = await saveVersion(productId, sent);
      const liveResult = result && sameFiles(result.source.files, sent.files) && !check.checking ? result : null;
      const agrees = liveResult ? sameDiagnostics(liveResult.diagnostics, v.diagnostics) : null;
      setServerCheck({ version: v.version, status: v.status, diagnostics: v.diagnostics, agrees });
      setOpened((before) => ({ version: v.version, main: sent.main, files: sent.files, key: before?.key ?? 0 }));
      setVersions(await listVersions(productId));
      setNotice(
        v.status === 'invalid'
          ? `Saved as version ${v.version}, but the server found errors: it cannot be published until they are fixed.`
          : `Saved as version ${v.version} (draft). Publish it to put it in the shop.`,
      );
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const publish = async () => {
    if (!opened) return;
    setBusy('publish');
    setError(null);
    try {
      const v = await publishVersion(productId, opened.version);
      setVersions(await listVersions(productId));
      setConfirmPublish(false);
      setNotice(`Version ${v.version} is published: the shop's product page uses it from now on.`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const reveal = (d: Diagnostic) => editor.current?.reveal(d.file, d.line, d.column);

  if (!versions || !opened) {
    return (
      <main id="main" className="studio" aria-busy="true">
        <p className="crumbs">
          <Link to="/studio">Studio</Link>
        </p>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : (
          <p role="status">Loading the model…</p>
        )}
      </main>
    );
  }

  const name = clean?.definition.name ?? productId;
  const statusText = openedInfo ? { draft: 'draft', invalid: 'invalid', published: 'published' }[openedInfo.status] : '';
  return (
    <main id="main" className="studio" data-ready="true">
      <UnsavedChangesGuard dirty={dirty} />
      <header className="studio-header">
        <p className="crumbs">
          <Link to="/studio">Studio</Link> / {productId}
        </p>
        <h1>Studio: {name}</h1>
        <p className="status" data-testid="editing">
          Editing version {opened.version} ({statusText}){dirty ? ' — unsaved changes' : ''}.{' '}
          <Link to={`/products/${encodeURIComponent(productId)}`}>Open in the shop</Link>
        </p>
      </header>

      <div className="toolbar" role="toolbar" aria-label="Model">
        <button type="button" className="primary" onClick={() => void save()} disabled={!dirty || busy !== null}>
          {busy === 'save' ? 'Saving…' : 'Save as a new draft'}
        </button>
        <button ref={publishTrigger} type="button" onClick={() => setConfirmPublish(true)} disabled={!publishable || busy !== null}>
          Publish version {opened.version}…
        </button>
      </div>
      {confirmPublish ? (
        <div className="confirm" role="group" aria-labelledby="publish-question" onKeyDown={(e) => e.key === 'Escape' && closePublish()}>
          <p id="publish-question">
            Publish version {opened.version}? Customers get it on their next visit; a published version can never be changed (a later version replaces it).
          </p>
          <div className="actions">
            <button ref={publishButton} type="button" className="primary" onClick={() => void publish()} disabled={busy !== null}>
              {busy === 'publish' ? 'Publishing…' : `Publish version ${opened.version}`}
            </button>
            <button type="button" className="secondary" onClick={closePublish}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="notice" data-testid="studio-notice">
          {notice}
        </p>
      ) : null}
      {serverCheck && (serverCheck.agrees === false || (serverCheck.agrees === null && serverCheck.diagnostics.length > 0)) ? (
        <div className="server-check" data-testid="server-check">
          <ProblemsList
            title={
              serverCheck.agrees === false
                ? `The server's check of version ${serverCheck.version} differs from the live check`
                : `The server's check of version ${serverCheck.version}`
            }
            diagnostics={serverCheck.diagnostics}
            checking={false}
            onReveal={reveal}
          />
        </div>
      ) : null}

      <div className="studio-grid">
        <section className="studio-editor" aria-labelledby="editor-title" data-checked={result && sameFiles(result.source.files, texts) ? 'current' : 'pending'}>
          <h2 id="editor-title" className="visually-hidden">
            Model text
          </h2>
          <p id="studio-editor-keys" className="hint">
            In the editor, Tab indents and Shift-Tab outdents. To leave the editor with the keyboard, press Escape, then Tab.
          </p>
          <CodeEditor
            ref={editor}
            files={opened.files}
            loadKey={String(opened.key)}
            main={opened.main}
            active={active}
            onActivate={setActive}
            onChange={onChange}
            checked={result}
          />
          {check.error ? (
            <p role="alert" className="error">
              {check.error}
            </p>
          ) : null}
          <ProblemsList
            title="Problems"
            diagnostics={result?.diagnostics ?? []}
            checking={check.checking || !result}
            {...(result ? { seconds: result.seconds } : {})}
            onReveal={reveal}
          />
        </section>

        <div className="studio-side">
          <LiveConfigurator live={live} definition={clean?.definition ?? null} stale={hasErrors} />
          <AnalysisPanel view={analysis} definition={clean?.definition ?? null} saved={newestSaved} />
          <VersionHistory versions={versions} opened={opened.version} dirty={dirty} onOpen={(v) => void open(v)} />
        </div>
      </div>
    </main>
  );
}
