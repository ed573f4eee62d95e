import { describe, expect, it } from 'vitest';
import { MESSAGES, translate } from './messages';

const en = MESSAGES.en;
const zh = MESSAGES['zh-CN'];
const sliceFiles = import.meta.glob<Record<string, string>>('../locales/*/*.json', { eager: true, import: 'default' });
const baseFiles = import.meta.glob<Record<string, string>>('../locales/*.json', { eager: true, import: 'default' });

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locale files', () => {
  it('never define a key in two files of one locale', () => {
    for (const locale of ['zh-CN', 'en']) {
      const seen = new Map<string, string>();
      const files = {
        ...Object.fromEntries(Object.entries(baseFiles).filter(([p]) => p.endsWith(`/${locale}.json`))),
        ...Object.fromEntries(Object.entries(sliceFiles).filter(([p]) => p.includes(`/${locale}/`))),
      };
      for (const [path, dict] of Object.entries(files)) {
        for (const key of Object.keys(dict)) {
          expect(seen.get(key), `${key} in ${path}`).toBeUndefined();
          seen.set(key, path);
        }
      }
    }
  });

  it('have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('use the same placeholders and no empty strings', () => {
    for (const [key, zhText] of Object.entries(zh)) {
      const enText = (en as Record<string, string>)[key];
      expect(placeholders(enText), key).toEqual(placeholders(zhText));
      expect(zhText.trim(), key).not.toBe('');
      expect(enText.trim(), key).not.toBe('');
    }
  });

  it('use the seed documents’ terms in zh-CN', () => {
    expect(zh['menu.customers']).toBe('客户管理');
    expect(zh['opportunity.field.stage']).toBe('商机阶段');
    expect(zh['opportunity.field.confidence']).toBe('把握度');
    expect(zh['opportunity.field.revenue']).toBe('预计月流水');
    expect(zh['opportunity.field.updatedAt']).toBe('最近更新时间');
    expect(zh['associationType.RESALE']).toBe('代售');
    expect(zh['associationType.CONSULTING']).toBe('顾问销售');
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('zh-CN', 'pager.total', { count: '1,234' })).toBe('共 1,234 条');
    expect(translate('en', 'pager.total', { count: 3 })).toBe('3 in total');
  });
});
