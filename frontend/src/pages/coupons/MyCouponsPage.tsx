import { Card, Col, Row as AntRow, Statistic, Table, Tabs, Typography, type TableProps } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { ErrorResult } from '../../components/ErrorResult';
import { MyCouponsDocument, type CouponFieldsFragment, type CouponKind } from '../../gql/graphql';
import { useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { CouponStateTag, ScopeTags, Validity } from './shared';
import { useMoney } from './couponsUtil';

/** 费用与成本 → 优惠折扣: the customer's vouchers and cash coupons with state, value, remaining, validity. */
export function MyCouponsPage() {
  const { t } = useI18n();
  const money = useMoney();
  const [kind, setKind] = useState<CouponKind>('VOUCHER');
  const { data, error, loading, refetch } = useQuery(MyCouponsDocument, { first: 100, filter: { kinds: [kind] } });
  const usable = useQuery(MyCouponsDocument, { first: 1, filter: { states: ['USABLE'] } });
  const columns: TableProps<CouponFieldsFragment>['columns'] = [
    { key: 'face', title: t('coupons.field.faceValue'), align: 'right', render: (_: unknown, r) => money(r.faceValue) },
    {
      key: 'remaining',
      title: t('coupons.field.remaining'),
      align: 'right',
      render: (_: unknown, r) => <span data-testid="my-coupon-remaining">{money(r.remaining)}</span>,
    },
    { key: 'used', title: t('coupons.field.used'), align: 'right', render: (_: unknown, r) => money(r.used) },
    {
      key: 'min',
      title: t('coupons.field.minOrderAmount'),
      align: 'right',
      render: (_: unknown, r) => (Number(r.minOrderAmount.amount) > 0 ? money(r.minOrderAmount) : t('coupons.noMinimum')),
    },
    { key: 'scope', title: t('coupons.field.productScope'), render: (_: unknown, r) => <ScopeTags scope={r.productScope} /> },
    { key: 'validity', title: t('coupons.field.validity'), render: (_: unknown, r) => <Validity from={r.validFrom} until={r.validUntil} /> },
    { key: 'issuer', title: t('coupons.field.issuer'), render: (_: unknown, r) => r.issuer?.name ?? t('common.none') },
    { key: 'state', title: t('coupons.field.state'), render: (_: unknown, r) => <CouponStateTag state={r.state} /> },
  ];
  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;
  const rows = data?.coupons.edges.map((e) => e.node) ?? [];
  return (
    <div data-testid="my-coupons-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('coupons.mine.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('coupons.mine.subtitle')}</Typography.Text>
        </div>
      </div>
      <AntRow gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={12}>
          <Card>
            <Statistic
              title={t('coupons.mine.balance')}
              value={money(data?.customerBalance ?? null)}
              valueRender={(v) => <span data-testid="my-balance">{v}</span>}
            />
          </Card>
        </Col>
        <Col xs={24} sm={12}>
          <Card>
            <Statistic
              title={t('coupons.mine.usable')}
              value={usable.data?.coupons.totalCount ?? 0}
              valueRender={(v) => <span data-testid="my-usable-count">{v}</span>}
            />
          </Card>
        </Col>
      </AntRow>
      <Card>
        <Tabs
          activeKey={kind}
          onChange={(k) => setKind(k as CouponKind)}
          items={[
            { key: 'VOUCHER', label: <span data-testid="tab-vouchers">{t('coupons.mine.vouchers')}</span> },
            { key: 'CASH', label: <span data-testid="tab-cash">{t('coupons.mine.cash')}</span> },
          ]}
        />
        <Table
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="my-coupons-table"
          onRow={(r) => ({ 'data-coupon-id': r.id, 'data-state': r.state }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
    </div>
  );
}
