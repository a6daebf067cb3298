'use client';
/**
 * The CodeMirror 6 setup of the YAML editor: CodeMirror's own pieces (history, the default keymap, YAML language,
 * lint gutter), with Tab indenting by two spaces and never inserting a tab (YAML forbids tab indentation).
 */
import { closeBrackets } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import {
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from '@codemirror/language';
import { lintGutter } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';

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
    indentUnit.of('  '),
  ];
  if (options.readOnly) return [...common, EditorState.readOnly.of(true), EditorView.editable.of(false)];
  return [
    ...common,
    history(),
    highlightActiveLine(),
    indentOnInput(),
    closeBrackets(),
    lintGutter(),
    keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
  ];
}
