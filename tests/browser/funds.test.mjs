// Funds 账户 as the distributor's admin (dist_admin): disburse to a resale customer (the balances on
// screen change), a disbursement over the disbursable amount shows the typed error translated, the
// records tabs show the movement; vendor finance's partner accounts page and the TOTP page render.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, login, newPage, screenshot, startServer, tableRows } from './helpers.mjs';

/** "¥1,234.56" -> 123456 (cents), exact. */
function cents(text) {
  const m = /(-?)[^\d-]*([\d,]+)\.(\d{2})/.exec(text.trim());
  if (!m) throw new Error(`not money: ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replaceAll(',', '')) * 100 + Number(m[3]));
}

describe('funds', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('disburse to a customer, then an overdraft shows INSUFFICIENT_DISBURSABLE', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_admin');
    await page.getByTestId('menu-funds').click();
    await page.waitForURL(/\/funds$/);
    const balance = page.getByTestId('funds-account-balance');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="funds-account-balance"]')?.textContent ?? ''));
    const before = cents(await balance.innerText());
    const disbursableBefore = cents(await page.getByTestId('funds-disbursable').innerText());
    assert.equal(before, disbursableBefore);
    const rows = tableRows(page, 'funds-customers-table');
    await rows.first().waitFor();
    await page.getByTestId('funds-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'funds-overview');

    // the first resale customer (its disburse button is enabled)
    const row = rows.filter({ has: page.locator('[data-testid="funds-disburse"]:not([disabled])') }).first();
    const customerBefore = cents(await row.getByTestId('funds-customer-balance').innerText());
    await row.getByTestId('funds-disburse').click();
    await page.getByTestId('funds-move-dialog').waitFor();
    await page.getByTestId('funds-move-amount').fill('12.34');
    await page.getByTestId('funds-move-memo').fill('浏览器测试拨款');
    await page.getByTestId('funds-move-next').click();
    await page.getByTestId('funds-move-summary').waitFor();
    assert.match(await page.getByTestId('funds-move-summary').innerText(), /确认拨款 ¥12\.34/);
    await screenshot(page, 'funds-disburse-confirm');
    const balanceText = await balance.innerText(); // read before confirming: the refetch may be quick
    await page.getByTestId('funds-move-confirm').click();
    await page.getByTestId('funds-move-dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(
      (old) => {
        const text = document.querySelector('[data-testid="funds-account-balance"]')?.textContent ?? '';
        return text && !text.includes(old);
      },
      balanceText,
    );
    assert.equal(cents(await balance.innerText()), before - 1234, 'the account balance went down by 12.34');
    // the customers table is fetched again after the operation: wait for the row's new balance
    let customerAfter = customerBefore;
    for (let i = 0; i < 100 && customerAfter === customerBefore; i += 1) {
      await page.waitForTimeout(100);
      customerAfter = cents(await row.getByTestId('funds-customer-balance').innerText());
    }
    assert.equal(customerAfter, customerBefore + 1234, "the customer's balance went up by 12.34");

    // over the disbursable amount: the typed error, translated, and nothing moves
    const now = cents(await balance.innerText());
    await row.getByTestId('funds-disburse').click();
    await page.getByTestId('funds-move-amount').fill(String(Math.floor(now / 100) + 1000));
    await page.getByTestId('funds-move-next').click();
    await page.getByTestId('funds-move-confirm').click();
    const error = page.getByTestId('funds-move-error');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-code'), 'INSUFFICIENT_DISBURSABLE');
    assert.match(await error.innerText(), /可拨款金额不足/);
    await screenshot(page, 'funds-disburse-overdraft');
    await page.keyboard.press('Escape');
    await page.getByTestId('funds-move-dialog').waitFor({ state: 'detached' });
    assert.equal(cents(await balance.innerText()), now, 'nothing moved');

    // the records: 收支明细 shows the change with the balance after it; 调账记录 the disbursement
    await page.getByRole('tab', { name: '收支明细' }).click();
    const entries = tableRows(page, 'funds-entries-table');
    await entries.first().waitFor();
    assert.equal(cents(await entries.first().getByTestId('funds-entry-amount').innerText()), -1234);
    assert.equal(cents(await entries.first().getByTestId('funds-entry-balance').innerText()), now);
    await screenshot(page, 'funds-entries');
    await page.getByRole('tab', { name: '调账记录' }).click();
    const adjustments = tableRows(page, 'funds-adjustments-table');
    await adjustments.first().waitFor();
    assert.equal(await adjustments.first().getByTestId('funds-adjustment-operation').innerText(), '拨款');
    assert.equal(cents(await adjustments.first().getByTestId('funds-adjustment-amount').innerText()), 1234);
    await screenshot(page, 'funds-adjustments');

    await page.getByTestId('funds-security-link').click();
    await page.getByTestId('funds-security-page').waitFor();
    await page.getByTestId('totp-start').click();
    await page.getByTestId('totp-uri').waitFor();
    assert.match(await page.getByTestId('totp-uri').innerText(), /^otpauth:\/\/totp\//);
    await screenshot(page, 'funds-totp');
    await page.context().close();
  });

  test('partner finance sees the funds page in English', async () => {
    const page = await newPage(browser, { locale: 'en' });
    await login(page, server.baseUrl, 'dist_finance');
    await page.getByTestId('menu-funds').click();
    await page.getByTestId('funds-page').waitFor();
    await page.waitForFunction(() => /CNY/.test(document.querySelector('[data-testid="funds-account-balance"]')?.textContent ?? ''));
    await tableRows(page, 'funds-customers-table').first().waitFor();
    assert.match(await page.locator('.pc-page-title').innerText(), /Funds/);
    // batch: two customers at once, a result per customer
    await page.getByTestId('funds-batch-open').click();
    await page.getByTestId('funds-batch-dialog').waitFor();
    await page.getByTestId('funds-batch-customers').click();
    const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    await dropdown.locator('.ant-select-item-option').nth(0).click();
    await dropdown.locator('.ant-select-item-option').nth(1).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('funds-batch-amount').fill('1.50');
    await page.getByTestId('funds-batch-ok-0').click();
    await page.getByTestId('funds-batch-ok-1').click();
    await page.getByTestId('funds-batch-results').waitFor();
    assert.equal(await page.getByTestId('funds-batch-ok').count(), 2);
    await screenshot(page, 'funds-batch-results-en');
    await page.getByTestId('funds-batch-ok-2').click();
    assert.equal(await page.getByTestId('funds-require-2fa').count(), 0, 'only the admin switches the second factor');
    await screenshot(page, 'funds-overview-en');
    await page.context().close();
  });

  test('vendor finance sees every partner account (English)', async () => {
    const page = await newPage(browser, { locale: 'en' });
    await login(page, server.baseUrl, 'vfinance');
    await page.getByTestId('menu-vendor-funds').click();
    await page.getByTestId('vendor-funds-page').waitFor();
    const rows = page.locator('[data-testid="vendor-funds-page"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 4);
    assert.match(await page.getByTestId('vendor-funds-balance').first().innerText(), /CNY/);
    await screenshot(page, 'funds-vendor');
    await page.context().close();
  });
});
