import type { MessageKind } from '../gql/graphql';
import { hasMessage, type MessageKey, type MessageParams } from '../i18n/messages';
import { formatDateTime } from './format';
import type { Locale } from './locale';

type T = (key: MessageKey, params?: MessageParams) => string;

/** The params a message may carry that the text shows (never personal data: the server sends none). */
const DETAIL_PARAMS = [
  'requestKind',
  'associationType',
  'supportKind',
  'warningKind',
  'kind',
  'level',
  'industry',
  'amount',
  'reason',
  'rejection',
  'deadline',
] as const;

export function messageTitle(t: T, kind: MessageKind): string {
  const key = `messages.kind.${kind}`;
  return hasMessage(key) ? t(key) : kind;
}

/** One line of details from the params, each labelled and translated where it is an enum value. */
export function messageDetails(t: T, locale: Locale, params: unknown): string[] {
  if (!params || typeof params !== 'object') return [];
  const p = params as Record<string, unknown>;
  const out: string[] = [];
  for (const name of DETAIL_PARAMS) {
    const raw = p[name];
    if (raw === undefined || raw === null || raw === '') continue;
    let value = String(raw);
    if (name === 'deadline') value = formatDateTime(value, locale);
    else if (name === 'amount') value = typeof p.currency === 'string' ? `${value} ${p.currency}` : value;
    else if (name === 'industry' && hasMessage(`industry.${value}`)) value = t(`industry.${value}` as MessageKey);
    else {
      const enumKey = `messages.value.${value}`;
      if (hasMessage(enumKey)) value = t(enumKey);
    }
    const label = `messages.param.${name}`;
    out.push(hasMessage(label) ? t(label, { value }) : value);
  }
  return out;
}
