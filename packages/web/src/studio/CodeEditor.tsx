// The model's files in one CodeMirror view, a tab per file. Each file keeps its own editor state
// (text, undo history, selection, lint marks) while another is shown. Lint marks come from the
// checking worker and are drawn only on the text they were computed for; while typing, the marks
// already drawn move with the edits until the next check replaces them.
import { setDiagnostics } from '@codemirror/lint';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { Diagnostic } from '@atelier/modeling';
import { useEffect, useImperativeHandle, useRef, type KeyboardEvent, type Ref } from 'react';
import type { ModelSource } from '../engine/protocol.ts';
import { editorExtensions } from './editor-setup.ts';
import { countByFile, lintMarks } from './positions.ts';

export interface EditorHandle {
  /** Shows `file` with the cursor at line:column, scrolled into view and focused. */
  reveal(file: string, line: number, column: number): void;
}

interface Props {
  /** The files as loaded; a new `loadKey` replaces every file's state with these. */
  files: Record<string, string>;
  loadKey: string;
  main: string;
  active: string;
  onActivate(file: string): void;
  onChange(file: string, text: string): void;
  /** The latest check and the text it was made on. */
  checked: { source: ModelSource; diagnostics: Diagnostic[] } | null;
  ref?: Ref<EditorHandle>;
}

export function CodeEditor({ files, loadKey, main, active, onActivate, onChange, checked, ref }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const states = useRef(new Map<string, EditorState>());
  const shown = useRef<string | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  const tabs = useRef(new Map<string, HTMLButtonElement>());
  const names = Object.keys(files).sort((a, b) => (a === main ? -1 : b === main ? 1 : a.localeCompare(b)));
  const counts = countByFile(checked?.diagnostics ?? []);

  useEffect(() => {
    const v = new EditorView({ parent: host.current ?? undefined });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  // A new version loaded: fresh states for every file.
  useEffect(() => {
    const next = new Map<string, EditorState>();
    for (const [file, text] of Object.entries(files)) {
      next.set(
        file,
        EditorState.create({
          doc: text,
          extensions: editorExtensions(file, (f, t) => {
            changed.current(f, t);
          }),
        }),
      );
    }
    states.current = next;
    shown.current = null;
    // `files` belongs to `loadKey`: only a new key means new files.
  }, [loadKey]);

  const show = (file: string): void => {
    const v = view.current;
    if (!v || shown.current === file) return;
    if (shown.current !== null) states.current.set(shown.current, v.state);
    const state = states.current.get(file);
    if (!state) return;
    v.setState(state);
    shown.current = file;
  };

  useEffect(() => {
    show(active);
  }, [active, loadKey]);

  // The check's marks, on every file whose text is still the one checked.
  useEffect(() => {
    const v = view.current;
    if (!v || !checked) return;
    if (shown.current !== null) states.current.set(shown.current, v.state);
    for (const [file, state] of states.current) {
      const text = checked.source.files[file];
      if (text === undefined || state.doc.toString() !== text) continue;
      const marks = lintMarks(state.doc, file, checked.diagnostics);
      if (file === shown.current) v.dispatch(setDiagnostics(v.state, marks));
      else states.current.set(file, state.update(setDiagnostics(state, marks)).state);
    }
  }, [checked, loadKey]);

  useImperativeHandle(ref, () => ({
    reveal(file, line, column) {
      const v = view.current;
      if (!v || !states.current.has(file)) return;
      show(file);
      onActivate(file);
      const doc = v.state.doc;
      const l = doc.line(Math.min(Math.max(1, line), doc.lines));
      const at = l.from + Math.min(Math.max(0, column - 1), l.length);
      v.dispatch({ selection: EditorSelection.cursor(at), effects: EditorView.scrollIntoView(at, { y: 'center' }) });
      v.focus();
    },
  }));

  // Arrow keys move between the tabs, as in any tab list.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number): void => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = names[(index + step + names.length) % names.length];
    onActivate(next);
    tabs.current.get(next)?.focus();
  };

  return (
    <div className="studio-files">
      <div className="file-tabs" role="tablist" aria-label="Model files">
        {names.map((file, index) => {
          const c = counts.get(file);
          const problems = c ? [c.errors ? `${c.errors} error${c.errors === 1 ? '' : 's'}` : '', c.warnings ? `${c.warnings} warning${c.warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ') : '';
          return (
            <button
              key={file}
              ref={(el) => {
                if (el) tabs.current.set(file, el);
                else tabs.current.delete(file);
              }}
              type="button"
              role="tab"
              id={`file-tab-${index}`}
              aria-selected={file === active}
              aria-controls="studio-editor-panel"
              tabIndex={file === active ? 0 : -1}
              className="file-tab"
              data-file={file}
              data-errors={c?.errors ?? 0}
              data-warnings={c?.warnings ?? 0}
              onClick={() => onActivate(file)}
              onKeyDown={(e) => onTabKey(e, index)}
            >
              {file}
              {c?.errors ? <span className="badge error-badge" aria-hidden="true">{c.errors}</span> : null}
              {c?.warnings ? <span className="badge warning-badge" aria-hidden="true">{c.warnings}</span> : null}
              {problems ? <span className="visually-hidden">, {problems}</span> : null}
            </button>
          );
        })}
      </div>
      <div id="studio-editor-panel" role="tabpanel" aria-labelledby={`file-tab-${Math.max(0, names.indexOf(active))}`} className="editor-host" ref={host} />
    </div>
  );
}
