import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined, TeamOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts';
import { ConnectionPager } from '../components/ConnectionPager';
import { CursorPager } from '../components/CursorPager';
import { CustomerSelect } from '../components/CustomerSelect';
import { ErrorResult } from '../components/ErrorResult';
import { FundsBatchDialog, type BatchCandidate } from '../components/FundsBatchDialog';
import { FundsMoveDialog, type MoveTarget } from '../components/FundsMoveDialog';
import { MaskedText } from '../components/MaskedText';
import { RevealProvider } from '../components/RevealProvider';
import {
  FundsAccountEntriesDocument,
  FundsAccountEntriesExportDocument,
  FundsAdjustmentsDocument,
  FundsAdjustmentsExportDocument,
  FundsCustomersDocument,
  FundsOverviewDocument,
  FundsResellersDocument,
  FundsSettingsUpdateDocument,
  type FundsAccountEntriesQuery,
  type FundsAccountEntryFilter,
  type FundsAdjustmentFieldsFragment,
  type FundsAdjustmentFilter,
  type FundsAdjustmentOperation,
  type FundsCustomersQuery,
  type LedgerTransactionKind,
} from '../gql/graphql';
import { useCursorPaging } from '../hooks/useCursorPaging';
import { useCustomerSearch } from '../hooks/useCustomerSearch';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage } from '../lib/errors';
import { formatDateTime, formatMoney } from '../lib/format';
import { downloadBase64, fundsErrorMessage } from '../lib/funds';
import { GraphQLClientError } from '../lib/graphqlClient';
import { useSession } from '../session/context';

const KINDS: LedgerTransactionKind[] = [
  'RECHARGE',
  'CREDIT_LINE',
  'CUSTOMER_DISBURSE',
  'CUSTOMER_RECOVER',
  'RESELLER_DISBURSE',
  'RESELLER_RECOVER',
  'ORDER_PARTNER_PAYMENT',
  'COUPON_ISSUE',
];

type CustomerRow = FundsCustomersQuery['fundsCustomers']['nodes'][number];
type EntryRow = FundsAccountEntriesQuery['fundsAccountEntries']['nodes'][number];

function range(v: [Dayjs | null, Dayjs | null] | null | undefined) {
  if (!v || (!v[0] && !v[1])) return undefined;
  return { from: v[0]?.startOf('day').toISOString() ?? null, to: v[1]?.endOf('day').toISOString() ?? null };
}

export function FundsPage() {
  return (
    <RevealProvider>
      <FundsPageInner />
    </RevealProvider>
  );
}

