import type { Locator, Page } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { TestIdPage } from './test-id-page';

/** Page object of the overview: namespace cards, their health counts, and the mesh components strip. */
export class MeshOverviewPage extends TestIdPage {
  readonly card = this.testIdOf(sel.overviewCard);
  /** The counts element of one kind on a card; its `data-failure`, `data-healthy`... attributes hold the numbers. */
  readonly health: (ns: string, kind: 'apps' | 'workloads' | 'services') => Locator = this.testIdOf(
    sel.mesh.overviewHealth,
  );
  readonly unhealthy = this.testIdOf(sel.mesh.overviewUnhealthy);
  readonly sparkline = this.testIdOf(sel.mesh.overviewSparkline);
  readonly component = this.testIdOf(sel.mesh.componentRow);
  readonly partialError = this.testIdOf(sel.mesh.partialError);

  async open(query = ''): Promise<void> {
    await this.page.goto(`/overview${query ? `?${query}` : ''}`);
  }
}

/** Page object of the Applications / Workloads / Services lists. */
export class MeshListPage extends TestIdPage {
  constructor(
    page: Page,
    readonly kind: 'apps' | 'workloads' | 'services',
  ) {
    super(page);
  }

  get path(): string {
    return this.kind === 'apps' ? '/applications' : `/${this.kind}`;
  }
  async open(query = ''): Promise<void> {
    await this.page.goto(`${this.path}${query ? `?${query}` : ''}`);
  }
  get table(): Locator {
    return this.byTestId(sel.mesh.list(this.kind));
  }
  readonly row = this.testIdOf(sel.mesh.listRow);
  rowHealth(ns: string, name: string): Locator {
    return this.row(ns, name).getByTestId(sel.mesh.health);
  }
  get rows(): Locator {
    return this.table.locator('tbody tr');
  }
  sortBy(column: string): Promise<void> {
    return this.byTestId(sel.mesh.listSort(column)).click();
  }
}

/** Page object of an app, workload or service detail page and its tabs. */
export class MeshDetailPage extends TestIdPage {
  readonly title = this.byTestId(sel.mesh.detailTitle);
  /** The health indicator next to the title. */
  readonly health = this.byTestId(sel.mesh.detail).locator(`[data-testid="${sel.mesh.health}"]`).first();
  readonly tab = this.testIdOf(sel.mesh.tab);
  readonly panel = this.testIdOf(sel.mesh.tabPanel);
  readonly chart = this.testIdOf(sel.mesh.metricChart);
  readonly trafficRow = this.testIdOf(sel.mesh.trafficRow);

  async open(kind: 'applications' | 'workloads' | 'services', ns: string, name: string, query = ''): Promise<void> {
    await this.page.goto(`/namespaces/${ns}/${kind}/${name}${query ? `?${query}` : ''}`);
  }
}
