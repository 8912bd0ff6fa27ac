// Tab and Shift-Tab indent and outdent in the model editor. Keyboard users leave the editor with
// Escape then Tab (CodeMirror lets the next Tab move the focus after Escape), as the page says.
import { indentUnit } from '@codemirror/language';
import { EditorSelection, type ChangeSet, type EditorState, type Line, type SelectionRange, type StateCommand } from '@codemirror/state';

function linesOf(state: EditorState, from: number, to: number): Line[] {
  const lines: Line[] = [];
  for (let pos = from; ; ) {
    const line = state.doc.lineAt(pos);
    // A selection ending at the start of a line does not take that line along.
    if (lines.length === 0 || line.from < to) lines.push(line);
    if (line.to >= to) break;
    pos = line.to + 1;
  }
  return lines;
}

/** The selection after the change, kept after indentation inserted where it starts. */
function moved(range: SelectionRange, changes: ChangeSet): SelectionRange {
  return EditorSelection.range(changes.mapPos(range.anchor, 1), changes.mapPos(range.head, 1));
}

/** A cursor gets one unit of spaces; a selection has each of its lines indented by one unit. */
export const indentByTab: StateCommand = ({ state, dispatch }) => {
  const unit = state.facet(indentUnit);
  const seen = new Set<number>();
  const changes = state.changeByRange((range) => {
    if (range.empty) return { changes: { from: range.from, insert: unit }, range: EditorSelection.cursor(range.from + unit.length) };
    const inserts = state.changes(
      linesOf(state, range.from, range.to)
        .filter((line) => !seen.has(line.from) && seen.add(line.from))
        .map((line) => ({ from: line.from, insert: unit })),
    );
    return { changes: inserts, range: moved(range, inserts) };
  });
  dispatch(state.update(changes, { scrollIntoView: true, userEvent: 'input.indent' }));
  return true;
};

/** Each line under a cursor or selection loses up to one unit of leading spaces. */
export const outdentByTab: StateCommand = ({ state, dispatch }) => {
  const width = state.facet(indentUnit).length;
  const seen = new Set<number>();
  const changes = state.changeByRange((range) => {
    const removals = state.changes(
      linesOf(state, range.from, range.to)
        .filter((line) => !seen.has(line.from) && seen.add(line.from))
        .map((line) => ({ from: line.from, to: line.from + Math.min(width, /^ */.exec(line.text)?.[0].length ?? 0) }))
        .filter((r) => r.to > r.from),
    );
    return { changes: removals, range: moved(range, removals) };
  });
  // Nothing to remove is still handled, so Shift-Tab never moves the focus by surprise.
  if (changes.changes.empty) return true;
  dispatch(state.update(changes, { scrollIntoView: true, userEvent: 'delete.dedent' }));
  return true;
};
