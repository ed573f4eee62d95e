import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Input, Modal, Popconfirm, Radio, Space, Spin, Table, Typography, type TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ConnectionPager } from '../../components/ConnectionPager';
import { ErrorResult } from '../../components/ErrorResult';
import {
  OrderApplicableCouponsDocument,
  OrderCancelDocument,
  OrderPayDocument,
  OrderPayOnBehalfDocument,
  OrderRefundDocument,
  OrdersDocument,
  type CouponFieldsFragment,
  type OrdersQuery,
} from '../../gql/graphql';
import { useCursorPaging } from '../../hooks/useCursorPaging';
import { useMutation, useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage, userErrorMessage, type UserErrorLike } from '../../lib/errors';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { useSession } from '../../session/context';
import { KindTag, OrderStateTag, ScopeTags } from './shared';
import { cents, newIdempotencyKey, splitPayment, testId, useMoney } from './couponsUtil';

type Row = OrdersQuery['orders']['edges'][number]['node'];

/** The customer's orders (pay, cancel, refund) or, for the partner, its customers' orders (代支付). */
export function OrdersPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { caps } = useSession();
  const money = useMoney();
  const paging = useCursorPaging(20);
  const [params, setParams] = useSearchParams();
  const { data, error, loading, refetch } = useQuery(OrdersDocument, { ...paging.vars });
  const [paying, setPaying] = useState<Row | null>(null);
  const [payingOnBehalf, setPayingOnBehalf] = useState<Row | null>(null);
  const [cancel] = useMutation(OrderCancelDocument);
  const [refund] = useMutation(OrderRefundDocument);
  const rows = useMemo(() => data?.orders.edges.map((e) => e.node) ?? [], [data]);

  // Arriving from the catalogue with ?pay=<order id>: the payment dialog opens once the order is listed.
  const wanted = params.get('pay');
  const fromUrl = wanted ? (rows.find((r) => r.id === wanted && r.viewerCanPay) ?? null) : null;
  const dialogOrder = paying ?? fromUrl;
  const closeDialog = () => {
    setPaying(null);
    if (wanted) setParams({}, { replace: true });
  };

  const act = async (run: () => Promise<{ userErrors: readonly UserErrorLike[] }>, ok: string) => {
    try {
      const res = await run();
      if (res.userErrors.length) message.error(userErrorMessage(t, locale, res.userErrors[0]));
      else message.success(ok);
      refetch();
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  const columns: TableProps<Row>['columns'] = [
    { key: 'createdAt', title: t('coupons.orders.createdAt'), render: (_: unknown, r) => formatDateTime(r.createdAt, locale) },
    ...(caps.placeOrders ? [] : [{ key: 'customer', title: t('coupons.field.customer'), render: (_: unknown, r: Row) => r.customer?.name ?? t('common.none') }]),
    {
      key: 'products',
      title: t('coupons.orders.products'),
      render: (_: unknown, r) => (
        <Space direction="vertical" size={0}>
          {r.lines.map((l, i) => (
            <span key={i}>
              {t('coupons.orders.lineText', {
                name: l.product ? (locale === 'zh-CN' ? l.product.name : l.product.nameEn) : l.service,
                quantity: l.quantity,
                months: l.months,
              })}
            </span>
          ))}
        </Space>
      ),
    },
    { key: 'amount', title: t('coupons.order.total'), align: 'right', render: (_: unknown, r) => <span data-testid="order-amount">{money(r.amount)}</span> },
    { key: 'state', title: t('coupons.field.state'), render: (_: unknown, r) => <OrderStateTag state={r.state} /> },
    {
      key: 'paid',
      title: t('coupons.pay.title'),
      render: (_: unknown, r) =>
        r.payments
          .filter((p) => p)
          .map((p) => (
            <Typography.Text key={p.id} type="secondary" data-testid="order-paid-by">
              {t('coupons.orders.paidBy', { voucher: money(p.voucherAmount), cash: money(p.cashCouponAmount), balance: money(p.balanceAmount) })}
            </Typography.Text>
          )),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={0} wrap>
          {r.viewerCanPay && (
            <Button type="primary" size="small" onClick={() => setPaying(r)} data-testid="order-pay">
              {t('coupons.orders.pay')}
            </Button>
          )}
          {r.viewerCanPayOnBehalf && (
            <Button type="primary" size="small" onClick={() => setPayingOnBehalf(r)} data-testid="order-pay-on-behalf">
              {t('coupons.orders.payOnBehalf')}
            </Button>
          )}
          {r.viewerCanCancel && (
            <Button
              type="link"
              size="small"
              onClick={() => act(async () => (await cancel({ input: { orderId: r.id } })).orderCancel, t('coupons.orders.cancelled'))}
              data-testid="order-cancel"
            >
              {t('coupons.orders.cancel')}
            </Button>
          )}
          {r.viewerCanRefund && (
            <Popconfirm
              title={t('coupons.orders.refund')}
              description={t('coupons.orders.refundConfirm')}
              okButtonProps={testId('order-refund-confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                act(async () => (await refund({ input: { orderId: r.id, idempotencyKey: newIdempotencyKey() } })).orderRefund, t('coupons.orders.refunded'))
              }
            >
              <Button type="link" size="small" data-testid="order-refund">
                {t('coupons.orders.refund')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;
  const conn = data?.orders;
  return (
    <div data-testid="orders-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {caps.placeOrders ? t('coupons.orders.title') : t('coupons.orders.partnerTitle')}
          </Typography.Title>
          <Typography.Text type="secondary">{caps.placeOrders ? t('coupons.orders.subtitle') : t('coupons.orders.partnerSubtitle')}</Typography.Text>
        </div>
      </div>
      <Card>
        <Table rowKey="id" size="middle" loading={loading} columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} data-testid="orders-table" />
        <ConnectionPager conn={conn} paging={paging} loading={loading} />
      </Card>
      {payingOnBehalf && (
        <PayOnBehalfDialog
          order={payingOnBehalf}
          onClose={() => setPayingOnBehalf(null)}
          onPaid={() => {
            setPayingOnBehalf(null);
            refetch();
          }}
        />
      )}
      {dialogOrder && (
        <PayOrderDialog
          order={dialogOrder}
          onClose={closeDialog}
          onPaid={() => {
            closeDialog();
            refetch();
          }}
        />
      )}
    </div>
  );
}

function PayOrderDialog({ order, onClose, onPaid }: { order: Row; onClose: () => void; onPaid: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const money = useMoney();
  const { data, loading } = useQuery(OrderApplicableCouponsDocument, { orderId: order.id });
  const [pay, { loading: paying }] = useMutation(OrderPayDocument);
  const [voucherId, setVoucherId] = useState<string>('');
  const [cashIds, setCashIds] = useState<string[]>([]);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [failure, setFailure] = useState<string | null>(null);
  const coupons = data?.orderApplicableCoupons ?? [];
  const vouchers = coupons.filter((c) => c.kind === 'VOUCHER');
  const cash = coupons.filter((c) => c.kind === 'CASH');
  const chosenCash = cash.filter((c) => cashIds.includes(c.id));
  const { voucherPart, cashPart, balancePart } = splitPayment(
    cents(order.amount.amount),
    vouchers.find((v) => v.id === voucherId),
    chosenCash,
  );
  const currency = order.amount.currency;
  const fmt = (c: number) => formatMoney((c / 100).toFixed(2), currency, locale);
  const balance = data?.customerBalance;
  const short = balance ? cents(balance.amount) < balancePart : false;

  const submit = async () => {
    setFailure(null);
    try {
      const res = await pay({ input: { orderId: order.id, idempotencyKey, voucherId: voucherId || null, cashCouponIds: cashIds } });
      const errs = res.orderPay.userErrors;
      if (errs.length) {
        setFailure(errs[0].code === 'INSUFFICIENT_BALANCE' ? t('coupons.pay.insufficient') : userErrorMessage(t, locale, errs[0]));
        return;
      }
      message.success(t('coupons.orders.paid'));
      onPaid();
    } catch (err) {
      setFailure(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  const line = (c: CouponFieldsFragment) => (
    <Space size={6} wrap>
      <KindTag kind={c.kind} />
      <span>
        {t('coupons.pay.couponLine', {
          face: money(c.faceValue),
          remaining: money(c.remaining),
          until: formatDate(c.validUntil, locale),
        })}
      </span>
      <ScopeTags scope={c.productScope} />
      {Number(c.minOrderAmount.amount) > 0 && (
        <Typography.Text type="secondary">{t('coupons.pay.minimum', { amount: money(c.minOrderAmount) })}</Typography.Text>
      )}
    </Space>
  );

  return (
    <Modal
      open
      width={680}
      title={t('coupons.pay.title')}
      onCancel={onClose}
      onOk={submit}
      okText={t('coupons.pay.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={paying}
      okButtonProps={testId('pay-submit')}
      destroyOnClose
    >
      {loading && !data ? (
        <Spin />
      ) : (
        <div data-testid="pay-dialog">
          <Typography.Title level={5}>{t('coupons.pay.voucher')}</Typography.Title>
          {vouchers.length ? (
            <Radio.Group value={voucherId} onChange={(e) => setVoucherId(e.target.value as string)}>
              <Space direction="vertical">
                <Radio value="" data-testid="pay-no-voucher">
                  {t('coupons.pay.noVoucher')}
                </Radio>
                {vouchers.map((v) => (
                  <Radio key={v.id} value={v.id} data-testid="pay-voucher-option" data-coupon-id={v.id}>
                    {line(v)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coupons.pay.noneApplicable')} />
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('coupons.pay.cash')}
          </Typography.Title>
          {cash.length ? (
            <Checkbox.Group value={cashIds} onChange={(v) => setCashIds(v as string[])}>
              <Space direction="vertical">
                {cash.map((c) => (
                  <Checkbox key={c.id} value={c.id} data-testid="pay-cash-option" data-coupon-id={c.id}>
                    {line(c)}
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coupons.pay.noneApplicable')} />
          )}
          <Descriptions bordered size="small" column={1} style={{ marginTop: 16 }} data-testid="pay-summary">
            <Descriptions.Item label={t('coupons.pay.orderAmount')}>{money(order.amount)}</Descriptions.Item>
            <Descriptions.Item label={t('coupons.pay.voucherPart')}>
              <span data-testid="pay-voucher-part">-{fmt(voucherPart)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('coupons.pay.cashPart')}>
              <span data-testid="pay-cash-part">-{fmt(cashPart)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('coupons.pay.balancePart')}>
              <Space>
                <strong data-testid="pay-balance-part">{fmt(balancePart)}</strong>
                {balance && <Typography.Text type={short ? 'danger' : 'secondary'}>{t('coupons.pay.balance', { amount: money(balance) })}</Typography.Text>}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          {failure && <Alert type="error" showIcon style={{ marginTop: 12 }} message={failure} data-testid="pay-error" />}
        </div>
      )}
    </Modal>
  );
}

/** 代支付: the partner confirms paying the order from its account; asks for the second-factor code
 * when the partner requires one. One idempotency key per dialog, so a retry never pays twice. */
function PayOnBehalfDialog({ order, onClose, onPaid }: { order: Row; onClose: () => void; onPaid: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const money = useMoney();
  const [payOnBehalf, { loading }] = useMutation(OrderPayOnBehalfDocument);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [needTotp, setNeedTotp] = useState(false);
  const [code, setCode] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async () => {
    setFailure(null);
    try {
      const res = await payOnBehalf({ input: { orderId: order.id, idempotencyKey, totpCode: code.trim() || null } });
      const errs = res.orderPayOnBehalf.userErrors;
      if (errs.length) {
        if (errs[0].code.startsWith('TOTP_')) setNeedTotp(true);
        setFailure(userErrorMessage(t, locale, errs[0]));
        return;
      }
      message.success(t('coupons.orders.paid'));
      onPaid();
    } catch (err) {
      setFailure(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };
  return (
    <Modal
      open
      title={t('coupons.orders.payOnBehalf')}
      onCancel={onClose}
      onOk={submit}
      okText={t('coupons.pay.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      okButtonProps={testId('order-pay-on-behalf-confirm')}
      destroyOnClose
    >
      <Typography.Paragraph>{t('coupons.orders.payOnBehalfConfirm', { amount: money(order.amount) })}</Typography.Paragraph>
      {needTotp && (
        <Space direction="vertical">
          <Typography.Text type="secondary">{t('coupons.totp.hint')}</Typography.Text>
          <Input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            maxLength={6}
            inputMode="numeric"
            autoComplete="one-time-code"
            placeholder={t('coupons.totp.label')}
            style={{ width: 160 }}
            data-testid="pay-on-behalf-totp"
          />
        </Space>
      )}
      {failure && <Alert type="error" showIcon style={{ marginTop: 12 }} message={failure} data-testid="pay-on-behalf-error" />}
    </Modal>
  );
}
