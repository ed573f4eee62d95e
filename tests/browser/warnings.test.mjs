// Customer warnings 客户预警: an account manager (dist_mgr1) lands on the 工作台, opens a pending
// churn warning, processes it as 未流失 (measures and a follow-up date) and sees it in the history;
// their supervisor (dist_lead) sees the same warning and its history but has no processing form.
// Also: pending counts on the customer list, and the 导出 button downloads an xlsx.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, login, newPage, screenshot, startServer, tableRows } from './helpers.mjs';

function isoDay(offsetDays) {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

describe('customer warnings', () => {
  let server;
  let browser;
  let processedUrl;
  const measures = '上门拜访客户CTO，提供迁移补贴方案';
  const followUp = isoDay(7);

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a manager processes a churn warning (not churned) and sees it in the history', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_mgr1');
    await page.waitForURL(/\/home$/);
    const churnCount = page.getByTestId('home-warnings-churn-count');
    await churnCount.waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="home-warnings-churn-count"]')?.textContent?.replace(/\D/g, '')) > 0);
    const before = Number((await churnCount.innerText()).replace(/\D/g, ''));
    await screenshot(page, 'warnings-home');

    await page.getByTestId('home-warnings-churn-link').click();
    await page.waitForURL(/\/warnings\?kind=CHURN/);
    const rows = tableRows(page, 'warnings-table');
    await rows.first().waitFor();
    const states = await page.locator('[data-testid="warning-state"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    assert.ok(states.length > 0 && states.every((s) => s === 'PENDING'), `pending only: ${states}`);
    await page.waitForLoadState('networkidle');
    await page.locator('[data-testid="warnings-table"] .ant-spin-blur').waitFor({ state: 'detached' });
    await screenshot(page, 'warnings-list');

    await rows.first().getByTestId('warning-view').click();
    await page.waitForURL(/\/warnings\/[^/?]+$/);
    processedUrl = page.url();
    await page.getByTestId('warning-detail').waitFor();
    assert.equal(await page.getByTestId('warning-detail').getAttribute('data-state'), 'PENDING');
    const signalRows = page.locator('[data-testid="warning-signals"] tbody tr.ant-table-row');
    assert.ok((await signalRows.count()) >= 3, 'the monthly spend series that raised it');
    await page.getByTestId('warning-result-NOT_CHURNED').click();
    await page.getByTestId('warning-process-measures').fill(measures);
    const date = page.getByTestId('warning-process-follow-up');
    await date.click();
    await date.fill(followUp);
    await page.locator(`.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-cell[title="${followUp}"]`).click();
    await screenshot(page, 'warnings-process-form');
    await page.getByTestId('warning-process-submit').click();

    await page.waitForFunction(() => document.querySelector('[data-testid="warning-detail"]')?.getAttribute('data-state') === 'PROCESSED');
    const item = page.getByTestId('warning-history-item').first();
    await item.waitFor();
    assert.equal(await item.getAttribute('data-result'), 'NOT_CHURNED');
    assert.match(await item.getByTestId('warning-history-measures').innerText(), new RegExp(measures));
    assert.match(await item.getByTestId('warning-history-follow-up').innerText(), new RegExp(followUp));
    assert.equal(await page.getByTestId('warning-history-item').count(), 1, 'processed once');
    // processing again (a follow-up) stays possible for the responsible manager
    await page.getByTestId('warning-process-submit').waitFor();
    await screenshot(page, 'warnings-detail-processed');

    await page.getByTestId('menu-home').click();
    await page.waitForURL(/\/home$/);
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="home-warnings-churn-count"]')?.textContent?.replace(/\D/g, '')) === n,
      before - 1,
    );
    await page.context().close();
  });

  test('the supervisor sees the warning and its history but cannot process it', async () => {
    assert.ok(processedUrl, 'runs after the manager processed a warning');
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_lead');
    await page.waitForURL(/\/home$/);
    await page.getByTestId('menu-warnings').click();
    await page.waitForURL(/\/warnings/);
    await tableRows(page, 'warnings-table').first().waitFor();
    const managers = await page.locator('[data-testid="warning-manager"]').count();
    assert.ok(managers > 0);
    await page.goto(processedUrl);
    await page.getByTestId('warning-detail').waitFor();
    assert.equal(await page.getByTestId('warning-detail').getAttribute('data-state'), 'PROCESSED');
    await page.getByTestId('warning-not-processable').waitFor();
    assert.equal(await page.getByTestId('warning-process-submit').count(), 0, 'no process button for a supervisor');
    const item = page.getByTestId('warning-history-item').first();
    assert.match(await item.getByTestId('warning-history-measures').innerText(), new RegExp(measures));
    await screenshot(page, 'warnings-detail-supervisor');
    await page.context().close();
  });

  test('pending counts on the customer list, and 导出 downloads the list as xlsx', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_mgr1');
    await page.getByTestId('menu-customers').click();
    await page.waitForURL(/\/customers$/);
    await tableRows(page, 'customers-table').first().waitFor();
    const counts = await page
      .locator('[data-testid="customer-pending-warnings"]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-total'))));
    assert.ok(counts.length > 0);
    assert.ok(counts.some((c) => c > 0), `some customer has pending warnings: ${counts}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('customers-export').click()]);
    assert.match(download.suggestedFilename(), /^customers-\d{8}-\d{6}\.xlsx$/);
    await screenshot(page, 'warnings-customers-pending');
    await page.context().close();
  });

  test('a new warning arrives in the manager\'s message centre and links to the warning', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_mgr3');
    await page.getByTestId('menu-messages').click();
    await page.waitForURL(/\/messages$/);
    await page.getByTestId('message-item').first().waitFor();
    await page.getByTestId('messages-kind-filter').click();
    await page.keyboard.type('WARNING_ASSIGNED'); // the select searches option values
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().click();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => {
      const kinds = [...document.querySelectorAll('[data-testid="message-item"]')].map((e) => e.getAttribute('data-kind'));
      return kinds.length > 0 && kinds.every((k) => k === 'WARNING_ASSIGNED');
    });
    const item = page.getByTestId('message-item').first();
    assert.equal((await item.getByTestId('message-title').innerText()).trim(), '您负责的客户有新的预警待处理');
    assert.match(await item.innerText(), /预警类型：(流失预警|资源预警)/);
    await item.getByTestId('message-open').click();
    await page.waitForURL(/\/warnings\/[^/?]+$/);
    await page.getByTestId('warning-detail').waitFor();
    await page.getByTestId('warning-process').waitFor();
    await page.context().close();
  });
});
