import type { Locator, Page } from '@playwright/test';
import { sel } from '../selectors';

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
    for (const ns of names) await this.page.getByTestId(sel.namespaceOption(ns)).locator('input').check();
    await this.page.keyboard.press('Escape');
  }

  async setDuration(seconds: number): Promise<void> {
    await this.page.getByTestId(sel.durationPicker).selectOption(String(seconds));
  }

  async setRefresh(ms: number): Promise<void> {
    await this.page.getByTestId(sel.refreshPicker).selectOption(String(ms));
  }
}
