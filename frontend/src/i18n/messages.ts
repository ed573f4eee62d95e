import en from '../locales/en.json';
import zhCN from '../locales/zh-CN.json';
import type { Locale } from '../lib/locale';

/** zh-CN is the source of truth for keys; en must provide every one of them (checked by tsc and a unit test). */
export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;

const english: Messages = en;

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
