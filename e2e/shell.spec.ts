import { expect, test } from '@playwright/test';
import { sel } from '@/components/test-ids';
import { ShellPage } from './pages/shell-page';

test.describe('shell', () => {
  test('shows the masthead and navigation, and / opens the overview', async ({ page }) => {
    const shell = new ShellPage(page);
    await page.goto('/');
    await expect(page).toHaveURL(/\/overview/);
    await expect(shell.masthead).toContainText('Meshscope');
    await expect(shell.masthead).toContainText('Cluster: Kubernetes');
    await expect(shell.navLink('overview')).toHaveAttribute('aria-current', 'page');
  });

  test('the namespace picker lists the demo namespaces and keeps the choice in the URL', async ({ page }) => {
    const shell = new ShellPage(page);
    await page.goto('/overview');
    await shell.selectNamespaces('bookinfo', 'tcp-echo');
    await expect(page).toHaveURL(/namespaces=bookinfo%2Ctcp-echo|namespaces=bookinfo,tcp-echo/);
    await expect(page.getByTestId(sel.overviewCard('bookinfo'))).toBeVisible();
    await expect(page.getByTestId(sel.overviewCard('tcp-echo'))).toBeVisible();
    await expect(page.getByTestId(sel.overviewCard('istio-system'))).toHaveCount(0);
  });

  test('time range and refresh live in the URL and survive navigation', async ({ page }) => {
    const shell = new ShellPage(page);
    await page.goto('/overview?namespaces=bookinfo');
    await shell.setDuration(1800);
    await shell.setRefresh(0);
    await expect(page).toHaveURL(/duration=1800/);
    await expect(page).toHaveURL(/refresh=0/);
    await shell.navLink('status').click();
    await expect(page).toHaveURL(/\/status\?.*duration=1800/);
    await expect(page).toHaveURL(/namespaces=bookinfo/);
    await expect(page.getByTestId(sel.durationPicker)).toHaveValue('1800');
    await expect(page.getByTestId(sel.refreshPicker)).toHaveValue('0');
  });

  test('a reload of a shared link reproduces the view', async ({ page }) => {
    await page.goto('/overview?namespaces=default&duration=3600&refresh=60000');
    await expect(page.getByTestId(sel.durationPicker)).toHaveValue('3600');
    await expect(page.getByTestId(sel.refreshPicker)).toHaveValue('60000');
    await expect(page.getByTestId(sel.overviewCard('default'))).toBeVisible();
    await expect(page.getByTestId(sel.overviewCard('bookinfo'))).toHaveCount(0);
  });
});
