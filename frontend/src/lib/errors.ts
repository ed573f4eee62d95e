import { hasMessage, type MessageKey, type MessageParams } from '../i18n/messages';
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
  RATE_LIMITED: 'error.RATE_LIMITED',
  INTERNAL: 'error.INTERNAL',
  GRAPHQL_VALIDATION: 'error.GRAPHQL_VALIDATION',
  NETWORK: 'error.NETWORK',
  HTTP: 'error.HTTP',
  BAD_RESPONSE: 'error.BAD_RESPONSE',
  UNKNOWN: 'error.UNKNOWN',
};

/** A request-level error in the user's language (with the request id for INTERNAL errors). */
export function requestErrorMessage(t: T, err: GraphQLClientError): string {
  const text = t(REQUEST_ERROR_KEYS[err.code] ?? 'error.UNKNOWN', {
    status: err.status ?? '',
    seconds: err.retryAfter ?? 60,
    minutes: Math.max(1, Math.ceil((err.retryAfter ?? 60) / 60)),
  });
  return err.requestId && (err.code === 'INTERNAL' || err.code === 'UNKNOWN' || err.code === 'HTTP')
    ? `${text} ${t('error.requestId', { id: err.requestId })}`
    : text;
}

export interface UserErrorLike {
  code: ErrorCode;
  field: string | null;
  message: string;
}

/** Every code the API can put in a userError, in the user's language (checked complete by tsc). */
export const USER_ERROR_KEYS: Record<ErrorCode, MessageKey> = {
  UNAUTHENTICATED: 'error.UNAUTHENTICATED',
  FORBIDDEN: 'userError.FORBIDDEN',
  NOT_FOUND: 'userError.NOT_FOUND',
  INVALID: 'userError.INVALID',
  INVALID_CREDENTIALS: 'error.INVALID_CREDENTIALS',
  PAGE_SIZE: 'error.PAGE_SIZE',
  INVALID_CURSOR: 'error.INVALID_CURSOR',
  CSRF: 'error.CSRF',
  LIMIT: 'userError.LIMIT',
  RATE_LIMITED: 'userError.RATE_LIMITED',
  INTERNAL: 'error.INTERNAL',
  BLANK: 'userError.BLANK',
  TOO_LONG: 'userError.TOO_LONG',
  OUT_OF_RANGE: 'userError.OUT_OF_RANGE',
  NOT_IN_STEPS: 'userError.NOT_IN_STEPS',
  NOT_A_NUMBER: 'userError.NOT_A_NUMBER',
  NEGATIVE: 'userError.NEGATIVE',
  TOO_LARGE: 'userError.TOO_LARGE',
  TOO_MANY_DECIMALS: 'userError.TOO_MANY_DECIMALS',
  UNSUPPORTED_CURRENCY: 'userError.UNSUPPORTED_CURRENCY',
  NOT_YOUR_CUSTOMER: 'userError.NOT_YOUR_CUSTOMER',
  NOT_IN_TEAM: 'userError.NOT_IN_TEAM',
  // funds / ledger
  NOT_POSITIVE: 'funds.error.NOT_POSITIVE',
  INSUFFICIENT_BALANCE: 'funds.error.INSUFFICIENT_BALANCE',
  INSUFFICIENT_DISBURSABLE: 'funds.error.INSUFFICIENT_DISBURSABLE',
  NOT_RESALE_CUSTOMER: 'funds.error.NOT_RESALE_CUSTOMER',
  NOT_YOUR_RESELLER: 'funds.error.NOT_YOUR_RESELLER',
  NOT_A_PARTNER: 'funds.error.NOT_A_PARTNER',
  CREDIT_IN_USE: 'funds.error.CREDIT_IN_USE',
  IDEMPOTENCY_KEY_REUSED: 'funds.error.IDEMPOTENCY_KEY_REUSED',
  TOTP_REQUIRED: 'funds.error.TOTP_REQUIRED',
  TOTP_INVALID: 'funds.error.TOTP_INVALID',
  TOTP_NOT_ENROLLED: 'funds.error.TOTP_NOT_ENROLLED',
  TOTP_ALREADY_ENROLLED: 'funds.error.TOTP_ALREADY_ENROLLED',
  NOT_RESPONSIBLE_MANAGER: 'warnings.userError.NOT_RESPONSIBLE_MANAGER',
  RESULT_NOT_FOR_KIND: 'warnings.userError.RESULT_NOT_FOR_KIND',
  DATE_IN_FUTURE: 'warnings.userError.DATE_IN_FUTURE',
  DATE_IN_PAST: 'warnings.userError.DATE_IN_PAST',
  EXPORT_TOO_LARGE: 'warnings.userError.EXPORT_TOO_LARGE',
  EXPORT_IN_PROGRESS: 'userError.EXPORT_IN_PROGRESS',
  // coupons / orders
  INVALID_VALIDITY: 'coupons.error.INVALID_VALIDITY',
  PRODUCT_SCOPE_NOT_ALLOWED: 'coupons.error.PRODUCT_SCOPE_NOT_ALLOWED',
  QUOTA_INSUFFICIENT: 'coupons.error.QUOTA_INSUFFICIENT',
  QUOTA_NOT_USABLE: 'coupons.error.QUOTA_NOT_USABLE',
  QUOTA_BELOW_USED: 'coupons.error.QUOTA_BELOW_USED',
  INVALID_STATE: 'coupons.error.INVALID_STATE',
  COUPON_NOT_APPLICABLE: 'coupons.error.COUPON_NOT_APPLICABLE',
  WRONG_COUPON_KIND: 'coupons.error.WRONG_COUPON_KIND',
  DUPLICATE: 'coupons.error.DUPLICATE',
  ORDER_NOT_PAYABLE: 'coupons.error.ORDER_NOT_PAYABLE',
  ORDER_NOT_REFUNDABLE: 'coupons.error.ORDER_NOT_REFUNDABLE',
  // Customer association
  PARTNER_ADMIN_ONLY: 'association.userError.PARTNER_ADMIN_ONLY',
  CUSTOMER_USER_ONLY: 'association.userError.CUSTOMER_USER_ONLY',
  REQUEST_TOO_SOON: 'association.userError.REQUEST_TOO_SOON',
  CUSTOMER_HAS_ARREARS: 'association.userError.CUSTOMER_HAS_ARREARS',
  CUSTOMER_HAS_UNPAID_ORDERS: 'association.userError.CUSTOMER_HAS_UNPAID_ORDERS',
  REQUEST_NOT_PENDING: 'association.userError.REQUEST_NOT_PENDING',
  REQUEST_EXPIRED: 'association.userError.REQUEST_EXPIRED',
  ALREADY_ASSIGNED: 'association.userError.ALREADY_ASSIGNED',
  NOTICE_OUTDATED: 'association.userError.NOTICE_OUTDATED',
  // Opportunity sharing (PCE)
  NOT_PCE_MEMBER: 'sharing.userError.NOT_PCE_MEMBER',
  NOT_ELIGIBLE: 'sharing.userError.NOT_ELIGIBLE',
  TERMS_NOT_CURRENT: 'sharing.userError.TERMS_NOT_CURRENT',
  ALREADY_HANDLED: 'sharing.userError.ALREADY_HANDLED',
  DEADLINE_PASSED: 'sharing.userError.DEADLINE_PASSED',
  NOT_APPROVED: 'sharing.userError.NOT_APPROVED',
};

