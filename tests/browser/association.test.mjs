// Customer association: a partner admin (dist_admin) asks to switch a customer's association type,
// the customer user (customer1) confirms it in the customer portal, and the admin then sees the new
// type and the entries of the association operation log. Also screenshots of the other pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, login, newPage, screenshot, startServer, tableRows } from './helpers.mjs';

const LABEL = { RESALE: '代售', CONSULTING: '顾问销售' };

describe('customer association', () => {
  let server;
  let browser;
  let customer;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const me = await apiSession(server.baseUrl, 'customer1');
    const data = await me.call('{ customers(first: 1) { nodes { id associationType } } }');
    customer = data.customers.nodes[0];
    assert.ok(customer, 'customer1 sees its own company');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('admin requests a switch, the customer confirms, the admin sees the new type and the log', async () => {
    const target = customer.associationType === 'RESALE' ? 'CONSULTING' : 'RESALE';
    const admin = await newPage(browser);
    await login(admin, server.baseUrl, 'dist_admin');
    await admin.goto(`${server.baseUrl}/customers/${encodeURIComponent(customer.id)}`);
    await admin.getByTestId('customer-detail').waitFor();
    await admin.getByTestId('customer-more').click();
    await admin.getByTestId('menu-switch-type').click();
    const dialog = admin.getByTestId('association-request-text');
    await dialog.waitFor();
    const text = await dialog.innerText();
    assert.ok(text.includes(`${LABEL[customer.associationType]} → ${LABEL[target]}`), text);
    const submit = admin.getByTestId('association-request-submit');
    await admin.waitForFunction(() => {
      const button = document.querySelector('[data-testid="association-request-submit"]');
      return button !== null && !button.disabled;
    });
    await admin.waitForTimeout(300); // the modal's opening animation, for the screenshot
    await screenshot(admin, 'association-switch-dialog');
    await submit.click();
    await dialog.waitFor({ state: 'detached' });

    // A second request is refused (one per 3 months): the dialog says so and cannot be sent.
    await admin.getByTestId('customer-more').click();
    await admin.getByTestId('menu-unbind').click();
    await admin.getByTestId('association-blocker').first().waitFor();
    assert.ok(await admin.getByTestId('association-request-submit').isDisabled());
    await admin.waitForTimeout(300);
    await screenshot(admin, 'association-unbind-blocked');
    await admin.keyboard.press('Escape');

    const cust = await newPage(browser);
    await login(cust, server.baseUrl, 'customer1');
    // The request arrives in the message centre; its link opens the customer portal.
    await cust.getByTestId('menu-messages').click();
    const note = cust.getByTestId('message-item').first();
    await note.waitFor();
    assert.equal((await note.getByTestId('message-title').innerText()).trim(), '合作伙伴申请变更关联关系，请确认');
    await note.getByTestId('message-open').click();
    await cust.waitForURL(/\/portal$/);
    await cust.getByTestId('customer-portal').waitFor();
    const pending = cust.getByTestId('pending-request');
    await pending.first().waitFor();
    assert.equal(await pending.count(), 1);
    await screenshot(cust, 'association-portal-pending');
    await pending.getByTestId('pending-confirm').click();
    await cust.getByTestId('pending-confirm-ok').click();
    // Generous timeouts: on a loaded machine the refetch after the answer can take a while.
    await cust.getByTestId('pending-request').waitFor({ state: 'detached', timeout: 30_000 });
    await cust.locator('[data-testid="portal-history"] [data-state="CONFIRMED"]').waitFor({ timeout: 30_000 });
    assert.equal(await cust.getByTestId('pending-request').count(), 0);
    await screenshot(cust, 'association-portal-confirmed');
    await cust.context().close();

    await admin.getByTestId('menu-messages').click();
    const confirmed = admin.getByTestId('message-item').first();
    await confirmed.waitFor();
    assert.equal((await confirmed.getByTestId('message-title').innerText()).trim(), '客户已确认关联关系变更');
    await admin.goto(`${server.baseUrl}/customers/${encodeURIComponent(customer.id)}`);
    await admin.getByTestId('customer-detail').waitFor();
    const tag = admin.locator('.pc-page-head .ant-tag').first();
    assert.equal((await tag.innerText()).trim(), LABEL[target]);
    await admin.getByTestId('tab-association-log').click();
    const actions = admin.locator('[data-testid="association-log-table"] [data-testid="log-action"]');
    await actions.first().waitFor();
    const seen = await actions.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    assert.deepEqual(seen.slice(0, 3), ['SWITCHED', 'CONFIRMED', 'SWITCH_REQUESTED']);
    const change = await tableRows(admin, 'association-log-table').first().getByTestId('type-change').innerText();
    assert.equal(change.trim(), `${LABEL[customer.associationType]} → ${LABEL[target]}`);
    await screenshot(admin, 'association-customer-log');

    await admin.getByTestId('menu-association-log').click();
    await admin.getByTestId('association-log-page').waitFor();
    await tableRows(admin, 'association-log-table').first().waitFor();
    const first = await tableRows(admin, 'association-log-table').first().getByTestId('log-action').getAttribute('data-action');
    assert.equal(first, 'SWITCHED');
    await screenshot(admin, 'association-log-page');
    await admin.getByTestId('tab-unbind-requests').click();
    await tableRows(admin, 'unbind-requests-table').first().waitFor();
    await screenshot(admin, 'association-unbind-requests');
    await admin.context().close();
  });

  test('knowledge tab, assignment dialog and history, vendor notice page', async () => {
    const mgr = await newPage(browser);
    await login(mgr, server.baseUrl, 'dist_admin');
    // The customer list: a 更多 menu on each own customer's row.
    await mgr.getByTestId('menu-customers').click();
    await tableRows(mgr, 'customers-table').first().waitFor();
    await tableRows(mgr, 'customers-table').first().getByTestId('customer-more').click();
    await mgr.getByTestId('menu-switch-type').waitFor();
    await screenshot(mgr, 'association-customers-more');
    await mgr.keyboard.press('Escape');
    await mgr.goto(`${server.baseUrl}/customers/${encodeURIComponent(customer.id)}`);
    await mgr.getByTestId('knowledge-list').waitFor();
    assert.ok((await mgr.getByTestId('knowledge-item').count()) > 0, 'customer1 signed the latest notice');
    await screenshot(mgr, 'association-knowledge');
    await mgr.getByTestId('tab-assignments').click();
    await tableRows(mgr, 'assignments-table').first().waitFor();
    await mgr.getByTestId('customer-more').click();
    await mgr.getByTestId('menu-assign').click();
    await mgr.getByTestId('assign-manager').click();
    await mgr.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option:not(.ant-select-item-option-disabled)').first().waitFor();
    await screenshot(mgr, 'association-assign-dialog');
    await mgr.keyboard.press('Escape');
    await mgr.context().close();

    const pdm = await newPage(browser);
    await login(pdm, server.baseUrl, 'pdm');
    await pdm.getByTestId('menu-notice-admin').click();
    await pdm.getByTestId('notice-admin-page').waitFor();
    await pdm.getByTestId('notice-version').first().waitFor();
    assert.equal(await pdm.getByTestId('notice-version').count(), 2);
    await pdm.locator('[data-testid="notice-versions"] .ant-collapse-content-active').waitFor();
    await screenshot(pdm, 'association-notice-admin');
    await pdm.getByTestId('tab-knowledge-admin').click();
    await tableRows(pdm, 'knowledge-table').first().waitFor();
    await pdm.waitForTimeout(400); // the tab switch animation, for the screenshot
    await screenshot(pdm, 'association-knowledge-admin');
    await pdm.context().close();
  });

  test('a customer without the latest signature: the reason instead of knowledge', async () => {
    const page = await newPage(browser, { locale: 'en' });
    await login(page, server.baseUrl, 'dist_admin');
    const api = await apiSession(server.baseUrl, 'customer2');
    const data = await api.call('{ customers(first: 1) { nodes { id } } }');
    await page.goto(`${server.baseUrl}/customers/${encodeURIComponent(data.customers.nodes[0].id)}`);
    const reason = page.getByTestId('knowledge-reason');
    await reason.waitFor();
    assert.equal(await reason.getAttribute('data-reason'), 'NOTICE_OUTDATED');
    assert.match(await reason.innerText(), /signed version 1 of the notice; the latest is version 2/);
    await screenshot(page, 'association-knowledge-outdated-en');
    await page.context().close();
  });
});
