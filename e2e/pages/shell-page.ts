import { expect, type Locator, type Page } from '@playwright/test';
import { sel } from '@/components/test-ids';

/** Page object for the shell every page shares: masthead, navigation and the toolbar pickers. */
export class ShellPage {
  constructor(readonly page: Page) {}

  get masthead(): Locator {
    return this.page.getByTestId(sel.masthead);
  }
  get nav(): Locator {
    return this.page.getByTestId(sel.nav);
  }
  navLink(id: string): Locator {
    return this.page.getByTestId(sel.navLink(id));
  }
  get banner(): Locator {
    return this.page.getByTestId(sel.backendBanner);
  }

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
