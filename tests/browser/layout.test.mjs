// Layout at 1440 px: no word of the opportunities table breaks across lines (headers wrap only
// between words, cells stay on one line), every enum label fits its column in both languages,
// and screenshots of the list (en, zh-CN) and of the create form.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, login, newPage, ROOT, screenshot, startServer, tableRows } from './helpers.mjs';

const LOCALES = {
  'zh-CN': JSON.parse(readFileSync(path.join(ROOT, 'frontend/src/locales/zh-CN.json'), 'utf8')),
  en: JSON.parse(readFileSync(path.join(ROOT, 'frontend/src/locales/en.json'), 'utf8')),
};
const labelsOf = (dict, prefix) =>
  Object.entries(dict)
    .filter(([k]) => k.startsWith(prefix) && k.split('.').length === 2)
    .map(([, v]) => v);

/** Words (runs without spaces) of the table's headers and cells drawn on more than one line. */
function brokenWords(page, testId) {
  return page.evaluate((id) => {
    const out = [];
    for (const cell of document.querySelectorAll(`[data-testid="${id}"] th, [data-testid="${id}"] td`)) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        for (const m of text.matchAll(/\S+/g)) {
          const r = document.createRange();
          r.setStart(n, m.index);
          r.setEnd(n, m.index + m[0].length);
          const lines = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
          if (lines.size > 1) out.push(m[0]);
        }
      }
    }
    return out;
  }, testId);
}

/** For each enum column: the widest label (as drawn) and the room its column gives it. */
function enumRoom(page, labels) {
  return page.evaluate((groups) => {
    const ctx = document.createElement('canvas').getContext('2d');
    const out = {};
    for (const [col, { texts, tag }] of Object.entries(groups)) {
      const th = document.querySelector(`[data-testid="opps-table"] th.pc-col-${col}`);
      const td = document.querySelector(`[data-testid="opps-table"] td.pc-col-${col}`);
      const sample = tag ? td.querySelector('.ant-tag') : td;
      const style = getComputedStyle(sample);
      ctx.font = style.font;
      const extra = tag
        ? parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + parseFloat(style.borderLeftWidth) * 2
        : 0;
      const cellStyle = getComputedStyle(td);
      const room = th.getBoundingClientRect().width - parseFloat(cellStyle.paddingLeft) - parseFloat(cellStyle.paddingRight);
      const widest = Math.max(...texts.map((t) => ctx.measureText(t).width)) + extra;
      out[col] = { widest: Math.ceil(widest), room: Math.floor(room) };
    }
    return out;
  }, labels);
}

describe('layout at 1440 px', () => {
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

  for (const locale of ['en', 'zh-CN']) {
    test(`opportunities table: no word breaks, every label fits (${locale})`, async () => {
      const page = await newPage(browser, { locale });
      await login(page, server.baseUrl, 'dist_admin');
      await page.getByTestId('menu-opportunities').click(); // partner roles land on the workbench
      await tableRows(page, 'opps-table').first().waitFor();
      assert.deepEqual(await brokenWords(page, 'opps-table'), [], 'words drawn across two lines');

      const dict = LOCALES[locale];
      const room = await enumRoom(page, {
        industry: { texts: labelsOf(dict, 'industry.'), tag: false },
        type: { texts: labelsOf(dict, 'opportunityType.'), tag: false },
        stage: { texts: labelsOf(dict, 'stage.'), tag: true },
      });
      for (const [col, { widest, room: space }] of Object.entries(room)) {
        assert.ok(widest <= space, `${locale} ${col}: widest label ${widest}px in ${space}px`);
      }
      // Cells stay on one line: every row has the height of one line.
      const heights = await tableRows(page, 'opps-table').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
      assert.ok(Math.max(...heights) - Math.min(...heights) <= 1, `row heights ${[...new Set(heights)]}`);
      if (locale === 'zh-CN') {
        const [scroll, client] = await page
          .locator('[data-testid="opps-table"] .ant-table-content')
          .evaluate((el) => [el.scrollWidth, el.clientWidth]);
        assert.ok(scroll <= client, `zh-CN fits without sideways scrolling (${scroll} > ${client})`);
      }
      await screenshot(page, `layout-opportunities-${locale}`);
      await page.evaluate(() => window.scrollTo(0, 420));
      await screenshot(page, `layout-opportunities-${locale}-table`);
      await page.context().close();
    });
  }

  test('opportunity create form (zh-CN and en)', async () => {
    for (const locale of ['zh-CN', 'en']) {
      const page = await newPage(browser, { locale });
      await login(page, server.baseUrl, 'dist_mgr1');
      await page.goto(`${server.baseUrl}/opportunities/new`);
      await page.getByTestId('opp-create-form').waitFor();
      await page.getByTestId('opp-form-customer').click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) [data-testid="customer-option"]').first().waitFor();
      await page.waitForTimeout(400); // the dropdown's opening animation
      await screenshot(page, `layout-create-${locale}`);
      await page.context().close();
    }
  });
});
