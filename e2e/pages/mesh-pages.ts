import type { Locator, Page } from '@playwright/test';
import { sel } from '@/components/test-ids';

/** Page object of the overview: namespace cards, their health counts, and the mesh components strip. */
export class MeshOverviewPage {
  constructor(readonly page: Page) {}

  async open(query = ''): Promise<void> {
    await this.page.goto(`/overview${query ? `?${query}` : ''}`);
  }
  card(ns: string): Locator {
    return this.page.getByTestId(sel.overviewCard(ns));
  }
  /** The counts element of one kind on a card; its `data-failure`, `data-healthy`... attributes hold the numbers. */
  health(ns: string, kind: 'apps' | 'workloads' | 'services'): Locator {
    return this.page.getByTestId(sel.mesh.overviewHealth(ns, kind));
  }
  unhealthy(ns: string): Locator {
    return this.page.getByTestId(sel.mesh.overviewUnhealthy(ns));
  }
  sparkline(ns: string): Locator {
    return this.page.getByTestId(sel.mesh.overviewSparkline(ns));
  }
  component(name: string): Locator {
    return this.page.getByTestId(sel.mesh.componentRow(name));
  }
  partialError(backend: string): Locator {
    return this.page.getByTestId(sel.mesh.partialError(backend));
  }
}

/** Page object of the Applications / Workloads / Services lists. */
export class MeshListPage {
  constructor(
    readonly page: Page,
    readonly kind: 'apps' | 'workloads' | 'services',
  ) {}

  get path(): string {
    return this.kind === 'apps' ? '/applications' : `/${this.kind}`;
  }
  async open(query = ''): Promise<void> {
    await this.page.goto(`${this.path}${query ? `?${query}` : ''}`);
  }
  get table(): Locator {
    return this.page.getByTestId(sel.mesh.list(this.kind));
  }
  row(ns: string, name: string): Locator {
    return this.page.getByTestId(sel.mesh.listRow(ns, name));
  }
  rowHealth(ns: string, name: string): Locator {
    return this.row(ns, name).getByTestId(sel.mesh.health);
  }
  get rows(): Locator {
    return this.table.locator('tbody tr');
  }
  sortBy(column: string): Promise<void> {
    return this.page.getByTestId(sel.mesh.listSort(column)).click();
  }
}

/** Page object of an app, workload or service detail page and its tabs. */
export class MeshDetailPage {
  constructor(readonly page: Page) {}

  async open(kind: 'applications' | 'workloads' | 'services', ns: string, name: string, query = ''): Promise<void> {
    await this.page.goto(`/namespaces/${ns}/${kind}/${name}${query ? `?${query}` : ''}`);
  }
  get title(): Locator {
    return this.page.getByTestId(sel.mesh.detailTitle);
  }
  /** The health indicator next to the title. */
  get health(): Locator {
    return this.page.getByTestId(sel.mesh.detail).locator(`[data-testid="${sel.mesh.health}"]`).first();
  }
  tab(id: string): Locator {
    return this.page.getByTestId(sel.mesh.tab(id));
  }
  panel(id: string): Locator {
    return this.page.getByTestId(sel.mesh.tabPanel(id));
  }
  chart(id: string): Locator {
    return this.page.getByTestId(sel.mesh.metricChart(id));
  }
  trafficRow(direction: 'inbound' | 'outbound', peer: string): Locator {
    return this.page.getByTestId(sel.mesh.trafficRow(direction, peer));
  }
}
