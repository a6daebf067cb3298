/** Every `data-testid` the UI sets, in one place (STYLE.md): components and e2e specs both import these. */
export const sel = {
  masthead: 'masthead',
  nav: 'nav',
  navLink: (id: string) => `nav-${id}`,
  namespacePicker: 'namespace-picker',
  namespaceOption: (ns: string) => `namespace-option-${ns}`,
  durationPicker: 'duration-picker',
  refreshPicker: 'refresh-picker',
  refreshButton: 'refresh-button',
  backendBanner: 'backend-banner',
  statusTable: 'status-table',
  statusRow: (name: string) => `status-row-${name}`,
  overviewCard: (ns: string) => `overview-card-${ns}`,
  emptyState: 'empty-state',
  errorState: 'error-state',
} as const;
