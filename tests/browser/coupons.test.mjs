// Coupons and orders in the browser. The customer user customer1 buys one ECS s6.large.2 for a
// month (177.30) and pays it with a voucher and two cash coupons from the demo seed, then sees the
// coupons' used/remaining values updated under 费用与成本 → 优惠折扣. The partner's and vendor
// finance's coupon pages are opened and photographed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, login, newPage, screenshot as rawScreenshot, startServer, tableRows } from './helpers.mjs';

/** A screenshot once tables stopped loading and dialogs finished their opening animation. */
async function screenshot(page, name) {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' }).catch(() => {});
  await page.waitForTimeout(400);
  return rawScreenshot(page, name);
}

async function rowOf(page, tableTestId, couponId) {
  const row = page.locator(`[data-testid="${tableTestId}"] tr[data-coupon-id="${couponId}"]`);
  await row.waitFor();
  return row;
}

describe('coupons and orders', () => {
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

  test('a customer paying with a voucher and two cash coupons', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'customer1');
    // The customer user lands on 费用与成本 → 优惠折扣.
    await page.getByTestId('my-coupons-page').waitFor();
    await tableRows(page, 'my-coupons-table').first().waitFor();
    const balanceBefore = (await page.getByTestId('my-balance').innerText()).trim();
    await screenshot(page, 'coupons-customer-discounts');

    // The coupons issued to the company arrived in the message centre; one opens the discounts page.
    await page.getByTestId('message-bell').click();
    const issued = page.locator('[data-testid="message-item"][data-kind="COUPON_ISSUED"]');
    await issued.first().waitFor();
    assert.ok((await issued.count()) >= 3, 'one message per coupon issued');
    await screenshot(page, 'coupons-customer-messages');
    await issued.first().getByTestId('message-open').click();
    await page.getByTestId('my-coupons-page').waitFor();

    // Buy one ECS s6.large.2 for one month from the catalogue.
    await page.getByTestId('menu-products').click();
    await page.getByTestId('products-page').waitFor();
    await page.locator('[data-testid="product-buy"][data-code="ecs.s6.large.2"]').click();
    assert.match(await page.getByTestId('order-total').innerText(), /177\.30/);
    await screenshot(page, 'coupons-customer-order-dialog');
    await page.getByTestId('order-submit').click();

    // The payment dialog offers the applicable coupons only: one voucher (the ECS voucher needs
    // an order of 300 or more), the ECS cash coupon first, then the general one.
    await page.getByTestId('pay-dialog').waitFor();
    const vouchers = page.getByTestId('pay-voucher-option');
    const cash = page.getByTestId('pay-cash-option');
    assert.equal(await vouchers.count(), 1, 'one applicable voucher');
    assert.equal(await cash.count(), 2, 'two applicable cash coupons');
    const voucherId = await vouchers.first().getAttribute('data-coupon-id');
    const ecsCashId = await cash.nth(0).getAttribute('data-coupon-id');
    const generalCashId = await cash.nth(1).getAttribute('data-coupon-id');
    await vouchers.first().click();
    await cash.nth(0).click();
    await cash.nth(1).click();
    // 177.30 = voucher 50 + cash 80 + cash 47.30 of 60; nothing from the balance.
    assert.match(await page.getByTestId('pay-voucher-part').innerText(), /50\.00/);
    assert.match(await page.getByTestId('pay-cash-part').innerText(), /127\.30/);
    assert.match(await page.getByTestId('pay-balance-part').innerText(), /0\.00/);
    await screenshot(page, 'coupons-customer-pay-dialog');
    await page.getByTestId('pay-submit').click();
    await page.getByTestId('pay-dialog').waitFor({ state: 'detached' });

    const paidRow = tableRows(page, 'orders-table').first();
    await paidRow.locator('[data-testid="order-state"][data-state="PAID"]').waitFor();
    assert.match(await paidRow.getByTestId('order-paid-by').innerText(), /50\.00.*127\.30.*0\.00/);
    await screenshot(page, 'coupons-customer-orders');

    // 优惠折扣: the voucher and the ECS cash coupon are used up, the general one has 12.70 left.
    await page.getByTestId('menu-my-coupons').click();
    await page.getByTestId('my-coupons-page').waitFor();
    const voucherRow = await rowOf(page, 'my-coupons-table', voucherId);
    assert.equal(await voucherRow.getAttribute('data-state'), 'USED');
    assert.match(await voucherRow.getByTestId('my-coupon-remaining').innerText(), /0\.00/);
    await page.getByTestId('tab-cash').click();
    const ecsRow = await rowOf(page, 'my-coupons-table', ecsCashId);
    assert.equal(await ecsRow.getAttribute('data-state'), 'USED');
    const generalRow = await rowOf(page, 'my-coupons-table', generalCashId);
    assert.equal(await generalRow.getAttribute('data-state'), 'USABLE');
    assert.match(await generalRow.getByTestId('my-coupon-remaining').innerText(), /12\.70/);
    assert.equal((await page.getByTestId('my-balance').innerText()).trim(), balanceBefore, 'no balance used');
    await screenshot(page, 'coupons-customer-cash-after');
    await page.context().close();
  });

  test('partner coupon pages: quotas, issue to several customers, issued list, operation log', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_admin');
    await page.getByTestId('menu-coupon-quotas').click();
    await page.getByTestId('coupon-quotas-page').waitFor();
    await tableRows(page, 'quota-table').first().waitFor();
    await screenshot(page, 'coupons-partner-quotas');
    await page.getByTestId('quota-issue').first().click();
    await page.getByTestId('issue-form').waitFor();
    await page.getByTestId('issue-customers').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await options.first().waitFor();
    await options.nth(0).click();
    await options.nth(1).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('issue-face-value').fill('20');
    await page.getByTestId('issue-memo').fill('浏览器测试');
    await page.getByTestId('issue-submit').click();
    await page.getByTestId('issue-results').waitFor();
    assert.match(await page.getByTestId('issue-summary').innerText(), /2/);
    await screenshot(page, 'coupons-partner-issue-results');
    await page.getByTestId('issue-close').click();

    await page.getByTestId('menu-issued-coupons').click();
    await page.getByTestId('issued-coupons-page').waitFor();
    await tableRows(page, 'issued-table').first().waitFor();
    await screenshot(page, 'coupons-partner-issued');
    await page.getByTestId('menu-coupon-operations').click();
    await page.getByTestId('coupon-operations-page').waitFor();
    await tableRows(page, 'operations-table').first().waitFor();
    await screenshot(page, 'coupons-partner-operations');
    await page.getByTestId('menu-partner-orders').click();
    await page.getByTestId('orders-page').waitFor();
    await screenshot(page, 'coupons-partner-orders');
    await page.context().close();
  });

  test('vendor finance grants a quota', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'vfinance');
    await page.goto(`${server.baseUrl}/coupons/quotas`);
    await page.getByTestId('coupon-quotas-page').waitFor();
    const before = await page.getByTestId('pager-total').innerText();
    await page.getByTestId('quota-grant').click();
    await page.getByTestId('grant-partner').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.getByTestId('grant-amount').fill('1000');
    await page.getByTestId('grant-valid-until').click();
    await page.locator('.ant-picker-dropdown:visible .ant-picker-header-super-next-btn').click();
    await page.locator('.ant-picker-dropdown:visible td.ant-picker-cell-in-view').nth(10).click();
    await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'detached' }).catch(() => {});
    await screenshot(page, 'coupons-vendor-grant');
    await page.getByTestId('grant-submit').click();
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="pager-total"]')?.textContent !== text,
      before,
    );
    await page.context().close();
  });

  test('in English: the customer portal and the partner quotas', async () => {
    const page = await newPage(browser, { locale: 'en' });
    await login(page, server.baseUrl, 'customer1');
    await page.getByTestId('my-coupons-page').waitFor();
    assert.equal((await page.getByTestId('menu-my-coupons').innerText()).trim(), 'Discounts');
    await page.getByTestId('tab-cash').click();
    await tableRows(page, 'my-coupons-table').first().waitFor();
    await screenshot(page, 'coupons-customer-discounts-en');
    await page.context().close();
    const partner = await newPage(browser, { locale: 'en' });
    await login(partner, server.baseUrl, 'dist_finance');
    await partner.getByTestId('menu-coupon-quotas').click();
    await tableRows(partner, 'quota-table').first().waitFor();
    assert.match(await partner.getByTestId('coupon-quotas-page').innerText(), /Coupon quotas/);
    await screenshot(partner, 'coupons-partner-quotas-en');
    await partner.context().close();
  });
});
