'use client';
import { forceLinting, linter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { sel } from '@/components/test-ids';
import { yamlEditorExtensions } from './cm-setup';
import styles from './istio.module.css';

export interface YamlEditorHandle {
  getText(): string;
  /** Replaces the whole text (undoable). */
  setText(text: string): void;
  /** Shows extra diagnostics now (the server's 422 causes) until the next lint run. */
  showDiagnostics(diagnostics: Diagnostic[]): void;
  /** Moves the cursor to an offset and scrolls it into view. */
  goTo(offset: number): void;
  /** Re-runs the linter (after the cluster changed). */
  relint(): void;
}

interface Props {
  initialText: string;
  onTextChange?: (text: string) => void;
  /** Lint source over the whole text; called `delayMs` after the last change (debounced by CodeMirror). */
  lint?: (text: string) => Promise<Diagnostic[]>;
  delayMs?: number;
  readOnly?: boolean;
  handleRef?: Ref<YamlEditorHandle>;
  label: string;
}

/**
 * A CodeMirror 6 YAML editor (one `EditorView`, created once; the parent talks to it through `handleRef`). Lint
 * results appear as inline markers with gutter icons and hover messages (`@codemirror/lint`); results for a text that
 * changed meanwhile are dropped by the lint plugin.
 */
export function YamlEditor({ initialText, onTextChange, lint, delayMs = 400, readOnly, handleRef, label }: Props) {
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onTextChange, lint });
  useEffect(() => {
    callbacks.current = { onTextChange, lint };
  });

  useEffect(() => {
    if (!parent.current) return;
    const extensions = [
      ...yamlEditorExtensions({ readOnly }),
      EditorView.contentAttributes.of({ 'aria-label': label }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) callbacks.current.onTextChange?.(u.state.doc.toString());
      }),
    ];
    if (!readOnly) {
      extensions.push(
        linter(async (v) => (callbacks.current.lint ? callbacks.current.lint(v.state.doc.toString()) : []), {
          delay: delayMs,
        }),
      );
    }
    view.current = new EditorView({
      state: EditorState.create({ doc: initialText, extensions }),
      parent: parent.current,
    });
    return () => {
      view.current?.destroy();
      view.current = null;
    };
    // The view is created once per mount; text changes go through the handle.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useImperativeHandle(
    handleRef,
    () => ({
      getText: () => view.current?.state.doc.toString() ?? '',
      setText: (text: string) => {
        const v = view.current;
        if (v) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
      },
      showDiagnostics: (diagnostics: Diagnostic[]) => {
        const v = view.current;
        if (v) v.dispatch(setDiagnostics(v.state, diagnostics));
      },
      goTo: (offset: number) => {
        const v = view.current;
        if (!v) return;
        const anchor = Math.min(offset, v.state.doc.length);
        v.dispatch({ selection: { anchor }, effects: EditorView.scrollIntoView(anchor, { y: 'center' }) });
        v.focus();
      },
      relint: () => {
        if (view.current) forceLinting(view.current);
      },
    }),
    [],
  );

  return <div ref={parent} className={styles.editorBox} data-testid={sel.istio.editor} />;
}
