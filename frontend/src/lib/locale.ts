export type Locale = 'zh-CN' | 'en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'pc.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

/** BCP 47 tag used for Intl formatting. */
export function intlTag(locale: Locale): string {
  return locale === 'zh-CN' ? 'zh-CN' : 'en-US';
}

/** dayjs locale name. */
export function dayjsLocale(locale: Locale): string {
  return locale === 'zh-CN' ? 'zh-cn' : 'en';
}
