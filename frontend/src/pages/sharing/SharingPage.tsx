import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Select, Space, Switch, Table, Tabs, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ConnectionPager } from '../../components/ConnectionPager';
import { DateCell } from '../../components/DateCell';
import { ErrorResult } from '../../components/ErrorResult';
import { MaskedText, RevealAllToggle } from '../../components/MaskedText';
import { RevealProvider } from '../../components/RevealProvider';
import {
  PartnerSharedOpportunitiesDocument,
  VendorSharedOpportunitiesDocument,
  type HoState,
  type PartnerSharedOpportunitiesQuery,
  type PoState,
  type SupportKind,
  type VendorSharedOpportunitiesQuery,
} from '../../gql/graphql';
import { useCursorPaging } from '../../hooks/useCursorPaging';
import { useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage } from '../../lib/errors';
import { useSession } from '../../session/context';
import { DeadlineCell } from './DeadlineCell';
import { HO_STATE_COLORS, HO_STATES, PO_STATE_COLORS, PO_STATES, SUPPORT_KINDS } from './sharingEnums';
import { DeliveryModal } from './DeliveryModal';
import { ShareHoModal } from './ShareHoModal';
import { ValidatePoModal } from './ValidatePoModal';

type HoRow = VendorSharedOpportunitiesQuery['vendorSharedOpportunities']['nodes'][number];
type PoRow = PartnerSharedOpportunitiesQuery['partnerSharedOpportunities']['nodes'][number];

/** 销售 → 机会点共享: tabs 由华为共享 (HO) and 共享给华为 (PO); vendor PDMs see the HOs they shared and
 * the POs partners shared, with states and deadlines. */
export function SharingPage() {
  const { t } = useI18n();
  const { caps } = useSession();
  const [params, setParams] = useSearchParams();
  const vendor = caps.vendorSharing;
  const tab = caps.sharingHo && params.get('tab') !== 'po' ? 'ho' : 'po';
  const items = [
    ...(caps.sharingHo
      ? [{ key: 'ho', label: <span data-testid="tab-ho">{t(vendor ? 'sharing.tab.hoVendor' : 'sharing.tab.ho')}</span> }]
      : []),
    { key: 'po', label: <span data-testid="tab-po">{t(vendor ? 'sharing.tab.poVendor' : 'sharing.tab.po')}</span> },
  ];
  return (
    <div data-testid="sharing-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('sharing.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t(vendor ? 'sharing.subtitle.vendor' : 'sharing.subtitle')}</Typography.Text>
        </div>
      </div>
      <Tabs activeKey={tab} items={items} onChange={(key) => setParams(key === 'po' ? { tab: 'po' } : {})} />
      <RevealProvider>{tab === 'ho' ? <HoTab /> : <PoTab />}</RevealProvider>
    </div>
  );
}