/**
 * Codes too broad to say what went wrong on their own: English readers get the server's
 * (English) wording for them; every other code is precise and always translated.
 */
const GENERIC: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['INVALID', 'FORBIDDEN', 'NOT_FOUND', 'LIMIT', 'INTERNAL']);

/** A field-specific wording, e.g. `userError.BLANK.scopes`, when the locale files have one. */
function fieldKey(err: UserErrorLike): MessageKey | null {
  const field = userErrorField(err);
  if (!field) return null;
  const key = `${USER_ERROR_KEYS[err.code] ?? ''}.${field}`;
  return hasMessage(key) ? key : null;
}

/**
 * A mutation's userError in the user's language. Precise codes (BLANK, TOO_LONG, NEGATIVE, …)
 * are translated in every language; for the generic ones English readers get the server's
 * message and other languages the translation of the code (the server speaks English only).
 */
export function userErrorMessage(t: T, locale: Locale, err: UserErrorLike): string {
  const key = fieldKey(err) ?? USER_ERROR_KEYS[err.code];
  if (!key) return err.message || t('error.UNKNOWN');
  if (GENERIC.has(err.code) && locale === 'en' && err.message) return err.message;
  return t(key);
}

/** The form field a userError belongs to: the API names input fields in camelCase ("expectedMonthlyRevenue.amount"). */
export function userErrorField(err: UserErrorLike): string | null {
  if (!err.field) return null;
  const last = err.field.split('.')[0];
  return last.replace(/^input\./, '');
}
