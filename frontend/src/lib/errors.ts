import type { MessageKey, MessageParams } from '../i18n/messages';
import type { ErrorCode } from '../gql/graphql';
import type { ClientErrorCode, GraphQLClientError } from './graphqlClient';
import type { Locale } from './locale';

type T = (key: MessageKey, params?: MessageParams) => string;

const REQUEST_ERROR_KEYS: Record<ClientErrorCode, MessageKey> = {
  UNAUTHENTICATED: 'error.UNAUTHENTICATED',
  FORBIDDEN: 'error.FORBIDDEN',
  NOT_FOUND: 'error.NOT_FOUND',
  INVALID: 'error.INVALID',
  INVALID_CREDENTIALS: 'error.INVALID_CREDENTIALS',
  PAGE_SIZE: 'error.PAGE_SIZE',
  INVALID_CURSOR: 'error.INVALID_CURSOR',
  CSRF: 'error.CSRF',
  LIMIT: 'error.LIMIT',
  INTERNAL: 'error.INTERNAL',
  GRAPHQL_VALIDATION: 'error.GRAPHQL_VALIDATION',
  NETWORK: 'error.NETWORK',
  HTTP: 'error.HTTP',
  BAD_RESPONSE: 'error.BAD_RESPONSE',
  UNKNOWN: 'error.UNKNOWN',
};

/** A request-level error in the user's language (with the request id for INTERNAL errors). */
export function requestErrorMessage(t: T, err: GraphQLClientError): string {
  const text = t(REQUEST_ERROR_KEYS[err.code] ?? 'error.UNKNOWN', { status: err.status ?? '' });
  return err.requestId && (err.code === 'INTERNAL' || err.code === 'UNKNOWN' || err.code === 'HTTP')
    ? `${text} ${t('error.requestId', { id: err.requestId })}`
    : text;
}

export interface UserErrorLike {
  code: ErrorCode;
  field: string | null;
  message: string;
}

const USER_ERROR_KEYS: Partial<Record<ErrorCode, MessageKey>> = {
  FORBIDDEN: 'userError.FORBIDDEN',
  NOT_FOUND: 'userError.NOT_FOUND',
  INVALID: 'userError.INVALID',
  INVALID_CREDENTIALS: 'error.INVALID_CREDENTIALS',
  LIMIT: 'userError.LIMIT',
  UNAUTHENTICATED: 'error.UNAUTHENTICATED',
};

/** Codes whose meaning is complete without the server's wording. */
const ALWAYS_TRANSLATED: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['INVALID_CREDENTIALS', 'UNAUTHENTICATED']);

/**
 * A mutation's userError in the user's language. English readers get the server's precise
 * message; other languages get the translation of its code (the server speaks English only).
 */
export function userErrorMessage(t: T, locale: Locale, err: UserErrorLike): string {
  const key = USER_ERROR_KEYS[err.code];
  if (key && ALWAYS_TRANSLATED.has(err.code)) return t(key);
  if (locale === 'en' && err.message) return err.message;
  return key ? t(key) : err.message || t('error.UNKNOWN');
}

/** The form field a userError belongs to: the API names input fields in camelCase ("expectedMonthlyRevenue.amount"). */
export function userErrorField(err: UserErrorLike): string | null {
  if (!err.field) return null;
  const last = err.field.split('.')[0];
  return last.replace(/^input\./, '');
}
