import { createContext } from 'react';
import type { Locale } from '../lib/locale';
import type { MessageKey, MessageParams } from './messages';

export interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, params?: MessageParams) => string;
}

export const I18nContext = createContext<I18nValue | null>(null);
