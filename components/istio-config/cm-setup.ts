'use client';
/**
 * The CodeMirror 6 setup of the YAML editor. The installed `codemirror` package is a CodeMirror 5 build, and
 * `@codemirror/commands` is not installed, so this assembles the equivalent of `basicSetup` from the packages we have
 * (view, state, language, autocomplete, lint, lang-yaml) plus the two commands a YAML editor cannot do without:
 * undo/redo and Enter that keeps the indentation (and indents after `key:`); Tab inserts two spaces, never a tab
 * (YAML forbids tab indentation).
 */
import { closeBrackets } from '@codemirror/autocomplete';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, foldGutter, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter } from '@codemirror/lint';
import { EditorState, StateEffect, StateField, type Extension, type Transaction } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers, type Command } from '@codemirror/view';

interface History {
  done: { doc: string; anchor: number }[];
  undone: { doc: string; anchor: number }[];
  lastChangeMs: number;
}

/** Replaces the history (undo/redo move entries between the stacks) without recording the change itself. */
const setHistory = StateEffect.define<History>();
const LIMIT = 200;
const GROUP_MS = 600;

/** A whole-document undo history: enough for a config editor, where documents are small. */
const history = StateField.define<History>({
  create: () => ({ done: [], undone: [], lastChangeMs: 0 }),
  update(value, tr: Transaction) {
    for (const e of tr.effects) if (e.is(setHistory)) return e.value;
    if (!tr.docChanged) return value;
    const now = Date.now();
    const snapshot = { doc: tr.startState.doc.toString(), anchor: tr.startState.selection.main.anchor };
    const grouped = now - value.lastChangeMs < GROUP_MS && value.done.length > 0;
    return { done: grouped ? value.done : [...value.done.slice(-LIMIT), snapshot], undone: [], lastChangeMs: now };
  },
});

function travel(from: 'done' | 'undone'): Command {
  return (view) => {
    const h = view.state.field(history);
    const target = h[from][h[from].length - 1];
    if (!target) return false;
    const current = { doc: view.state.doc.toString(), anchor: view.state.selection.main.anchor };
    const other = from === 'done' ? 'undone' : 'done';
    const next = { ...h, [from]: h[from].slice(0, -1), [other]: [...h[other], current], lastChangeMs: 0 } as History;
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: target.doc },
      selection: { anchor: Math.min(target.anchor, target.doc.length) },
      effects: setHistory.of(next),
      scrollIntoView: true,
    });
    return true;
  };
}

/** Enter: newline plus the current line's indentation, two more after a line ending in `:` or a `- key:` item. */
const newlineAndIndent: Command = (view) => {
  const { state } = view;
  const range = state.selection.main;
  const line = state.doc.lineAt(range.head);
  const before = line.text.slice(0, range.head - line.from);
  let indent = /^\s*/.exec(before)?.[0] ?? '';
  if (/^\s*- /.test(before)) indent += '  ';
  if (/:\s*$/.test(before)) indent += '  ';
  view.dispatch(state.update(state.replaceSelection(`\n${indent}`), { scrollIntoView: true, userEvent: 'input' }));
  return true;
};

const insertSpaces: Command = (view) => {
  view.dispatch(view.state.update(view.state.replaceSelection('  '), { userEvent: 'input' }));
  return true;
};

/** Extensions of an editable YAML editor (or a read-only viewer with `readOnly`). */
export function yamlEditorExtensions(options: { readOnly?: boolean } = {}): Extension[] {
  const common: Extension[] = [
    lineNumbers(),
    foldGutter(),
    highlightSpecialChars(),
    drawSelection(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    bracketMatching(),
    highlightActiveLineGutter(),
    yaml(),
    EditorState.tabSize.of(2),
  ];
  if (options.readOnly) return [...common, EditorState.readOnly.of(true), EditorView.editable.of(false)];
  return [
    ...common,
    history,
    highlightActiveLine(),
    indentOnInput(),
    closeBrackets(),
    lintGutter(),
    keymap.of([
      { key: 'Mod-z', run: travel('done'), preventDefault: true },
      { key: 'Mod-y', run: travel('undone'), preventDefault: true },
      { key: 'Mod-Shift-z', run: travel('undone'), preventDefault: true },
      { key: 'Enter', run: newlineAndIndent },
      { key: 'Tab', run: insertSpaces },
    ]),
  ];
}
