import type { ButtonProps } from 'antd';
import type { CloudService, CouponKind, CouponQuotaState, CouponState } from '../../gql/graphql';
import { hasMessage, type MessageKey } from '../../i18n/messages';
import { useI18n } from '../../i18n/useI18n';
import { formatMoney } from '../../lib/format';

export interface MoneyLike {
  amount: string;
  currency: string;
}

/** data-testid for antd props typed without data attributes (e.g. okButtonProps). */
export function testId(id: string): ButtonProps {
  return { 'data-testid': id } as ButtonProps;
}

/** A fresh idempotency key per attempt (kept while a dialog is open, so a retry reuses it). */
export function newIdempotencyKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function useMoney() {
  const { locale } = useI18n();
  return (m: MoneyLike | null | undefined) => (m ? formatMoney(m.amount, m.currency, locale) : '');
}

export function key(k: string): MessageKey {
  return (hasMessage(k) ? k : 'common.loading') as MessageKey;
}

export const CLOUD_SERVICES: CloudService[] = ['ECS', 'EVS', 'VPC', 'EIP'];
export const COUPON_KINDS: CouponKind[] = ['VOUCHER', 'CASH'];
export const COUPON_STATES: CouponState[] = ['NOT_ACTIVATED', 'USABLE', 'USED', 'EXPIRED', 'RECLAIMED'];
export const QUOTA_STATES: CouponQuotaState[] = ['NORMAL', 'FROZEN', 'ADJUSTING', 'INVALID', 'RECLAIMED'];