function FundsPageInner() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { caps } = useSession();
  const overview = useQuery(FundsOverviewDocument, { months: 12 });
  const [settingsUpdate, settingsUpdating] = useMutation(FundsSettingsUpdateDocument);
  const [tab, setTab] = useState('customers');
  const [move, setMove] = useState<{ op: FundsAdjustmentOperation; target: MoveTarget } | null>(null);
  const [batchOpen, setBatchOpen] = useState(false);
  const [recordsTick, setRecordsTick] = useState(0);
  const customersPaging = useCursorPaging(20);
  const [customerName, setCustomerName] = useState<string>('');
  const customers = useQuery(FundsCustomersDocument, { ...customersPaging.vars, name: customerName || null });
  const resellers = useQuery(FundsResellersDocument, {});
  const money = (v: string) => formatMoney(v, 'CNY', locale);

  const account = overview.data?.fundsAccount;
  const totp = overview.data?.totpStatus;
  const isAdmin = caps.fundsSettings;

  const refreshAll = () => {
    overview.refetch();
    customers.refetch();
    resellers.refetch();
    setRecordsTick((n) => n + 1);
  };

  const chartData = useMemo(
    () =>
      (account?.monthlyMovements ?? []).map((m) => ({
        month: m.month,
        inflow: Number(m.inflow.amount),
        outflow: Number(m.outflow.amount),
      })),
    [account],
  );

  if (overview.error && !overview.data) return <ErrorResult error={overview.error} onRetry={overview.refetch} />;

  const onToggleSecondFactor = async (required: boolean) => {
    try {
      const res = (await settingsUpdate({ input: { requireSecondFactor: required } })).fundsSettingsUpdate;
      if (res.userErrors.length) message.error(fundsErrorMessage(t, locale, res.userErrors[0]));
      else message.success(t(required ? 'funds.settings.on' : 'funds.settings.off'));
      overview.refetch();
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  const customerColumns: TableProps<CustomerRow>['columns'] = [
    {
      key: 'name',
      title: t('funds.field.customer'),
      render: (_, r) => (
        <MaskedText id={r.customer.id} field="NAME" value={r.customer.name} rights={r.customer} testId="funds-customer-name" />
      ),
    },
    {
      key: 'type',
      title: t('funds.field.associationType'),
      render: (_, r) => (
        <Tag color={r.customer.associationType === 'RESALE' ? 'blue' : 'default'} bordered={false}>
          {t(`associationType.${r.customer.associationType}`)}
        </Tag>
      ),
    },
    {
      key: 'balance',
      title: t('funds.field.unspentBalance'),
      align: 'right',
      render: (_, r) => <span data-testid="funds-customer-balance">{money(r.balance.amount)}</span>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, r) => {
        const target: MoveTarget = {
          kind: 'customer',
          id: r.customer.id,
          label: r.customer.name,
          balance: r.balance.amount,
        };
        const resale = r.customer.associationType === 'RESALE';
        return (
          <Space size={0}>
            <Tooltip title={resale ? undefined : t('funds.error.NOT_RESALE_CUSTOMER')}>
              <Button type="link" size="small" disabled={!resale} data-testid="funds-disburse" onClick={() => setMove({ op: 'DISBURSE', target })}>
                {t('funds.operation.DISBURSE')}
              </Button>
            </Tooltip>
            <Button type="link" size="small" disabled={!resale} data-testid="funds-recover" onClick={() => setMove({ op: 'RECOVER', target })}>
              {t('funds.operation.RECOVER')}
            </Button>
          </Space>
        );
      },
    },
  ];

  const customerNodes = customers.data?.fundsCustomers.nodes ?? [];
  const candidates: BatchCandidate[] = customerNodes
    .filter((r) => r.customer.associationType === 'RESALE')
    .map((r) => ({ id: r.customer.id, label: r.customer.name, text: r.customer.name, balance: r.balance.amount }));
  const resellerRows = resellers.data?.fundsResellers ?? [];

  const items = [
    {
      key: 'customers',
      label: t('funds.tab.customers'),
      children: (
        <div data-testid="funds-customers">
          <Space style={{ marginBottom: 12 }} wrap>
            <Input.Search
              allowClear
              placeholder={t('funds.customers.searchName')}
              onSearch={(v) => {
                setCustomerName(v.trim());
                customersPaging.reset();
              }}
              style={{ width: 260 }}
            />
            <Button icon={<TeamOutlined />} onClick={() => setBatchOpen(true)} data-testid="funds-batch-open">
              {t('funds.batch.open')}
            </Button>
          </Space>
          <Table<CustomerRow>
            rowKey="id"
            size="middle"
            loading={customers.loading}
            columns={customerColumns}
            dataSource={customerNodes}
            pagination={false}
            data-testid="funds-customers-table"
          />
          <CursorPager
            total={customers.data?.fundsCustomers.totalCount}
            page={customersPaging.page}
            size={customersPaging.size}
            hasNext={customers.data?.fundsCustomers.pageInfo.hasNextPage ?? false}
            hasPrevious={customers.data?.fundsCustomers.pageInfo.hasPreviousPage ?? false}
            loading={customers.loading}
            onNext={() => customersPaging.next(customers.data?.fundsCustomers.pageInfo.endCursor)}
            onPrevious={() => customersPaging.previous(customers.data?.fundsCustomers.pageInfo.startCursor)}
            onSize={customersPaging.setSize}
          />
        </div>
      ),
    },
    ...(resellerRows.length
      ? [
          {
            key: 'resellers',
            label: t('funds.tab.resellers'),
            children: (
              <Table
                rowKey="id"
                size="middle"
                pagination={false}
                dataSource={resellerRows}
                data-testid="funds-resellers-table"
                columns={[
                  { key: 'name', title: t('funds.field.reseller'), dataIndex: 'name' },
                  {
                    key: 'balance',
                    title: t('funds.field.resellerBalance'),
                    align: 'right' as const,
                    render: (_: unknown, r: (typeof resellerRows)[number]) => money(r.balance.amount),
                  },
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    render: (_: unknown, r: (typeof resellerRows)[number]) => {
                      const target: MoveTarget = { kind: 'reseller', id: r.id, label: r.name, balance: r.balance.amount };
                      return (
                        <Space size={0}>
                          <Button type="link" size="small" data-testid="funds-reseller-disburse" onClick={() => setMove({ op: 'DISBURSE', target })}>
                            {t('funds.operation.DISBURSE')}
                          </Button>
                          <Button type="link" size="small" onClick={() => setMove({ op: 'RECOVER', target })}>
                            {t('funds.operation.RECOVER')}
                          </Button>
                        </Space>
                      );
                    },
                  },
                ]}
              />
            ),
          },
        ]
      : []),
    { key: 'entries', label: t('funds.tab.entries'), children: <EntriesTab tick={recordsTick} /> },
    {
      key: 'adjustments',
      label: t('funds.tab.adjustments'),
      children: <AdjustmentsTab tick={recordsTick} resellers={resellerRows.map((r) => ({ id: r.id, name: r.name }))} />,
    },
  ];

  return (
    <div data-testid="funds-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('funds.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('funds.subtitle')}</Typography.Text>
        </div>
        <Button icon={<SafetyCertificateOutlined />} onClick={() => navigate('/funds/security')} data-testid="funds-security-link">
          {totp?.enrolled ? t('funds.totp.enrolledShort') : t('funds.totp.setUp')}
        </Button>
      </div>
      {account?.requireSecondFactor && !totp?.enrolled && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('funds.totp.requiredNotEnrolled')} />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(
          [
            ['accountBalance', 'funds.field.accountBalance', 'funds-account-balance'],
            ['disbursableAmount', 'funds.field.disbursable', 'funds-disbursable'],
            ['rechargeBalance', 'funds.field.rechargeBalance', 'funds-recharge-balance'],
            ['creditBalance', 'funds.field.creditBalance', 'funds-credit-balance'],
            ['disbursedAmount', 'funds.field.disbursedAmount', 'funds-disbursed'],
          ] as const
        ).map(([field, label, testId]) => (
          <Col xs={24} sm={12} lg={8} xl={field === 'disbursedAmount' ? 4 : 5} key={field}>
            <Card size="small" loading={!account && overview.loading}>
              <Statistic
                title={t(label)}
                value={account ? money(account[field].amount) : '—'}
                valueStyle={{ fontSize: 22, ...(field === 'disbursableAmount' ? { color: '#1677ff' } : {}) }}
                valueRender={(node) => <span data-testid={testId}>{node}</span>}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('funds.formula')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={isAdmin ? 16 : 24}>
          <Card size="small" title={t('funds.chart.title')} data-testid="funds-chart">
            <div style={{ width: '100%', height: 240 }}>
              <ResponsiveContainer>
                <BarChart data={chartData} margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="month" fontSize={12} />
                  <YAxis fontSize={12} width={80} tickFormatter={(v: number) => v.toLocaleString()} />
                  <ChartTooltip formatter={(v) => money(String(v))} />
                  <Legend />
                  <Bar dataKey="inflow" name={t('funds.chart.inflow')} fill="#52c41a" radius={[3, 3, 0, 0]} isAnimationActive={false} />
                  <Bar dataKey="outflow" name={t('funds.chart.outflow')} fill="#fa8c16" radius={[3, 3, 0, 0]} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Card>
        </Col>
        {isAdmin && (
          <Col xs={24} xl={8}>
            <Card size="small" title={t('funds.settings.title')}>
              <Space direction="vertical">
                <Space>
                  <Switch
                    checked={account?.requireSecondFactor ?? false}
                    loading={settingsUpdating.loading}
                    onChange={onToggleSecondFactor}
                    data-testid="funds-require-2fa"
                  />
                  <span>{t('funds.settings.requireSecondFactor')}</span>
                </Space>
                <Typography.Text type="secondary">{t('funds.settings.help')}</Typography.Text>
              </Space>
            </Card>
          </Col>
        )}
      </Row>
      <Card size="small">
        <Tabs activeKey={tab} onChange={setTab} items={items} />
      </Card>
      {move && (
      <FundsMoveDialog
        open
        operation={move?.op ?? 'DISBURSE'}
        target={move?.target ?? null}
        disbursable={account?.disbursableAmount.amount ?? '0.00'}
        requireTotp={account?.requireSecondFactor ?? false}
        onClose={() => setMove(null)}
        onDone={() => {
          setMove(null);
          refreshAll();
        }}
      />
      )}
      {batchOpen && (
      <FundsBatchDialog
        open
        candidates={candidates}
        requireTotp={account?.requireSecondFactor ?? false}
        onClose={() => setBatchOpen(false)}
        onDone={refreshAll}
      />
      )}
    </div>
  );
}

interface EntryFilterValues {
  createdAt?: [Dayjs | null, Dayjs | null] | null;
  kinds?: LedgerTransactionKind[];
  transactionId?: string;
}

function useExport() {
  const { t } = useI18n();
  const { message } = App.useApp();
  return async (run: () => Promise<{ file: { filename: string; contentType: string; contentBase64: string; rowCount: number } | null; userErrors: { code: string; field: string | null; message: string }[] }>) => {
    try {
      const res = await run();
      if (res.userErrors.length || !res.file) {
        message.error(res.userErrors[0]?.message ?? t('error.UNKNOWN'));
        return;
      }
      downloadBase64(res.file.filename, res.file.contentType, res.file.contentBase64);
      message.success(t('funds.export.done', { count: res.file.rowCount }));
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };
}

function EntriesTab({ tick }: { tick: number }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<EntryFilterValues>();
  const [filter, setFilter] = useState<FundsAccountEntryFilter>({});
  const paging = useCursorPaging(20);
  const { data, loading, error, refetch } = useQuery(FundsAccountEntriesDocument, { ...paging.vars, filter });
  useEffect(() => {
    if (tick) refetch();
  }, [tick, refetch]);
  const [exportEntries, exporting] = useMutation(FundsAccountEntriesExportDocument);
  const doExport = useExport();
  const conn = data?.fundsAccountEntries;
  const columns: TableProps<EntryRow>['columns'] = [
    { key: 'time', title: t('funds.field.time'), render: (_, r) => formatDateTime(r.createdAt, locale) },
    { key: 'kind', title: t('funds.field.kind'), render: (_, r) => <Tag bordered={false}>{t(`funds.kind.${r.kind}`)}</Tag> },
    {
      key: 'amount',
      title: t('funds.field.change'),
      align: 'right',
      render: (_, r) => (
        <Typography.Text type={r.amount.amount.startsWith('-') ? 'warning' : 'success'} data-testid="funds-entry-amount">
          {r.amount.amount.startsWith('-') ? '' : '+'}
          {formatMoney(r.amount.amount, r.amount.currency, locale)}
        </Typography.Text>
      ),
    },
    {
      key: 'after',
      title: t('funds.field.balanceAfter'),
      align: 'right',
      render: (_, r) => <span data-testid="funds-entry-balance">{formatMoney(r.balanceAfter.amount, r.balanceAfter.currency, locale)}</span>,
    },
    { key: 'txn', title: t('funds.field.transactionId'), render: (_, r) => <Typography.Text copyable>{r.transactionId}</Typography.Text> },
    { key: 'memo', title: t('funds.field.memo'), dataIndex: 'memo', ellipsis: true },
  ];
  const apply = (v: EntryFilterValues) => {
    setFilter({
      ...(v.kinds?.length ? { kinds: v.kinds } : {}),
      ...(range(v.createdAt) ? { createdAt: range(v.createdAt) } : {}),
      ...(v.transactionId?.trim() ? { transactionId: v.transactionId.trim() } : {}),
    });
    paging.reset();
  };
  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;
  return (
    <div data-testid="funds-entries">
      <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="createdAt" label={t('funds.field.time')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="kinds" label={t('funds.field.kind')}>
          <Select mode="multiple" allowClear style={{ minWidth: 200 }} placeholder={t('filter.all')} options={KINDS.map((k) => ({ value: k, label: t(`funds.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="transactionId" label={t('funds.field.transactionId')}>
          <Input allowClear style={{ width: 140 }} data-testid="funds-entries-txn" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="funds-entries-search">
            {t('filter.search')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            loading={exporting.loading}
            data-testid="funds-entries-export"
            onClick={() => doExport(async () => (await exportEntries({ input: { filter } })).fundsAccountEntriesExport)}
          >
            {t('funds.export.button')}
          </Button>
        </Space>
      </Form>
      <Table<EntryRow> rowKey="id" size="middle" loading={loading} columns={columns} dataSource={conn?.nodes ?? []} pagination={false} data-testid="funds-entries-table" />
      <ConnectionPager conn={conn} paging={paging} loading={loading} />
    </div>
  );
}

interface AdjustmentFilterValues {
  customerIds?: string[];
  resellerIds?: string[];
  operations?: FundsAdjustmentOperation[];
  createdAt?: [Dayjs | null, Dayjs | null] | null;
  transactionId?: string;
}

function AdjustmentsTab({ tick, resellers }: { tick: number; resellers: { id: string; name: string }[] }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<AdjustmentFilterValues>();
  const [filter, setFilter] = useState<FundsAdjustmentFilter>({});
  const paging = useCursorPaging(20);
  const search = useCustomerSearch();
  const { data, loading, error, refetch } = useQuery(FundsAdjustmentsDocument, { ...paging.vars, filter });
  useEffect(() => {
    if (tick) refetch();
  }, [tick, refetch]);
  const [exportAdjustments, exporting] = useMutation(FundsAdjustmentsExportDocument);
  const doExport = useExport();
  const conn = data?.fundsAdjustments;
  const columns: TableProps<FundsAdjustmentFieldsFragment>['columns'] = [
    { key: 'time', title: t('funds.field.time'), render: (_, r) => formatDateTime(r.createdAt, locale) },
    {
      key: 'operation',
      title: t('funds.field.operation'),
      render: (_, r) => (
        <Tag color={r.operation === 'DISBURSE' ? 'orange' : 'green'} bordered={false} data-testid="funds-adjustment-operation">
          {t(`funds.operation.${r.operation}`)}
        </Tag>
      ),
    },
    {
      key: 'target',
      title: t('funds.field.target'),
      render: (_, r) =>
        r.customer ? (
          <MaskedText id={r.customer.id} field="NAME" value={r.customer.name} rights={r.customer} />
        ) : (
          <Space size={4}>
            <Tag bordered={false}>{t('funds.target.RESELLER')}</Tag>
            {r.resellerName}
          </Space>
        ),
    },
    {
      key: 'amount',
      title: t('funds.field.amount'),
      align: 'right',
      render: (_, r) => <span data-testid="funds-adjustment-amount">{formatMoney(r.amount.amount, r.amount.currency, locale)}</span>,
    },
    { key: 'txn', title: t('funds.field.transactionId'), render: (_, r) => r.transactionId },
    {
      key: 'actor',
      title: t('funds.field.actor'),
      render: (_, r) => (r.actor ? <MaskedText id={r.actor.id} field="NAME" value={r.actor.name} rights={r.actor} /> : '—'),
    },
    { key: 'memo', title: t('funds.field.memo'), dataIndex: 'memo', ellipsis: true },
  ];
  const apply = (v: AdjustmentFilterValues) => {
    setFilter({
      ...(v.customerIds?.length ? { customerIds: v.customerIds } : {}),
      ...(v.resellerIds?.length ? { resellerIds: v.resellerIds } : {}),
      ...(v.operations?.length ? { operations: v.operations } : {}),
      ...(range(v.createdAt) ? { createdAt: range(v.createdAt) } : {}),
      ...(v.transactionId?.trim() ? { transactionId: v.transactionId.trim() } : {}),
    });
    paging.reset();
  };
  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;
  return (
    <div data-testid="funds-adjustments">
      <Form form={form} layout="vertical" onFinish={apply}>
        <Row gutter={16}>
          <Col xs={24} md={12} xl={6}>
            <Form.Item name="customerIds" label={t('funds.field.customer')}>
              <CustomerSelect search={search} multiple allowClear placeholder={t('filter.all')} />
            </Form.Item>
          </Col>
          {resellers.length > 0 && (
            <Col xs={24} md={12} xl={4}>
              <Form.Item name="resellerIds" label={t('funds.field.reseller')}>
                <Select mode="multiple" allowClear placeholder={t('filter.all')} options={resellers.map((r) => ({ value: r.id, label: r.name }))} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12} xl={4}>
            <Form.Item name="operations" label={t('funds.field.operation')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('filter.all')}
                data-testid="funds-adjustments-operation"
                options={(['DISBURSE', 'RECOVER'] as const).map((o) => ({ value: o, label: t(`funds.operation.${o}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Form.Item name="createdAt" label={t('funds.field.time')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={4}>
            <Form.Item name="transactionId" label={t('funds.field.transactionId')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col span={24} className="pc-filter-actions">
            <Space>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilter({});
                  paging.reset();
                }}
              >
                {t('filter.reset')}
              </Button>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="funds-adjustments-search">
                {t('filter.search')}
              </Button>
              <Button
                icon={<DownloadOutlined />}
                loading={exporting.loading}
                data-testid="funds-adjustments-export"
                onClick={() => doExport(async () => (await exportAdjustments({ input: { filter } })).fundsAdjustmentsExport)}
              >
                {t('funds.export.button')}
              </Button>
            </Space>
          </Col>
        </Row>
      </Form>
      <Table<FundsAdjustmentFieldsFragment>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={conn?.nodes ?? []}
        pagination={false}
        data-testid="funds-adjustments-table"
      />
      <ConnectionPager conn={conn} paging={paging} loading={loading} />
    </div>
  );
}
