'use client';

/**
 * A labelled search box: `<label>{label}<input type="search" /></label>`, the markup of the list pages' text filters
 * (name, label). `onChange` gets the text as typed; `className` styles the input.
 */
export function SearchInput({
  label,
  value,
  onChange,
  placeholder,
  className,
  testId,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  className?: string;
  testId?: string;
}) {
  return (
    <label>
      {label}
      <input
        className={className}
        type="search"
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </label>
  );
}
