import { App, Button, Card, Popconfirm, Select, Space, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { ConnectionPager } from '../../components/ConnectionPager';
import { ErrorResult } from '../../components/ErrorResult';
import { MaskedText } from '../../components/MaskedText';
import { RevealProvider } from '../../components/RevealProvider';
import {
  CouponReclaimDocument,
  IssuedCouponsDocument,
  type CouponKind,
  type CouponState,
  type IssuedCouponsQuery,
} from '../../gql/graphql';
import { useCursorPaging } from '../../hooks/useCursorPaging';
import { useMutation, useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage, userErrorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { CouponStateTag, KindTag, ScopeTags, Validity } from './shared';
import { COUPON_KINDS, COUPON_STATES, key, testId, useMoney } from './couponsUtil';

type Row = IssuedCouponsQuery['coupons']['edges'][number]['node'];

export function IssuedCouponsPage() {
  return (
    <RevealProvider>
      <IssuedCouponsView />
    </RevealProvider>
  );
}

function IssuedCouponsView() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const money = useMoney();
  const paging = useCursorPaging(20);
  const [kind, setKind] = useState<CouponKind | undefined>();
  const [state, setState] = useState<CouponState | undefined>();
  const filter = { kinds: kind ? [kind] : null, states: state ? [state] : null };
  const { data, error, loading, refetch } = useQuery(IssuedCouponsDocument, { ...paging.vars, filter });
  const [reclaim] = useMutation(CouponReclaimDocument);

  const onReclaim = async (r: Row) => {
    try {
      const res = await reclaim({ input: { couponId: r.id } });
      const errs = res.couponReclaim.userErrors;
      if (errs.length) message.error(userErrorMessage(t, locale, errs[0]));
      else message.success(t('coupons.issued.reclaimed'));
      refetch();
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  const columns: TableProps<Row>['columns'] = [
    {
      key: 'customer',
      title: t('coupons.field.customer'),
      render: (_: unknown, r) =>
        r.customer ? (
          <MaskedText id={r.customer.id} field="NAME" value={r.customer.name} rights={r.customer} testId="coupon-customer" />
        ) : (
          t('common.none')
        ),
    },
    { key: 'kind', title: t('coupons.field.kind'), render: (_: unknown, r) => <KindTag kind={r.kind} /> },
    { key: 'face', title: t('coupons.field.faceValue'), align: 'right', render: (_: unknown, r) => money(r.faceValue) },
    {
      key: 'remaining',
      title: t('coupons.field.remaining'),
      align: 'right',
      render: (_: unknown, r) => <span data-testid="coupon-remaining">{money(r.remaining)}</span>,
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
    { key: 'state', title: t('coupons.field.state'), render: (_: unknown, r) => <CouponStateTag state={r.state} /> },
    {
      key: 'memo',
      title: t('coupons.field.memo'),
      render: (_: unknown, r) =>
        r.memo != null ? (
          <span data-testid="coupon-memo">{r.memo || t('common.none')}</span>
        ) : (
          <Typography.Text type="secondary">{t('coupons.memoHidden')}</Typography.Text>
        ),
    },
    { key: 'issuedAt', title: t('coupons.field.issuedAt'), render: (_: unknown, r) => formatDateTime(r.issuedAt, locale) },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, r) =>
        r.viewerCanReclaim ? (
          <Popconfirm
            title={t('coupons.issued.reclaim')}
            description={t('coupons.issued.reclaimConfirm', { amount: money(r.remaining) })}
            okButtonProps={{ danger: true, ...testId('coupon-reclaim-confirm') }}
            cancelText={t('common.cancel')}
            onConfirm={() => onReclaim(r)}
          >
            <Button type="link" size="small" danger data-testid="coupon-reclaim">
              {t('coupons.issued.reclaim')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;
  const conn = data?.coupons;
  return (
    <div data-testid="issued-coupons-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('coupons.issued.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('coupons.issued.subtitle')}</Typography.Text>
        </div>
      </div>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('coupons.quotas.allKinds')}
            value={kind}
            onChange={(v) => {
              setKind(v);
              paging.reset();
            }}
            options={COUPON_KINDS.map((k) => ({ value: k, label: t(key(`coupons.kind.${k}`)) }))}
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('coupons.quotas.allStates')}
            value={state}
            onChange={(v) => {
              setState(v);
              paging.reset();
            }}
            options={COUPON_STATES.map((s) => ({ value: s, label: t(key(`coupons.state.${s}`)) }))}
            data-testid="coupon-filter-state"
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
          data-testid="issued-table"
        />
        <ConnectionPager conn={conn} paging={paging} loading={loading} />
      </Card>
    </div>
  );
}
