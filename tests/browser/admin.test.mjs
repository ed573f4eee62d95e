// A distributor's admin (dist_admin): the two customer tabs (own / secondary resellers', the latter
// with phone and email withheld), and API tokens (create with scopes, secret shown once, revoke).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, login, newPage, screenshot, startServer, tableRows } from './helpers.mjs';

describe('distributor admin dist_admin', () => {
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

  test('customers: own tab with association tags, resellers tab with withheld phone and email', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_admin');
    await page.getByTestId('menu-customers').click();
    await page.waitForURL(/\/customers$/);
    const rows = tableRows(page, 'customers-table');
    await rows.first().waitFor();
    assert.match(await page.getByTestId('pager-total').innerText(), /^共 [\d,]+ 条$/);
    const tags = await page.locator('[data-testid="customer-association"]').allInnerTexts();
    assert.ok(tags.length > 0);
    for (const tag of tags) assert.ok(['代售', '顾问销售'].includes(tag.trim()), `association tag ${tag}`);
    const ownStates = await page.locator('[data-testid="customer-phone"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-mask-state')),
    );
    assert.ok(ownStates.every((s) => s === 'masked'), 'own customers: phone masked with an eye');
    await screenshot(page, 'admin-customers-own');

    const ownFirst = await rows.first().getByTestId('customer-name').innerText();
    await page.getByTestId('tab-resellers').click();
    await page.getByTestId('resellers-hint').waitFor();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="customer-phone"]')].length > 0 &&
        [...document.querySelectorAll('[data-testid="customer-phone"]')].every(
          (e) => e.getAttribute('data-mask-state') === 'withheld',
        ),
    );
    const phones = await page.locator('[data-testid="customer-phone"] [data-testid="mask-value"]').allInnerTexts();
    const emails = await page.locator('[data-testid="customer-email"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-mask-state')),
    );
    assert.ok(phones.every((p) => p.trim() === '—'));
    assert.ok(emails.every((s) => s === 'withheld'));
    assert.notEqual(await rows.first().getByTestId('customer-name').innerText(), ownFirst);
    await screenshot(page, 'admin-customers-resellers');
    await page.context().close();
  });

  test('API tokens: create with scopes, secret shown once, revoke', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_admin');
    await page.getByTestId('menu-api-tokens').click();
    await page.getByTestId('api-tokens-page').waitFor();
    const name = `e2e-token-${Date.now()}`;
    await page.getByTestId('token-create').click();
    await page.getByTestId('token-name-input').fill(name);
    await page.getByRole('checkbox', { name: '读取客户' }).check();
    await page.getByTestId('token-create-submit').click();
    const secret = page.getByTestId('token-secret');
    await secret.waitFor();
    const value = (await secret.innerText()).trim();
    assert.ok(value.length >= 20, 'a secret is shown');
    assert.equal(await page.locator('[data-testid="secret-modal"] .ant-typography-copy').count(), 1, 'copy button');
    await screenshot(page, 'admin-token-secret');
    await page.getByTestId('secret-done').click();
    await secret.waitFor({ state: 'detached' });

    const row = tableRows(page, 'tokens-table').filter({ hasText: name });
    await row.waitFor();
    assert.equal(await page.getByText(value).count(), 0, 'the secret is not shown again');
    assert.equal(await row.getByTestId('token-status').getAttribute('data-status'), 'active');
    await row.getByTestId('token-revoke').click();
    await page.getByTestId('token-revoke-confirm').click();
    await page.waitForFunction(
      (n) =>
        [...document.querySelectorAll('[data-testid="tokens-table"] tbody tr')].some(
          (tr) => tr.textContent.includes(n) && tr.querySelector('[data-status="revoked"]'),
        ),
      name,
    );
    await page.context().close();
  });

  test('account managers have no API tokens menu or page', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_mgr2');
    assert.equal(await page.getByTestId('menu-api-tokens').count(), 0);
    await page.goto(`${server.baseUrl}/integrations/api-tokens`);
    await page.getByTestId('forbidden').waitFor();
    await page.context().close();
  });
});
