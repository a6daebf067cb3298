'use client';
import styles from './istio.module.css';

/**
 * A row of tabs (`role="tablist"`), one button per entry, the active one `aria-selected`; `testId` names each button
 * by its id (the wizards' tabs) or leaves it unnamed (the conflict view's).
 */
export function TabList<T extends string>({
  tabs,
  tab,
  onTab,
  testId,
}: {
  tabs: readonly { id: T; label: string }[];
  tab: T;
  onTab: (id: T) => void;
  testId?: (id: T) => string;
}) {
  return (
    <div className={styles.tabs} role="tablist">
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={tab === t.id}
          className={`${styles.tab} ${tab === t.id ? styles.tabActive : ''}`}
          onClick={() => onTab(t.id)}
          data-testid={testId?.(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
