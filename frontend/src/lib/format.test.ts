import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatDateTime, formatMoney, formatPercent } from './format';

describe('formatMoney', () => {
  it('uses ¥ and Chinese grouping in zh-CN', () => {
    expect(formatMoney('12000.50', 'CNY', 'zh-CN')).toBe('¥12,000.50');
    expect(formatMoney('0', 'CNY', 'zh-CN')).toBe('¥0.00');
  });

  it('uses the ISO code in English', () => {
    expect(formatMoney('12000.5', 'CNY', 'en').replace(/\u00a0/g, ' ')).toBe('CNY 12,000.50');
  });

  it('keeps large decimal strings exact (no float rounding)', () => {
    expect(formatMoney('12345678901234.56', 'CNY', 'zh-CN')).toBe('¥12,345,678,901,234.56');
  });

  it('returns what it cannot parse unchanged', () => {
    expect(formatMoney('n/a', 'CNY', 'zh-CN')).toBe('n/a');
  });
});

describe('dates', () => {
  const iso = '2026-03-05T08:07:00Z';
  it('formats per locale', () => {
    const local = new Date(iso);
    const pad = (n: number) => String(n).padStart(2, '0');
    const hm = `${pad(local.getHours())}:${pad(local.getMinutes())}`;
    const ymd = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
    expect(formatDateTime(iso, 'zh-CN')).toBe(`${ymd} ${hm}`);
    expect(formatDate(iso, 'zh-CN')).toBe(ymd);
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    expect(formatDate(iso, 'en')).toBe(`${months[local.getMonth()]} ${local.getDate()}, ${local.getFullYear()}`);
    expect(formatDateTime(iso, 'en')).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{2}:\d{2}$/);
  });

  it('is empty for a missing date', () => {
    expect(formatDateTime(null, 'zh-CN')).toBe('');
    expect(formatDate(undefined, 'en')).toBe('');
  });
});

describe('numbers', () => {
  it('formats confidence and counts', () => {
    expect(formatPercent(60, 'zh-CN')).toBe('60%');
    expect(formatPercent(0, 'en')).toBe('0%');
    expect(formatCount(12345, 'zh-CN')).toBe('12,345');
  });
});
