import dayjs from 'dayjs';
import 'dayjs/locale/en';
import 'dayjs/locale/zh-cn';
import { dayjsLocale, intlTag, type Locale } from './locale';

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: Locale, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let fmt = moneyFormats.get(key);
  if (!fmt) {
    fmt = new Intl.NumberFormat(intlTag(locale), {
      style: 'currency',
      currency,
      // Chinese readers expect "¥"; English readers get the unambiguous ISO code ("CNY 1,200.00").
      currencyDisplay: locale === 'zh-CN' ? 'symbol' : 'code',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    moneyFormats.set(key, fmt);
  }
  return fmt;
}

/**
 * Formats a decimal string such as "12000.50" as money in the user's language.
 * The string is handed to Intl as is (no float rounding of large amounts).
 */
export function formatMoney(amount: string, currency: string, locale: Locale): string {
  const trimmed = amount.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return amount;
  // Intl.NumberFormat.format accepts decimal strings exactly (ES2023); the cast satisfies older lib typings.
  return moneyFormat(locale, currency || 'CNY').format(trimmed as unknown as number);
}

const DATE_TIME = { 'zh-CN': 'YYYY-MM-DD HH:mm', en: 'MMM D, YYYY HH:mm' } as const;
const DATE = { 'zh-CN': 'YYYY-MM-DD', en: 'MMM D, YYYY' } as const;

export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.locale(dayjsLocale(locale)).format(DATE_TIME[locale]) : iso;
}

export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.locale(dayjsLocale(locale)).format(DATE[locale]) : iso;
}

export function formatPercent(value: number, locale: Locale): string {
  return new Intl.NumberFormat(intlTag(locale), { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
}

export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(intlTag(locale)).format(value);
}
