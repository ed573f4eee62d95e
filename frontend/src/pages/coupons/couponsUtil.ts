import type { ButtonProps } from 'antd';
import { useState } from 'react';
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

/**
 * The idempotency key of one submission of a form: kept across a retry after a request error
 * (the same submission sent again: the server answers the first result and moves nothing),
 * renewed once the server has answered (the next submission is a new request).
 */
export class SubmissionKey {
  private value = newIdempotencyKey();

  get current(): string {
    return this.value;
  }

  answered(): void {
    this.value = newIdempotencyKey();
  }
}

/** One SubmissionKey per dialog open. */
export function useSubmissionKey(): SubmissionKey {
  const [submission] = useState(() => new SubmissionKey());
  return submission;
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

/** A decimal money string as integer cents (exact for the 2-decimal amounts the API returns). */
export function cents(amount: string): number {
  const [whole, frac = ''] = amount.trim().split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number((frac + '00').slice(0, 2)));
}

interface Drawable {
  remaining: { amount: string };
}

/**
 * How a payment splits (in cents), mirroring the server's drawing order: the voucher first, then
 * the chosen cash coupons in the order they were offered (product-specific first), each up to
 * what is still due; the rest comes from the balance.
 */
export function splitPayment(orderCents: number, voucher: Drawable | undefined, cash: readonly Drawable[]) {
  let due = orderCents;
  const take = (c: Drawable) => {
    const part = Math.min(due, cents(c.remaining.amount));
    due -= part;
    return part;
  };
  const voucherPart = voucher ? take(voucher) : 0;
  let cashPart = 0;
  for (const c of cash) if (due > 0) cashPart += take(c);
  return { voucherPart, cashPart, balancePart: due };
}
