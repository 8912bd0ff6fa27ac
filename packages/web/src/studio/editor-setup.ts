// The model editor's CodeMirror configuration: the language by file extension, highlighting as
// stable `tok-*` classes (coloured in styles.css, and what tests look for), lint marks pushed from
// the checking worker, Tab to indent.
import { syntaxHighlighting } from '@codemirror/language';
import { lintGutter } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { tagHighlighter, tags } from '@lezer/highlight';
import { basicSetup } from 'codemirror';
import { atlLanguage } from './atl-language.ts';
import { indentByTab, outdentByTab } from './indent.ts';
import { coomLanguage, uvlLanguage } from './plain-languages.ts';

/** classHighlighter's classes, with the kinds of keyword and calls told apart. */
const highlighter = tagHighlighter([
  { tag: tags.definitionKeyword, class: 'tok-keyword tok-definitionKeyword' },
  { tag: tags.operatorKeyword, class: 'tok-keyword tok-operatorKeyword' },
  { tag: tags.keyword, class: 'tok-keyword' },
  { tag: tags.bool, class: 'tok-bool' },
  { tag: tags.string, class: 'tok-string' },
  { tag: tags.number, class: 'tok-number' },
  { tag: tags.unit, class: 'tok-unit' },
  { tag: tags.function(tags.variableName), class: 'tok-variableName tok-function' },
  { tag: tags.definition(tags.variableName), class: 'tok-variableName tok-definition' },
  { tag: tags.variableName, class: 'tok-variableName' },
  { tag: tags.typeName, class: 'tok-typeName' },
  { tag: tags.propertyName, class: 'tok-propertyName' },
  { tag: tags.operator, class: 'tok-operator' },
  { tag: tags.comment, class: 'tok-comment' },
  { tag: tags.invalid, class: 'tok-invalid' },
  { tag: tags.punctuation, class: 'tok-punctuation' },
]);

export function languageOf(file: string): Extension | null {
  const extension = file.slice(file.lastIndexOf('.')).toLowerCase();
  if (extension === '.atl') return atlLanguage;
  if (extension === '.uvl') return uvlLanguage;
  if (extension === '.coom') return coomLanguage;
  return null;
}

/** Everything one file's editor state needs; `onChange` hears each change of its text. */
export function editorExtensions(file: string, onChange: (file: string, text: string) => void): Extension[] {
  const language = languageOf(file);
  return [
    basicSetup,
    language ?? [],
    syntaxHighlighting(highlighter),
    lintGutter(),
    keymap.of([
      { key: 'Tab', run: (view) => indentByTab(view) },
      { key: 'Shift-Tab', run: (view) => outdentByTab(view) },
    ]),
    EditorState.tabSize.of(2),
    EditorView.contentAttributes.of({ 'aria-label': `Model file ${file}`, 'aria-describedby': 'studio-editor-keys' }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(file, update.state.doc.toString());
    }),
  ];
}
