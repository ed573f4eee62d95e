// The message centre: the header badge counts unread messages, the list shows them in the
// reader's language, opening one marks it read and follows its link, "mark all read" clears the badge.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, login, newPage, screenshot, startServer } from './helpers.mjs';

describe('message centre', () => {
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

  const unread = async (page) => Number(await page.getByTestId('message-bell').getAttribute('data-unread'));

  test('a manager opens a message, it is read and links to the customer; mark all read clears the badge', async () => {
    const page = await newPage(browser);
    await login(page, server.baseUrl, 'dist_mgr1');
    await page.waitForURL(/\/home$/); // the workbench is the partner roles' landing page
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="message-bell"]')?.getAttribute('data-unread')) > 0);
    const before = await unread(page);
    assert.ok(before > 3, 'three customer assignments and the warnings raised by the seed');

    await page.getByTestId('message-bell').click();
    await page.waitForURL(/\/messages$/);
    const items = page.getByTestId('message-item');
    await items.first().waitFor();
    // the seed told dist_mgr1 about their three newest customers (besides warnings)
    await page.getByTestId('messages-kind-filter').click();
    await page.keyboard.type('CUSTOMER_ASSIGNED'); // the select searches option values
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '您被分配为客户的客户经理' })
      .click();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => {
      const kinds = [...document.querySelectorAll('[data-testid="message-item"]')].map((e) => e.getAttribute('data-kind'));
      return kinds.length === 3 && kinds.every((k) => k === 'CUSTOMER_ASSIGNED');
    });
    assert.equal((await items.first().getByTestId('message-title').innerText()).trim(), '您被分配为客户的客户经理');
    assert.equal(await items.first().getAttribute('data-read'), 'false');
    const record = (await items.first().getByTestId('message-record').innerText()).trim();
    assert.match(record, /\*/, `the customer's name "${record}" is masked as everywhere else`);
    await page.waitForSelector('[data-testid="messages-list"] .ant-spin-blur', { state: 'detached' });
    await screenshot(page, 'messages-zh');

    await items.first().getByTestId('message-open').click();
    await page.waitForURL(/\/customers\/[^/]+$/);
    await page.waitForFunction((n) => document.querySelector('[data-testid="message-bell"]')?.getAttribute('data-unread') === String(n), before - 1);

    await page.getByTestId('menu-messages').click();
    await page.waitForURL(/\/messages$/);
    await page.getByTestId('messages-unread-only').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="message-item"]').length === n, Math.min(before - 1, 20));
    await page.getByTestId('messages-mark-all').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="message-bell"]')?.getAttribute('data-unread') === '0');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="message-item"]').length === 0);
    await page.context().close();
  });

  test('English texts', async () => {
    const page = await newPage(browser, { locale: 'en' });
    await login(page, server.baseUrl, 'dist_mgr2');
    await page.waitForURL(/\/home$/);
    await page.getByTestId('menu-messages').click();
    const title = page.getByTestId('message-title').first();
    await title.waitFor();
    const titles = (await page.getByTestId('message-title').allInnerTexts()).map((x) => x.trim());
    assert.ok(titles.includes("You were assigned as a customer's account manager"), titles.join(' | '));
    await page.waitForSelector('[data-testid="messages-list"] .ant-spin-blur', { state: 'detached' });
    await screenshot(page, 'messages-en');
    await page.context().close();
  });
});
