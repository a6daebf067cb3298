'use client';
import { DropdownMenu } from 'radix-ui';
import { useState, type KeyboardEvent } from 'react';
import { sel } from '@/components/test-ids';
import { FIND_PRESETS, HIDE_PRESETS, type FindHidePreset } from '@/lib/graph/find-hide';
import { completeOperand } from './find-hide';

interface FieldProps {
  which: 'find' | 'hide';
  value: string;
  error: string | null;
  presets: readonly FindHidePreset[];
  onApply(expression: string): void;
}

const PLACEHOLDER = {
  find: 'Find… e.g. rt > 1000, !healthy, httpin > 1 AND ns = bookinfo',
  hide: 'Hide… e.g. healthy, name = unknown, %httperr < 1',
};

/**
 * One expression input: edits a draft, applies it to the URL on Enter or blur (Escape reverts), Tab completes
 * operands, × clears, and a preset menu fills in Kiali's default expressions. The error under the input is the
 * parser's message for the applied expression.
 */
function ExpressionField({ which, value, error, presets, onApply }: FieldProps) {
  const [draft, setDraft] = useState(value);
  const [applied, setApplied] = useState(value);
  if (applied !== value) {
    // the URL changed under us (back button, preset, another field): show it
    setApplied(value);
    setDraft(value);
  }
  const apply = (expression: string) => {
    setDraft(expression);
    if (expression.trim() !== value) onApply(expression.trim());
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') apply(draft);
    else if (e.key === 'Escape') setDraft(value);
    else if (e.key === 'Tab' && !e.shiftKey) {
      const completed = completeOperand(draft);
      if (completed !== null) {
        e.preventDefault();
        setDraft(completed);
      }
    }
  };
  const label = which === 'find' ? 'Find' : 'Hide';
  const errorId = `graph-${which}-error`;
  return (
    <div className="graph-findhide-field">
      <div className={error ? 'graph-findhide-row invalid' : 'graph-findhide-row'}>
        <label htmlFor={`graph-${which}`}>{label}</label>
        <input
          id={`graph-${which}`}
          data-testid={which === 'find' ? sel.graph.findInput : sel.graph.hideInput}
          value={draft}
          placeholder={PLACEHOLDER[which]}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={!!error}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => apply(draft)}
        />
        {draft && (
          <button type="button" aria-label={`Clear ${label.toLowerCase()}`} title="Clear" onClick={() => apply('')}>
            ×
          </button>
        )}
        <DropdownMenu.Root>
          <DropdownMenu.Trigger asChild>
            <button
              type="button"
              aria-label={`${label} presets`}
              title="Presets"
              data-testid={sel.graph.presets(which)}
            >
              ▾
            </button>
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content className="popover graph-menu" align="end" sideOffset={4}>
              {presets.map((p) => (
                <DropdownMenu.Item key={p.expression} className="graph-preset" onSelect={() => apply(p.expression)}>
                  {p.description}
                  <code>{p.expression}</code>
                </DropdownMenu.Item>
              ))}
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </div>
      {error && (
        <div
          id={errorId}
          className="graph-findhide-error"
          role="alert"
          data-testid={which === 'find' ? sel.graph.findError : sel.graph.hideError}
        >
          {error}
        </div>
      )}
    </div>
  );
}

/** Find (highlight) and Hide (remove) inputs, both kept in the URL as `graphFind` / `graphHide`. */
export function FindHideBar({
  find,
  hide,
  findError,
  hideError,
  onChange,
}: {
  find: string;
  hide: string;
  findError: string | null;
  hideError: string | null;
  onChange(change: { find?: string; hide?: string }): void;
}) {
  const fields = {
    find: { value: find, error: findError, presets: FIND_PRESETS },
    hide: { value: hide, error: hideError, presets: HIDE_PRESETS },
  };
  return (
    <div className="graph-findhide">
      {(['find', 'hide'] as const).map((which) => (
        <ExpressionField key={which} which={which} {...fields[which]} onApply={(v) => onChange({ [which]: v })} />
      ))}
    </div>
  );
}