function HoTab() {
  const { t } = useI18n();
  const { caps } = useSession();
  const paging = useCursorPaging();
  const [states, setStates] = useState<HoState[]>([]);
  const [shareOpen, setShareOpen] = useState(false);
  const { data, error, loading, refetch } = useQuery(VendorSharedOpportunitiesDocument, {
    ...paging.vars,
    filter: states.length ? { states } : undefined,
  });
  const conn = data?.vendorSharedOpportunities;
  const rows = conn?.nodes ?? [];
  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;

  const columns: NonNullable<TableProps<HoRow>['columns']> = [
    {
      key: 'title',
      title: t('sharing.ho.title'),
      width: 160,
      ellipsis: true,
      render: (_: unknown, r: HoRow) => (
        <Link to={`/sharing/ho/${encodeURIComponent(r.id)}`} data-testid="ho-link">
          {r.title}
        </Link>
      ),
    },
    {
      key: 'customer',
      title: <RevealAllToggle field="NAME" records={rows} testId="reveal-page-ho-customer" label={t('sharing.ho.customer')} />,
      width: 170,
      render: (_: unknown, r: HoRow) => (
        <MaskedText id={r.id} field="NAME" value={r.customerName} rights={r} testId="ho-customer" />
      ),
    },
    ...(caps.vendorSharing
      ? [{ key: 'partner', title: t('sharing.ho.partner'), width: 150, ellipsis: true, render: (_: unknown, r: HoRow) => r.partner?.name }]
      : []),
    { key: 'industry', title: t('sharing.ho.industry'), width: 80, render: (_: unknown, r: HoRow) => t(`industry.${r.industry}`) },
    { key: 'region', title: t('sharing.ho.region'), width: 70, dataIndex: 'region' },
    { key: 'need', title: t('sharing.ho.need'), width: 180, ellipsis: true, dataIndex: 'need' },
    {
      key: 'state',
      title: t('sharing.ho.state'),
      width: 130,
      render: (_: unknown, r: HoRow) => (
        <Space size={2} direction="vertical">
          <Tag color={HO_STATE_COLORS[r.state]} data-testid="ho-state" data-state={r.state}>
            {t(`sharing.hoState.${r.state}`)}
          </Tag>
          {r.rejectReason && <Typography.Text type="secondary">{t(`sharing.hoReason.${r.rejectReason}`)}</Typography.Text>}
        </Space>
      ),
    },
    {
      key: 'deadline',
      title: t('sharing.ho.deadline'),
      width: 160,
      render: (_: unknown, r: HoRow) => <DeadlineCell iso={r.deadlineAt} open={r.state === 'PENDING'} testId="ho-deadline" />,
    },
    { key: 'sharedAt', title: t('sharing.ho.sharedAt'), width: 110, render: (_: unknown, r: HoRow) => <DateCell iso={r.sharedAt} /> },
  ];

  return (
    <Card className="pc-table-card" size="small" data-testid="ho-tab">
      <Space style={{ marginBottom: 12 }} wrap>
        <Select<HoState[]>
          mode="multiple"
          allowClear
          style={{ minWidth: 220 }}
          placeholder={t('sharing.filter.state')}
          value={states}
          onChange={(v) => {
            setStates(v);
            paging.reset();
          }}
          options={HO_STATES.map((s) => ({ value: s, label: t(`sharing.hoState.${s}`) }))}
          data-testid="ho-filter-state"
        />
        <Button icon={<ReloadOutlined />} onClick={refetch}>
          {t('common.refresh')}
        </Button>
        {caps.vendorSharing && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setShareOpen(true)} data-testid="ho-share">
            {t('sharing.ho.share')}
          </Button>
        )}
      </Space>
      {!caps.vendorSharing && <Alert type="info" showIcon message={t('sharing.ho.handleHint')} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon message={requestErrorMessage(t, error)} style={{ marginBottom: 12 }} />}
      <Table<HoRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: caps.vendorSharing ? 1210 : 1060 }}
        locale={{ emptyText: <Empty description={t('sharing.ho.empty')} /> }}
        data-testid="ho-table"
      />
      <ConnectionPager conn={conn} paging={paging} loading={loading} />
      {caps.vendorSharing && <ShareHoModal open={shareOpen} onClose={() => setShareOpen(false)} onDone={refetch} />}
    </Card>
  );
}

