import type { Locator, Page } from '@playwright/test';

/**
 * The base of a page object: the page, and its elements reached by their test ids (components/test-ids.ts).
 * `byTestId(id)` is one element; `testIdOf(idOf)` is a finder of the elements whose id is built from arguments, e.g.
 * `card = this.testIdOf(sel.overviewCard)` then `card('bookinfo')`. Locators are lazy (Playwright looks them up when
 * an action or assertion uses them), so a subclass declares them as fields.
 */
export class TestIdPage {
  constructor(readonly page: Page) {}

  protected byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  protected testIdOf<A extends unknown[]>(idOf: (...args: A) => string): (...args: A) => Locator {
    return (...args) => this.page.getByTestId(idOf(...args));
  }
}
