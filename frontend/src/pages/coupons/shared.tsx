import { Space, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import type { CloudService, CouponKind, CouponQuotaState, CouponState, OrderState } from '../../gql/graphql';
import { useI18n } from '../../i18n/useI18n';
import { hasMessage, type MessageKey } from '../../i18n/messages';
import { formatDate, formatMoney } from '../../lib/format';

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

const QUOTA_COLORS: Record<CouponQuotaState, string> = {
  NORMAL: 'green',
  INVALID: 'default',
  ADJUSTING: 'gold',
  FROZEN: 'blue',
  RECLAIMED: 'default',
};
const COUPON_COLORS: Record<CouponState, string> = {
  NOT_ACTIVATED: 'gold',
  USABLE: 'green',
  USED: 'default',
  EXPIRED: 'default',
  RECLAIMED: 'volcano',
};
const ORDER_COLORS: Record<OrderState, string> = {
  AWAITING_PAYMENT: 'gold',
  AWAITING_PARTNER_PAYMENT: 'orange',
  PAID: 'green',
  CANCELLED: 'default',
  REFUNDED: 'purple',
};

export function QuotaStateTag({ state }: { state: CouponQuotaState }) {
  const { t } = useI18n();
  return (
    <Tag color={QUOTA_COLORS[state]} bordered={false} data-testid="quota-state" data-state={state}>
      {t(key(`coupons.quotaState.${state}`))}
    </Tag>
  );
}

export function CouponStateTag({ state }: { state: CouponState }) {
  const { t } = useI18n();
  return (
    <Tag color={COUPON_COLORS[state]} bordered={false} data-testid="coupon-state" data-state={state}>
      {t(key(`coupons.state.${state}`))}
    </Tag>
  );
}

export function OrderStateTag({ state }: { state: OrderState }) {
  const { t } = useI18n();
  return (
    <Tag color={ORDER_COLORS[state]} bordered={false} data-testid="order-state" data-state={state}>
      {t(key(`coupons.orderState.${state}`))}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: CouponKind }) {
  const { t } = useI18n();
  return (
    <Tag color={kind === 'VOUCHER' ? 'magenta' : 'cyan'} data-testid="coupon-kind" data-kind={kind}>
      {t(key(`coupons.kind.${kind}`))}
    </Tag>
  );
}

export function ScopeTags({ scope }: { scope: readonly CloudService[] }) {
  const { t } = useI18n();
  if (!scope.length) return <Typography.Text type="secondary">{t('coupons.allProducts')}</Typography.Text>;
  return (
    <Space size={[0, 4]} wrap>
      {scope.map((s) => (
        <Tag key={s} bordered={false}>
          {s}
        </Tag>
      ))}
    </Space>
  );
}

export function Validity({ from, until }: { from: string; until: string }) {
  const { locale } = useI18n();
  return (
    <span className="pc-nowrap">
      {formatDate(from, locale)} ~ {formatDate(until, locale)}
    </span>
  );
}

export const CLOUD_SERVICES: CloudService[] = ['ECS', 'EVS', 'VPC', 'EIP'];
export const COUPON_KINDS: CouponKind[] = ['VOUCHER', 'CASH'];
export const COUPON_STATES: CouponState[] = ['NOT_ACTIVATED', 'USABLE', 'USED', 'EXPIRED', 'RECLAIMED'];
export const QUOTA_STATES: CouponQuotaState[] = ['NORMAL', 'FROZEN', 'ADJUSTING', 'INVALID', 'RECLAIMED'];