function PoTab() {
  const { t } = useI18n();
  const { caps } = useSession();
  const paging = useCursorPaging();
  const [states, setStates] = useState<PoState[]>([]);
  const [kinds, setKinds] = useState<SupportKind[]>([]);
  const [duplicate, setDuplicate] = useState(false);
  const [validating, setValidating] = useState<{ row: PoRow; decision: 'APPROVE' | 'REJECT' } | null>(null);
  const [delivering, setDelivering] = useState<PoRow | null>(null);
  const { data, error, loading, refetch } = useQuery(PartnerSharedOpportunitiesDocument, {
    ...paging.vars,
    filter: {
      ...(states.length ? { states } : {}),
      ...(kinds.length ? { supportKinds: kinds } : {}),
      ...(duplicate ? { duplicate: true } : {}),
    },
  });
  const conn = data?.partnerSharedOpportunities;
  const rows = conn?.nodes ?? [];
  const customers = rows.flatMap((r) => (r.customer ? [r.customer] : []));
  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;

  const columns: NonNullable<TableProps<PoRow>['columns']> = [
    {
      key: 'opportunity',
      title: t('sharing.po.opportunity'),
      width: 160,
      ellipsis: true,
      render: (_: unknown, r: PoRow) =>
        r.opportunity ? (
          <Link to={`/opportunities/${encodeURIComponent(r.opportunity.id)}`} data-testid="po-opportunity">
            {r.opportunity.name}
          </Link>
        ) : (
          t('common.none')
        ),
    },
    {
      key: 'customer',
      title: <RevealAllToggle field="NAME" records={customers} testId="reveal-page-po-customer" label={t('sharing.po.customer')} />,
      width: 170,
      render: (_: unknown, r: PoRow) =>
        r.customer ? (
          <MaskedText id={r.customer.id} field="NAME" value={r.customer.name} rights={r.customer} testId="po-customer" />
        ) : (
          t('common.none')
        ),
    },
    ...(caps.vendorSharing
      ? [{ key: 'partner', title: t('sharing.po.partner'), width: 150, ellipsis: true, dataIndex: 'partnerName' }]
      : []),
    {
      key: 'supportKind',
      title: t('sharing.po.supportKind'),
      width: 110,
      render: (_: unknown, r: PoRow) => t(`sharing.supportKind.${r.supportKind}`),
    },
    { key: 'need', title: t('sharing.po.need'), width: 160, ellipsis: true, dataIndex: 'need' },
    {
      key: 'state',
      title: t('sharing.po.state'),
      width: 170,
      render: (_: unknown, r: PoRow) => (
        <Space size={2} direction="vertical" data-testid="po-state-cell">
          <Space size={4} wrap>
            <Tag color={PO_STATE_COLORS[r.state]} data-testid="po-state" data-state={r.state}>
              {t(`sharing.poState.${r.state}`)}
            </Tag>
            {r.isDuplicate && (
              <Tooltip title={t('sharing.po.duplicateTip')}>
                <Tag color="orange" data-testid="po-duplicate">
                  {t('sharing.po.duplicate')}
                </Tag>
              </Tooltip>
            )}
            {r.deliveredAt && <Tag color="blue">{t('sharing.po.delivered')}</Tag>}
          </Space>
          {r.rejection && <Typography.Text type="secondary">{t(`sharing.poRejection.${r.rejection}`)}</Typography.Text>}
          {r.rejectReason && (
            <Typography.Text type="secondary" ellipsis={{ tooltip: r.rejectReason }} style={{ maxWidth: 150 }} data-testid="po-reject-reason">
              {r.rejectReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'deadline',
      title: t('sharing.po.deadline'),
      width: 160,
      render: (_: unknown, r: PoRow) => <DeadlineCell iso={r.deadlineAt} open={r.state === 'PENDING'} testId="po-deadline" />,
    },
    { key: 'sharedAt', title: t('sharing.po.sharedAt'), width: 110, render: (_: unknown, r: PoRow) => <DateCell iso={r.sharedAt} /> },
    ...(caps.vendorSharing
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 130,
            fixed: 'right' as const,
            render: (_: unknown, r: PoRow) =>
              r.viewerCanValidate ? (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => setValidating({ row: r, decision: 'APPROVE' })} data-testid="po-approve">
                    {t('sharing.po.approve')}
                  </Button>
                  <Button size="small" type="link" danger onClick={() => setValidating({ row: r, decision: 'REJECT' })} data-testid="po-reject">
                    {t('sharing.po.reject')}
                  </Button>
                </Space>
              ) : r.state === 'APPROVED' && !r.deliveredAt ? (
                <Button size="small" type="link" onClick={() => setDelivering(r)} data-testid="po-record-delivery">
                  {t('sharing.po.recordDelivery')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card className="pc-table-card" size="small" data-testid="po-tab">
      <Space style={{ marginBottom: 12 }} wrap>
        <Select<PoState[]>
          mode="multiple"
          allowClear
          style={{ minWidth: 200 }}
          placeholder={t('sharing.filter.state')}
          value={states}
          onChange={(v) => {
            setStates(v);
            paging.reset();
          }}
          options={PO_STATES.map((s) => ({ value: s, label: t(`sharing.poState.${s}`) }))}
          data-testid="po-filter-state"
        />
        <Select<SupportKind[]>
          mode="multiple"
          allowClear
          style={{ minWidth: 220 }}
          placeholder={t('sharing.filter.supportKind')}
          value={kinds}
          onChange={(v) => {
            setKinds(v);
            paging.reset();
          }}
          options={SUPPORT_KINDS.map((s) => ({ value: s, label: t(`sharing.supportKind.${s}`) }))}
        />
        <Space size={6}>
          <Switch
            size="small"
            checked={duplicate}
            onChange={(v) => {
              setDuplicate(v);
              paging.reset();
            }}
          />
          <Typography.Text>{t('sharing.filter.duplicate')}</Typography.Text>
        </Space>
        <Button icon={<ReloadOutlined />} onClick={refetch}>
          {t('common.refresh')}
        </Button>
      </Space>
      {!caps.vendorSharing && <Alert type="info" showIcon message={t('sharing.po.shareHint')} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon message={requestErrorMessage(t, error)} style={{ marginBottom: 12 }} />}
      <Table<PoRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: caps.vendorSharing ? 1300 : 1040 }}
        locale={{ emptyText: <Empty description={t('sharing.po.empty')} /> }}
        data-testid="po-table"
      />
      <ConnectionPager conn={conn} paging={paging} loading={loading} />
      {delivering && (
        <DeliveryModal
          po={delivering}
          onClose={() => setDelivering(null)}
          onDone={() => {
            setDelivering(null);
            refetch();
          }}
        />
      )}
      {validating && (
        <ValidatePoModal
          po={validating.row}
          decision={validating.decision}
          onClose={() => setValidating(null)}
          onDone={() => {
            setValidating(null);
            refetch();
          }}
        />
      )}
    </Card>
  );
}
