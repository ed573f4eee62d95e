// A viewer who may not reveal a masked field sees why (DOMAIN.md: "the masked value and a clear
// reason"): the lock or the withheld dash carries the API's revealDenials reason, translated.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, login, newPage, screenshot, startServer, tableRows } from './helpers.mjs';

/** Hovers `target` and returns the text of the tooltip that opens. */
async function tooltipOf(page, target) {
  await target.hover();
  const tip = page.locator('.ant-tooltip:not(.ant-tooltip-hidden) .ant-tooltip-inner').last();
  await tip.waitFor();
  const text = (await tip.innerText()).trim();
  await page.mouse.move(0, 0);
  await tip.waitFor({ state: 'hidden' }).catch(() => {});
  return text;
}

describe('reasons for fields that cannot be revealed', () => {
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

  for (const [locale, expected] of [
    ['zh-CN', '您的角色无权查看完整账号名，仅显示脱敏内容'],
    ['en', 'Your role may not see the full account name; only the masked value is shown'],
  ]) {
    test(`vendor PDM: the account name lock says the role may not reveal it (${locale})`, async () => {
      const page = await newPage(browser, { locale });
      await login(page, server.baseUrl, 'pdm');
      await page.getByTestId('menu-customers').click();
      const rows = tableRows(page, 'customers-table');
      await rows.first().waitFor();
      const cell = rows.first().getByTestId('customer-accountName');
      assert.equal(await cell.getAttribute('data-mask-state'), 'locked');
      assert.equal(await cell.getAttribute('data-denial-reason'), 'ROLE');
      assert.equal(await tooltipOf(page, cell.getByTestId('mask-lock')), expected);
      // The name stays revealable for a PDM: an eye, no reason.
      const name = rows.first().getByTestId('customer-name');
      assert.equal(await name.getAttribute('data-mask-state'), 'masked');
      assert.equal(await name.getAttribute('data-denial-reason'), null);
      await screenshot(page, `pdm-customers-${locale}`);
      await page.context().close();
    });
  }

  test('distributor admin: a reseller customer’s withheld phone says only basic data is shared', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_admin');
    await page.getByTestId('menu-customers').click();
    await tableRows(page, 'customers-table').first().waitFor();
    await page.getByTestId('tab-resellers').click();
    await page.getByTestId('resellers-hint').waitFor();
    const phone = page.locator('[data-testid="customer-phone"][data-mask-state="withheld"]').first();
    await phone.waitFor();
    assert.equal(await phone.getAttribute('data-denial-reason'), 'BASIC_DATA_ONLY');
    assert.equal(await tooltipOf(page, phone), '二级经销商的客户只向总经销商共享基础数据，联系电话不对您开放');
    await page.context().close();
  });
});
