import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FormInstance } from 'antd';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../gql/graphql';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { USER_ERROR_KEYS, userErrorMessage } from './errors';
import { applyUserErrors } from './formErrors';
import type { Locale } from './locale';

/** The ErrorCode values of the exported schema (the server's source of truth). */
function schemaErrorCodes(): string[] {
  const sdl = readFileSync(path.resolve(__dirname, '../../../schema.graphql'), 'utf8');
  const body = /enum ErrorCode \{([^}]*)\}/.exec(sdl)?.[1] ?? '';
  return body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[A-Z_]+$/.test(l));
}

const tFor = (locale: Locale) => (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
const err = (code: ErrorCode, field: string | null = null, message = 'Server says so.') => ({ code, field, message });

describe('userError codes', () => {
  it('every ErrorCode of the schema has a message in both languages', () => {
    const codes = schemaErrorCodes();
    expect(codes).toContain('NOT_IN_STEPS');
    expect(Object.keys(USER_ERROR_KEYS).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      const key = USER_ERROR_KEYS[code as ErrorCode];
      for (const locale of ['zh-CN', 'en'] as const) {
        expect(translate(locale, key), `${locale} ${code}`).not.toBe(key);
      }
    }
  });

  it('translates precise codes in every language, instead of the server’s English', () => {
    const zh = tFor('zh-CN');
    const en = tFor('en');
    expect(userErrorMessage(zh, 'zh-CN', err('TOO_MANY_DECIMALS', 'expectedMonthlyRevenue'))).toBe('金额最多保留两位小数');
    expect(userErrorMessage(en, 'en', err('TOO_MANY_DECIMALS', 'expectedMonthlyRevenue'))).toBe('Use at most two decimals');
    expect(userErrorMessage(zh, 'zh-CN', err('NOT_IN_STEPS', 'confidence'))).toBe('把握度须为 10% 的整数倍');
    expect(userErrorMessage(zh, 'zh-CN', err('NOT_YOUR_CUSTOMER', 'customerId'))).toContain('未分配给您');
    expect(userErrorMessage(en, 'en', err('NOT_IN_TEAM', 'ownerId'))).toBe('Choose an account manager within your team');
    expect(userErrorMessage(zh, 'zh-CN', err('UNSUPPORTED_CURRENCY', 'expectedMonthlyRevenue'))).toBe('目前仅支持人民币（CNY）');
  });

  it('prefers a field-specific wording when there is one', () => {
    const zh = tFor('zh-CN');
    expect(userErrorMessage(zh, 'zh-CN', err('BLANK', 'scopes'))).toBe('请至少选择一个权限范围');
    expect(userErrorMessage(zh, 'zh-CN', err('BLANK', 'name'))).toBe('此项不能为空');
    expect(userErrorMessage(zh, 'zh-CN', err('OUT_OF_RANGE', 'confidence'))).toBe('把握度须在 0% 到 100% 之间');
    expect(userErrorMessage(zh, 'zh-CN', err('OUT_OF_RANGE', 'ids'))).toBe('超出允许的范围');
  });

  it('keeps the server’s wording in English for generic codes, and translates them otherwise', () => {
    expect(userErrorMessage(tFor('en'), 'en', err('INVALID', 'x', 'Exact reason.'))).toBe('Exact reason.');
    expect(userErrorMessage(tFor('zh-CN'), 'zh-CN', err('INVALID', 'x', 'Exact reason.'))).toBe('输入内容不符合要求，请检查。');
    expect(userErrorMessage(tFor('en'), 'en', err('FORBIDDEN', 'customerId', 'Only managers.'))).toBe('Only managers.');
  });

  it('falls back to the server message for a code this build does not know yet', () => {
    const unknown = { code: 'BRAND_NEW' as ErrorCode, field: null, message: 'Brand new.' };
    expect(userErrorMessage(tFor('zh-CN'), 'zh-CN', unknown)).toBe('Brand new.');
  });
});

describe('applyUserErrors', () => {
  function fakeForm() {
    const calls: { name: string; errors: string[] }[][] = [];
    const form = { setFields: (f: { name: string; errors: string[] }[]) => calls.push(f) } as unknown as FormInstance;
    return { form, calls };
  }

  it('puts each precise message next to its form field (with aliases)', () => {
    const { form, calls } = fakeForm();
    const loose = applyUserErrors(
      form,
      [
        err('TOO_MANY_DECIMALS', 'expectedMonthlyRevenue'),
        err('NOT_IN_STEPS', 'confidence'),
        err('NOT_YOUR_CUSTOMER', 'customerId'),
        err('FORBIDDEN', null, 'Nope.'),
      ],
      tFor('zh-CN'),
      'zh-CN',
      ['customerId', 'name', 'confidence', 'amount'],
      { expectedMonthlyRevenue: 'amount' },
    );
    expect(calls).toHaveLength(1);
    const byName = Object.fromEntries(calls[0].map((f) => [f.name, f.errors]));
    expect(byName).toEqual({
      amount: ['金额最多保留两位小数'],
      confidence: ['把握度须为 10% 的整数倍'],
      customerId: ['该客户未分配给您，只能为分配给您的客户创建商机'],
    });
    expect(loose).toEqual(['您无权执行此操作。']);
  });
});
