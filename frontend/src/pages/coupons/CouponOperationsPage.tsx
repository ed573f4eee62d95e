import { Card, Select, Space, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { ConnectionPager } from '../../components/ConnectionPager';
import { ErrorResult } from '../../components/ErrorResult';
import { RevealProvider } from '../../components/RevealProvider';
import { CouponOperationsDocument, type CouponOperationKind, type CouponOperationsQuery } from '../../gql/graphql';
import { useCursorPaging } from '../../hooks/useCursorPaging';
import { useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { formatDateTime } from '../../lib/format';
import { KindTag } from './shared';
import { key, useMoney } from './couponsUtil';

type Row = CouponOperationsQuery['couponOperations']['edges'][number]['node'];

const KINDS: CouponOperationKind[] = [
  'QUOTA_GRANT',
  'QUOTA_ADJUST',
  'QUOTA_FREEZE',
  'QUOTA_UNFREEZE',
  'SUBQUOTA_GRANT',
  'SUBQUOTA_RECLAIM',
  'QUOTA_EXPIRE',
  'ISSUE',
  'ACTIVATE',
  'REDEEM',
  'RESTORE',
  'RECLAIM',
  'EXPIRE',
  'SIGNING_ENTITY_RETURN',
];

export function CouponOperationsPage() {
  return (
    <RevealProvider>
      <CouponOperationsView />
    </RevealProvider>
  );
}

function CouponOperationsView() {
  const { t, locale } = useI18n();
  const money = useMoney();
  const paging = useCursorPaging(20);
  const [kind, setKind] = useState<CouponOperationKind | undefined>();
  const { data, error, loading, refetch } = useQuery(CouponOperationsDocument, {
    ...paging.vars,
    filter: { kinds: kind ? [kind] : null },
  });
  const columns: TableProps<Row>['columns'] = [
    { key: 'at', title: t('coupons.field.at'), render: (_: unknown, r) => formatDateTime(r.at, locale) },
    {
      key: 'kind',
      title: t('coupons.field.operation'),
      render: (_: unknown, r) => <span data-testid="operation-kind" data-kind={r.kind}>{t(key(`coupons.operation.${r.kind}`))}</span>,
    },
    { key: 'couponKind', title: t('coupons.field.kind'), render: (_: unknown, r) => (r.couponKind ? <KindTag kind={r.couponKind} /> : t('coupons.field.quota')) },
    { key: 'amount', title: t('coupons.field.amount'), align: 'right', render: (_: unknown, r) => money(r.amount) },
    { key: 'customer', title: t('coupons.field.customer'), render: (_: unknown, r) => r.customer?.name ?? t('common.none') },
    { key: 'actor', title: t('coupons.field.actor'), render: (_: unknown, r) => r.actor?.name ?? t('coupons.system') },
  ];
  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;
  const conn = data?.couponOperations;
  return (
    <div data-testid="coupon-operations-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('coupons.operations.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('coupons.operations.subtitle')}</Typography.Text>
        </div>
      </div>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('coupons.operations.allKinds')}
            value={kind}
            onChange={(v) => {
              setKind(v);
              paging.reset();
            }}
            options={KINDS.map((k) => ({ value: k, label: t(key(`coupons.operation.${k}`)) }))}
          />
        </Space>
        <Table
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={conn?.edges.map((e) => e.node) ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="operations-table"
        />
        <ConnectionPager conn={conn} paging={paging} loading={loading} />
      </Card>
    </div>
  );
}
