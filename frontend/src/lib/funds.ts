import type { MessageKey, MessageParams } from '../i18n/messages';
import { hasMessage } from '../i18n/messages';
import { userErrorMessage, type UserErrorLike } from './errors';
import type { Locale } from './locale';

type T = (key: MessageKey, params?: MessageParams) => string;

/** A funds userError in the user's language: the funds wording first (e.g. NOT_YOUR_CUSTOMER says
 * "not one of your customers" here, not the opportunity wording), else the shared one. */
export function fundsErrorMessage(t: T, locale: Locale, err: UserErrorLike): string {
  const key = `funds.error.${err.code}`;
  return hasMessage(key) ? t(key) : userErrorMessage(t, locale, err);
}

/** A fresh idempotency key: one per confirmed operation, reused when the same submission is retried. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** At most two decimals, above zero: the same rule as the server (which decides again). */
export function validAmount(value: string | null | undefined): boolean {
  if (!value) return false;
  const text = value.trim();
  return /^\d+(\.\d{1,2})?$/.test(text) && Number(text) > 0;
}

/** Saves a base64 file from an export mutation. */
export function downloadBase64(filename: string, contentType: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "1234.5" + "-34.5" as cents, exact (no float sums of money). */
export function addAmounts(a: string, b: string): string {
  const cents = (s: string) => {
    const neg = s.trim().startsWith('-');
    const [i, f = ''] = s.trim().replace('-', '').split('.');
    const v = BigInt(i || '0') * 100n + BigInt((f + '00').slice(0, 2));
    return neg ? -v : v;
  };
  const sum = cents(a) + cents(b);
  const neg = sum < 0n;
  const abs = neg ? -sum : sum;
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
