// The UI speaks zh-CN by default and English on request (persisted), including errors, dates
// and money; saves the review screenshots (login, list, detail) in both languages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, login, newPage, screenshot, startServer, tableRows } from './helpers.mjs';

const CJK = /[\u3400-\u9fff]/;

describe('languages', () => {
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

  test('login page: zh-CN by default, wrong password explained, switch to English persists', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/opportunities`);
    await page.waitForURL(/\/login$/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.getByText('账号登录').waitFor();
    await screenshot(page, 'login-zh');

    await page.getByTestId('login-username').fill('dist_mgr1');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    assert.match(await error.innerText(), /用户名或密码错误/);

    await page.getByTestId('language-en').click();
    await page.getByText('Sign in', { exact: true }).first().waitFor();
    assert.match(await error.innerText(), /Wrong username or password/);
    assert.equal(await page.evaluate(() => localStorage.getItem('pc.locale')), 'en');
    await page.reload();
    await page.getByTestId('login-submit').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    const text = await page.locator('[data-testid="login-page"]').innerText();
    assert.doesNotMatch(text.replace('简体中文', ''), CJK, 'no Chinese left on the English login page');
    await screenshot(page, 'login-en');
    await context.close();
  });

  test('opportunities list and detail in English', async () => {
    const page = await newPage(browser, { locale: 'en' });
    await login(page, server.baseUrl, 'dist_mgr1');
    await page.getByTestId('menu-opportunities').click(); // partner roles land on the workbench
    const rows = tableRows(page, 'opps-table');
    await rows.first().waitFor();
    assert.match(await page.getByTestId('pager-total').innerText(), /^[\d,]+ in total$/);
    assert.match(await rows.first().getByTestId('opp-revenue').innerText(), /^CNY\s[\d,]+\.\d{2}$/);
    const chrome = [
      await page.getByTestId('side-menu').innerText(),
      await page.locator('thead').first().innerText(),
      await page.getByTestId('opps-filter').innerText(),
      await page.getByTestId('topbar-role').innerText(),
    ].join('\n');
    assert.doesNotMatch(chrome, CJK, `untranslated UI text:\n${chrome}`);
    await screenshot(page, 'opportunities-en');

    await rows.first().getByTestId('opp-name').click();
    await page.getByTestId('opportunity-detail').waitFor();
    await page.getByTestId('opp-progress').waitFor();
    const labels = await page.locator('.ant-descriptions-item-label').allInnerTexts();
    assert.ok(labels.includes('Expected monthly revenue'));
    for (const label of labels) assert.doesNotMatch(label, CJK);
    await screenshot(page, 'opportunity-detail-en');
    await page.context().close();
  });

  test('opportunity detail in zh-CN with progress and masked customer', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_mgr1');
    await page.getByTestId('menu-opportunities').click(); // partner roles land on the workbench
    const rows = tableRows(page, 'opps-table');
    await rows.first().waitFor();
    await screenshot(page, 'opportunities-zh');
    await rows.first().getByTestId('opp-name').click();
    await page.getByTestId('opportunity-detail').waitFor();
    const labels = await page.locator('.ant-descriptions-item-label').allInnerTexts();
    for (const l of ['客户名称', '客户行业', '商机类型', '把握度', '预计月流水', '客户经理', '最近更新时间']) {
      assert.ok(labels.includes(l), `label ${l} present`);
    }
    assert.match(await page.getByTestId('opp-detail-stage').innerText(), /^(线索|需求确认|方案设计|商务谈判|赢单|输单)$/);
    assert.match(await page.getByTestId('opp-detail-customer').innerText(), /\*/);
    assert.match(await page.getByTestId('opp-detail-revenue').innerText(), /^¥[\d,]+\.\d{2}$/);

    const note = `浏览器测试进展 ${Date.now()}`;
    await page.getByTestId('progress-note-input').fill(note);
    await page.getByTestId('progress-submit').click();
    await page.getByTestId('progress-note').filter({ hasText: note }).waitFor();
    await screenshot(page, 'opportunity-detail-zh');
    await page.context().close();
  });
});
