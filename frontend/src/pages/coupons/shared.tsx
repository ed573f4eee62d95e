import { Space, Tag, Typography } from 'antd';
import type { CloudService, CouponKind, CouponQuotaState, CouponState, OrderState } from '../../gql/graphql';
import { key } from './couponsUtil';
import { useI18n } from '../../i18n/useI18n';
import { formatDate } from '../../lib/format';

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
