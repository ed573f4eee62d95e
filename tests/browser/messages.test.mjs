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
    await page.waitForURL(/\/opportunities$/);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="message-bell"]')?.getAttribute('data-unread')) > 0);
    const before = await unread(page);
    assert.equal(before, 3, 'the seed told dist_mgr1 about their three newest customers');

    await page.getByTestId('message-bell').click();
    await page.waitForURL(/\/messages$/);
    const items = page.getByTestId('message-item');
    await items.first().waitFor();
    assert.equal(await items.count(), 3);
    assert.equal((await items.first().getByTestId('message-title').innerText()).trim(), '您被分配为客户的客户经理');
    assert.equal(await items.first().getAttribute('data-read'), 'false');
    const record = (await items.first().getByTestId('message-record').innerText()).trim();
    assert.match(record, /\*/, `the customer's name "${record}" is masked as everywhere else`);
    await page.waitForSelector('[data-testid="messages-list"] .ant-spin-blur', { state: 'detached' });
    await screenshot(page, 'messages-zh');

    await items.first().getByTestId('message-open').click();
    await page.waitForURL(/\/customers\/[^/]+$/);
    await page.waitForFunction(() => document.querySelector('[data-testid="message-bell"]')?.getAttribute('data-unread') === '2');

    await page.getByTestId('menu-messages').click();
    await page.waitForURL(/\/messages$/);
    await page.getByTestId('messages-unread-only').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="message-item"]').length === 2);
    await page.getByTestId('messages-mark-all').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="message-bell"]')?.getAttribute('data-unread') === '0');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="message-item"]').length === 0);
    await page.context().close();
  });

  test('English texts', async () => {
    const page = await newPage(browser, { locale: 'en' });
    await login(page, server.baseUrl, 'dist_mgr2');
    await page.waitForURL(/\/opportunities$/);
    await page.getByTestId('menu-messages').click();
    const title = page.getByTestId('message-title').first();
    await title.waitFor();
    assert.equal((await title.innerText()).trim(), "You were assigned as a customer's account manager");
    await page.waitForSelector('[data-testid="messages-list"] .ant-spin-blur', { state: 'detached' });
    await screenshot(page, 'messages-en');
    await page.context().close();
  });
});
