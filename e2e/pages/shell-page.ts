import { expect } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { TestIdPage } from './test-id-page';

/** Page object for the shell every page shares: masthead, navigation and the toolbar pickers. */
export class ShellPage extends TestIdPage {
  readonly masthead = this.byTestId(sel.masthead);
  readonly nav = this.byTestId(sel.nav);
  readonly navLink = this.testIdOf(sel.navLink);
  readonly banner = this.byTestId(sel.backendBanner);

  async selectNamespaces(...names: string[]): Promise<void> {
    await this.page.getByTestId(sel.namespacePicker).click();
    for (const ns of names) {
      // The checkbox follows the URL, which updates in a React transition after the click: wait for it, then go on.
      const box = this.page.getByTestId(sel.namespaceOption(ns)).locator('input');
      if (!(await box.isChecked())) await box.click();
      await expect(box).toBeChecked();
    }
    await this.page.keyboard.press('Escape');
  }

  async setDuration(seconds: number): Promise<void> {
    await this.page.getByTestId(sel.durationPicker).selectOption(String(seconds));
  }

  async setRefresh(ms: number): Promise<void> {
    await this.page.getByTestId(sel.refreshPicker).selectOption(String(ms));
  }
}
