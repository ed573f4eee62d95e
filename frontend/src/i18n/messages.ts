import enBase from '../locales/en.json';
import enAssociation from '../locales/en/association.json';
import enAudit from '../locales/en/audit.json';
import enCoupons from '../locales/en/coupons.json';
import enFunds from '../locales/en/funds.json';
import enMessages from '../locales/en/messages.json';
import enSharing from '../locales/en/sharing.json';
import enWarnings from '../locales/en/warnings.json';
import zhBase from '../locales/zh-CN.json';
import zhAssociation from '../locales/zh-CN/association.json';
import zhAudit from '../locales/zh-CN/audit.json';
import zhCoupons from '../locales/zh-CN/coupons.json';
import zhFunds from '../locales/zh-CN/funds.json';
import zhMessages from '../locales/zh-CN/messages.json';
import zhSharing from '../locales/zh-CN/sharing.json';
import zhWarnings from '../locales/zh-CN/warnings.json';
import type { Locale } from '../lib/locale';

/** One dictionary per slice (locales/<locale>/<slice>.json) so that slices never edit the same file. */
const zhCN = {
  ...zhBase,
  ...zhAssociation,
  ...zhWarnings,
  ...zhSharing,
  ...zhMessages,
  ...zhFunds,
  ...zhCoupons,
  ...zhAudit,
};

/** zh-CN is the source of truth for keys; en must provide every one of them (checked by tsc and a unit test). */
export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;

const english: Messages = {
  ...enBase,
  ...enAssociation,
  ...enWarnings,
  ...enSharing,
  ...enMessages,
  ...enFunds,
  ...enCoupons,
  ...enAudit,
};

export const MESSAGES: Record<Locale, Messages> = {
  'zh-CN': zhCN,
  en: english,
};

export type MessageParams = Record<string, string | number>;

/** Looks a key up and fills `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = MESSAGES[locale][key] ?? MESSAGES['zh-CN'][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** A key built from an enum value, checked against the dictionary at compile time. */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(MESSAGES['zh-CN'], key);
}
