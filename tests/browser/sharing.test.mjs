// Opportunity sharing (PCE): (a) a partner admin accepts an HO choosing a manager, and that manager
// sees the new opportunity; (b) a PDM rejects a PO and the partner (its sharer) sees it rejected and
// gets the PO_REJECTED message in the message centre;
// plus the PCE plan page (terms, membership, eligibility explained) and the share dialogs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, login, newPage, screenshot as capture, startServer, tableRows, whoIs } from './helpers.mjs';

/** A screenshot once modals and table spinners have settled (antd animates both). */
async function screenshot(page, name) {
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-zoom-appear, .ant-zoom-enter'));
  await page.waitForTimeout(350);
  return capture(page, name);
}

const FRESH_HO = '智慧园区视频云平台'; // seeded today, pending, 3 working days to go
const PENDING_PO_NEED = '数据库迁移方案咨询'; // seeded 2 working days ago by dist_mgr3, pending

describe('opportunity sharing (PCE)', () => {
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

  test('a partner admin accepts an HO for a chosen manager, who then sees the opportunity', async () => {
    const manager = await whoIs(server.baseUrl, 'dist_mgr2');
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_admin');
    await page.getByTestId('menu-sharing').click();
    await page.getByTestId('ho-tab').waitFor();
    const row = tableRows(page, 'ho-table').filter({ hasText: FRESH_HO });
    await row.waitFor();
    assert.equal(await row.getByTestId('ho-state').getAttribute('data-state'), 'PENDING');
    // Before acceptance: the customer name is masked and locked for the summary-only reason.
    assert.equal(await row.getByTestId('ho-customer').getAttribute('data-mask-state'), 'locked');
    assert.equal(await row.getByTestId('ho-customer').getAttribute('data-denial-reason'), 'SUMMARY_ONLY');
    await screenshot(page, 'sharing-ho-list-admin');

    await row.getByTestId('ho-link').click();
    const detail = page.getByTestId('ho-detail');
    await detail.waitFor();
    await page.getByTestId('ho-summary-only').waitFor();
    assert.equal(await page.getByTestId('ho-detail-phone').getAttribute('data-mask-state'), 'withheld');
    assert.equal((await page.getByTestId('ho-detail-revenue').innerText()).trim(), '—');
    await screenshot(page, 'sharing-ho-detail-summary');

    await page.getByTestId('ho-accept').click();
    await page.locator('[data-testid="ho-accept-modal"] .ant-modal-content').waitFor();
    await page.getByTestId('ho-owner-select').click();
    const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    await dropdown.locator(`[data-user-id="${manager.id}"]`).click();
    await screenshot(page, 'sharing-ho-accept-modal');
    await page.getByTestId('ho-accept-ok').click();
    await page.waitForSelector('[data-testid="ho-detail"][data-state="ACCEPTED"]');
    // Full details now: revenue shown, the phone masked with an eye, the created opportunity linked.
    assert.notEqual((await page.getByTestId('ho-detail-revenue').innerText()).trim(), '—');
    assert.equal(await page.getByTestId('ho-detail-phone').getAttribute('data-mask-state'), 'masked');
    assert.equal(await page.getByTestId('ho-summary-only').count(), 0);
    const link = page.getByTestId('ho-detail-opportunity');
    assert.equal((await link.innerText()).trim(), FRESH_HO);
    await screenshot(page, 'sharing-ho-detail-accepted');
    await page.context().close();

    // The chosen manager, signed in, sees it among their opportunities (newest update first).
    const mgr = await newPage(browser);
    await login(mgr, server.baseUrl, 'dist_mgr2');
    await mgr.getByTestId('menu-opportunities').click();
    const first = tableRows(mgr, 'opps-table').first();
    await first.waitFor();
    assert.equal((await first.getByTestId('opp-name').innerText()).trim(), FRESH_HO);
    await screenshot(mgr, 'sharing-manager-sees-opportunity');
    await first.getByTestId('opp-name').click();
    await mgr.getByTestId('opportunity-detail').waitFor();
    assert.equal((await mgr.getByTestId('opp-detail-name').innerText()).trim(), FRESH_HO);
    await mgr.context().close();
    // ... and nobody else on the team does.
    const other = await apiSession(server.baseUrl, 'dist_mgr1');
    const found = await other.call('query($s: String) { opportunities(first: 5, filter: {search: $s}) { totalCount } }', {
      s: FRESH_HO,
    });
    assert.equal(found.opportunities.totalCount, 0);
  });

  test('a partner admin rejects an HO with one of the fixed reasons', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_admin');
    await page.getByTestId('menu-sharing').click();
    const row = tableRows(page, 'ho-table').filter({ hasText: '线上教育直播扩容' });
    await row.waitFor();
    await row.getByTestId('ho-link').click();
    await page.getByTestId('ho-reject').click();
    await page.locator('[data-testid="ho-reject-modal"] .ant-modal-content').waitFor();
    await page.getByTestId('ho-reject-reason').click();
    const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    assert.equal(await dropdown.locator('.ant-select-item-option').count(), 6, 'six reasons; EXPIRED is not offered');
    await dropdown.locator('.ant-select-item-option', { hasText: '其他' }).click();
    await page.getByTestId('ho-reject-ok').click();
    await page.getByTestId('ho-reject-error').waitFor(); // OTHER needs a note (userError BLANK on note)
    assert.equal((await page.getByTestId('ho-reject-error').innerText()).trim(), '选择“其他”时请填写说明');
    await page.getByTestId('ho-reject-note').fill('客户已自行采购');
    await page.getByTestId('ho-reject-error').waitFor({ state: 'detached' });
    await screenshot(page, 'sharing-ho-reject-modal');
    await page.getByTestId('ho-reject-ok').click();
    await page.waitForSelector('[data-testid="ho-detail"][data-state="REJECTED"]');
    assert.equal((await page.getByTestId('ho-detail-reject-reason').innerText()).trim(), '其他');
    assert.equal(await page.getByTestId('ho-accept').count(), 0);
    await page.context().close();
  });

  test('a PDM rejects a PO and its sharer sees it rejected', async () => {
    const sharerApi = await apiSession(server.baseUrl, 'dist_mgr3');
    const REJECTED = '{ messages(first: 100, filter: {kinds: [PO_REJECTED]}) { totalCount } }';
    const before = (await sharerApi.call(REJECTED)).messages.totalCount;
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'pdm');
    await page.getByTestId('menu-sharing').click();
    await page.getByTestId('ho-tab').waitFor();
    await screenshot(page, 'sharing-ho-list-pdm');
    await page.getByTestId('tab-po').click();
    await page.getByTestId('po-tab').waitFor();
    const row = tableRows(page, 'po-table').filter({ hasText: PENDING_PO_NEED });
    await row.waitFor();
    assert.equal(await row.getByTestId('po-state').getAttribute('data-state'), 'PENDING');
    assert.ok((await page.getByTestId('po-duplicate').count()) >= 1, 'a duplicate is flagged in the demo data');
    await screenshot(page, 'sharing-po-list-pdm');
    await row.getByTestId('po-reject').click();
    await page.locator('[data-testid="po-validate-modal"] .ant-modal-content').waitFor();
    await page.getByTestId('po-validate-ok').click();
    await page.getByTestId('po-validate-error').waitFor(); // a reason is required
    await page.getByTestId('po-reject-reason-input').fill('客户需求与现有方案重复，请补充差异化场景');
    await page.getByTestId('po-validate-ok').click();
    await page.locator('[data-testid="po-validate-modal"] .ant-modal-content').waitFor({ state: 'hidden' });
    await page.waitForFunction(
      (need) =>
        [...document.querySelectorAll('[data-testid="po-table"] tbody tr.ant-table-row')].some(
          (tr) => tr.textContent.includes(need) && tr.querySelector('[data-testid="po-state"]')?.getAttribute('data-state') === 'REJECTED',
        ),
      PENDING_PO_NEED,
    );
    await page.context().close();

    const sharer = await newPage(browser);
    await login(sharer, server.baseUrl, 'dist_mgr3');
    await sharer.getByTestId('menu-sharing').click();
    await sharer.getByTestId('po-tab').waitFor();
    const mine = tableRows(sharer, 'po-table').filter({ hasText: PENDING_PO_NEED });
    await mine.waitFor();
    assert.equal(await mine.getByTestId('po-state').getAttribute('data-state'), 'REJECTED');
    assert.match(await mine.getByTestId('po-reject-reason').innerText(), /差异化场景/);
    await screenshot(sharer, 'sharing-po-list-sharer');
    // The message centre (header bell -> /messages) has the PO_REJECTED message, linking to the list.
    assert.equal((await sharerApi.call(REJECTED)).messages.totalCount, before + 1, 'one PO_REJECTED message more');
    await sharer.goto(`${server.baseUrl}/messages`);
    const rejected = sharer.locator('[data-testid="message-item"][data-kind="PO_REJECTED"]').first();
    await rejected.waitFor();
    assert.equal(await rejected.getAttribute('data-read'), 'false');
    assert.match(await rejected.getByTestId('message-title').innerText(), /驳回/);
    await screenshot(sharer, 'sharing-po-rejected-message');
    await rejected.getByTestId('message-open').click();
    await sharer.waitForURL(/\/sharing\?tab=po$/);
    await sharer.getByTestId('po-tab').waitFor();
    await sharer.context().close();
  });

  test('PCE plan page explains eligibility; sharing from an opportunity; PDM share dialog', async () => {
    const sol = await newPage(browser);
    await login(sol, server.baseUrl, 'sol_admin');
    await sol.getByTestId('menu-pce').click();
    await sol.getByTestId('pce-page').waitFor();
    assert.equal(await sol.getByTestId('pce-member').getAttribute('data-member'), 'yes');
    assert.equal(await sol.getByTestId('pce-eligible').getAttribute('data-eligible'), 'false');
    const delivered = sol.locator('[data-testid="pce-criterion"][data-criterion="DELIVERED_POS"]');
    assert.equal(await delivered.getAttribute('data-met'), 'false');
    assert.match(await delivered.innerText(), /2\/3/);
    await sol.getByTestId('pce-missing').waitFor();
    await screenshot(sol, 'sharing-pce-not-eligible');
    await sol.context().close();

    const admin = await newPage(browser);
    await login(admin, server.baseUrl, 'dist_admin');
    await admin.getByTestId('menu-pce').click();
    await admin.getByTestId('pce-page').waitFor();
    assert.equal(await admin.getByTestId('pce-eligible').getAttribute('data-eligible'), 'true');
    await screenshot(admin, 'sharing-pce-eligible');
    await admin.context().close();

    const mgr = await newPage(browser);
    await login(mgr, server.baseUrl, 'dist_mgr3');
    await mgr.getByTestId('menu-opportunities').click();
    const first = tableRows(mgr, 'opps-table').first();
    await first.waitFor();
    const name = (await first.getByTestId('opp-name').innerText()).trim();
    await first.getByTestId('opp-name').click();
    await mgr.getByTestId('po-share-open').click();
    await mgr.locator('[data-testid="po-share-modal"] .ant-modal-content').waitFor();
    await mgr.getByTestId('po-share-need').fill('需要华为协助完成容灾架构评审');
    await screenshot(mgr, 'sharing-po-share-dialog');
    await mgr.getByTestId('po-share-ok').click();
    await mgr.locator('[data-testid="po-share-modal"] .ant-modal-content').waitFor({ state: 'hidden' });
    await mgr.getByTestId('menu-sharing').click();
    const shared = tableRows(mgr, 'po-table').filter({ hasText: '容灾架构评审' });
    await shared.waitFor();
    assert.equal(await shared.getByTestId('po-state').getAttribute('data-state'), 'PENDING');
    assert.equal((await shared.getByTestId('po-opportunity').innerText()).trim(), name);
    await mgr.context().close();

    const pdm = await newPage(browser);
    await login(pdm, server.baseUrl, 'pdm');
    // Record the signing and delivery of an approved PO (it counts towards PCE eligibility).
    await pdm.goto(`${server.baseUrl}/sharing?tab=po`);
    const approved = tableRows(pdm, 'po-table').filter({ hasText: '容器化改造技术咨询' });
    await approved.getByTestId('po-record-delivery').click();
    await pdm.locator('[data-testid="po-delivery-modal"] .ant-modal-content').waitFor();
    const day = (offset) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
    for (const [index, value] of [[0, day(10)], [1, day(3)]]) {
      const input = pdm.locator('[data-testid="po-delivery-modal"] .ant-picker input').nth(index);
      await input.click();
      await input.fill(value);
      await input.press('Enter');
    }
    await pdm.getByTestId('po-delivery-ok').click();
    await pdm.locator('[data-testid="po-delivery-modal"] .ant-modal-content').waitFor({ state: 'hidden' });
    await approved.locator('.ant-tag', { hasText: '已签约交付' }).waitFor();
    await pdm.getByTestId('menu-sharing').click();
    await pdm.getByTestId('tab-ho').click();
    await pdm.getByTestId('ho-share').click();
    await pdm.locator('[data-testid="ho-share-modal"] .ant-modal-content').waitFor();
    await pdm.getByTestId('ho-share-partner').click();
    const options = pdm.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await options.first().waitFor();
    assert.ok((await pdm.locator('.ant-select-item-option-disabled').count()) >= 1, 'ineligible partners are disabled');
    await screenshot(pdm, 'sharing-ho-share-dialog');
    await pdm.context().close();
  });

  test('English texts', async () => {
    const page = await newPage(browser, { locale: 'en' });
    await login(page, server.baseUrl, 'dist_admin');
    await page.getByTestId('menu-sharing').click();
    await page.getByTestId('ho-tab').waitFor();
    assert.equal((await page.getByTestId('tab-ho').innerText()).trim(), 'Shared by Huawei');
    assert.equal((await page.getByTestId('tab-po').innerText()).trim(), 'Shared with Huawei');
    await tableRows(page, 'ho-table').first().waitFor();
    await screenshot(page, 'sharing-ho-list-en');
    await page.getByTestId('menu-pce').click();
    await page.getByTestId('pce-page').waitFor();
    assert.equal((await page.getByTestId('pce-eligible').innerText()).trim(), 'Eligible');
    await screenshot(page, 'sharing-pce-en');
    await page.context().close();
  });
});
