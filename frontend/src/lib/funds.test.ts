import { describe, expect, it } from 'vitest';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { addAmounts, fundsErrorMessage, validAmount } from './funds';

const tFor = (locale: 'zh-CN' | 'en') => (key: MessageKey, params?: MessageParams) => translate(locale, key, params);

describe('funds helpers', () => {
  it('checks amounts like the server: above zero, at most two decimals', () => {
    expect(validAmount('10')).toBe(true);
    expect(validAmount('0.01')).toBe(true);
    expect(validAmount('12.345')).toBe(false);
    expect(validAmount('0')).toBe(false);
    expect(validAmount('-1')).toBe(false);
    expect(validAmount('abc')).toBe(false);
  });

  it('adds money exactly', () => {
    expect(addAmounts('0.10', '0.20')).toBe('0.30');
    expect(addAmounts('100.00', '-100.01')).toBe('-0.01');
    expect(addAmounts('99999999999.99', '0.01')).toBe('100000000000.00');
  });

  it('translates the funds codes in both languages, with the funds wording of NOT_YOUR_CUSTOMER', () => {
    const err = (code: string) => ({ code, field: 'amount', message: 'server text' }) as never;
    expect(fundsErrorMessage(tFor('zh-CN'), 'zh-CN', err('INSUFFICIENT_DISBURSABLE'))).toBe('可拨款金额不足');
    expect(fundsErrorMessage(tFor('en'), 'en', err('INSUFFICIENT_DISBURSABLE'))).toContain('disbursable');
    expect(fundsErrorMessage(tFor('zh-CN'), 'zh-CN', err('NOT_YOUR_CUSTOMER'))).toBe('该客户不是您的客户');
    expect(fundsErrorMessage(tFor('en'), 'en', err('TOTP_INVALID'))).not.toBe('server text');
  });
});
