import { expect, type Locator } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { TestIdPage } from './test-id-page';

/** Page object for `/istio/wizards/{ns}/{service}`: the service wizards. */
export class IstioWizardPage extends TestIdPage {
  readonly weight = this.testIdOf(sel.istio.wizardWeight);
  readonly impact = this.byTestId(sel.istio.impact).first();
  readonly preview = this.byTestId(sel.istio.wizardPreview);

  /**
   * Opens a wizard tab. `api` picks the routing API (`istio`: VirtualService and DestinationRule; `gateway-api`:
   * HTTPRoute…); null leaves the page's default (the Gateway API when the cluster serves it and no VirtualService
   * routes the service). `cluster` (multi-cluster) opens it on that cluster: it reads and writes there (`?cluster=`).
   */
  async open(
    namespace: string,
    service: string,
    wizard = 'traffic-shifting',
    api: 'istio' | 'gateway-api' | null = 'istio',
    cluster?: string,
  ): Promise<void> {
    const choice = (api ? `&api=${api}` : '') + (cluster ? `&cluster=${encodeURIComponent(cluster)}` : '');
    await this.page.goto(`/istio/wizards/${namespace}/${service}?wizard=${wizard}&namespaces=${namespace}${choice}`);
    await expect(this.page.getByTestId(sel.istio.wizardTab(wizard))).toHaveAttribute('aria-selected', 'true');
  }

  async setWeights(weights: Record<string, number>): Promise<void> {
    for (const [subset, w] of Object.entries(weights)) await this.weight(subset).fill(String(w));
  }

  impactRow(source: string, destination: string): Locator {
    return this.impact.getByTestId(sel.istio.impactEdge(source, destination));
  }

  /** Create/Update → dry run → review dialog → confirm. */
  async save(): Promise<void> {
    await expect(this.page.getByTestId(sel.istio.wizardSave)).toBeEnabled();
    await this.page.getByTestId(sel.istio.wizardSave).click();
    await expect(this.page.getByTestId(sel.istio.saveDialog)).toBeVisible();
    await this.page.getByTestId(sel.istio.confirmSave).click();
    await expect(this.page.getByTestId(sel.istio.saved)).toBeVisible();
  }
}
