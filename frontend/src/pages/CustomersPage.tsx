import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableProps,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ConnectionPager } from '../components/ConnectionPager';
import { DateCell } from '../components/DateCell';
import { ErrorResult } from '../components/ErrorResult';
import { ExportButton } from '../components/ExportButton';
import { ManagerFilterItem } from '../components/ManagerFilterItem';
import { MaskedText, RevealAllToggle } from '../components/MaskedText';
import { RevealProvider } from '../components/RevealProvider';
import { CustomerAssociationMenu } from './association/CustomerAssociationMenu';
import {
  CustomersDocument,
  CustomersExportDocument,
  type CustomerOrder,
  type CustomersQuery,
  type CustomerView,
} from '../gql/graphql';
import { useCursorPaging } from '../hooks/useCursorPaging';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { ASSOCIATION_COLORS, ASSOCIATION_TYPES, INDUSTRIES } from '../lib/enums';
import { requestErrorMessage } from '../lib/errors';
import { toCustomerFilter, type CustomerFilterValues } from '../lib/filters';
import { useSession } from '../session/context';

type Row = CustomersQuery['customers']['nodes'][number];

const DEFAULT_ORDER: CustomerOrder = { field: 'ASSOCIATED_AT', direction: 'DESC' };

export function CustomersPage() {
  return (
    <RevealProvider>
      <CustomersView />
    </RevealProvider>
  );
}

function CustomersView() {
  const { t } = useI18n();
  const { caps } = useSession();
  const [form] = Form.useForm<CustomerFilterValues>();
  const [view, setView] = useState<CustomerView | null>(caps.resellerCustomersTab ? 'OWN' : null);
  const [values, setValues] = useState<CustomerFilterValues>({});
  const [order, setOrder] = useState<CustomerOrder>(DEFAULT_ORDER);
  const paging = useCursorPaging(20);
  const filter = useMemo(() => toCustomerFilter(values, view), [values, view]);

  const { data, error, loading, refetch } = useQuery(CustomersDocument, { ...paging.vars, filter, orderBy: order });
  const [runExport] = useMutation(CustomersExportDocument);
  const rows = useMemo(() => data?.customers.nodes ?? [], [data]);
  const managerRecords = useMemo(() => rows.flatMap((r) => (r.manager ? [r.manager] : [])), [rows]);
  const conn = data?.customers;
  const resellersTab = view === 'RESELLERS';

  const onTableChange: TableProps<Row>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    setOrder(
      s?.columnKey === 'associatedAt' && s.order
        ? { field: 'ASSOCIATED_AT', direction: s.order === 'ascend' ? 'ASC' : 'DESC' }
        : DEFAULT_ORDER,
    );
    paging.reset();
  };

  const maskedColumn = (
    key: string,
    field: 'NAME' | 'ACCOUNT_NAME' | 'PHONE' | 'EMAIL',
    title: string,
    value: (r: Row) => string | null,
    width: number,
    link = false,
  ) => ({
    key,
    width,
    title: <RevealAllToggle field={field} records={rows} testId={`reveal-page-${key}`} label={title} />,
    render: (_: unknown, r: Row) => (
      <MaskedText
        id={r.id}
        field={field}
        value={value(r)}
        rights={r}
        testId={`customer-${key}`}
        wrap={link ? (text) => <Link to={`/customers/${encodeURIComponent(r.id)}`}>{text}</Link> : undefined}
      />
    ),
  });

  const columns: TableProps<Row>['columns'] = [
    { ...maskedColumn('name', 'NAME', t('customer.field.name'), (r) => r.name, 220, true), fixed: 'left' as const },
    ...(caps.warnings && !resellersTab
      ? [
          {
            key: 'pendingWarnings',
            title: t('warnings.customers.pending'),
            width: 140,
            render: (_: unknown, r: Row) =>
              r.pendingWarnings.total > 0 ? (
                <Space size={4} data-testid="customer-pending-warnings" data-total={r.pendingWarnings.total}>
                  {(['CHURN', 'RESOURCE'] as const).map((kind) => {
                    const n = kind === 'CHURN' ? r.pendingWarnings.churn : r.pendingWarnings.resource;
                    return n > 0 ? (
                      <Link key={kind} to={`/warnings?kind=${kind}&customerId=${encodeURIComponent(r.id)}&state=PENDING`}>
                        <Tooltip title={t(`warnings.kind.${kind}`)}>
                          <Tag color={kind === 'CHURN' ? 'red' : 'orange'} bordered={false}>
                            {t(`warnings.customers.short.${kind}`)} {n}
                          </Tag>
                        </Tooltip>
                      </Link>
                    ) : null;
                  })}
                </Space>
              ) : (
                <Typography.Text type="secondary" data-testid="customer-pending-warnings" data-total={0}>
                  0
                </Typography.Text>
              ),
          },
        ]
      : []),
    maskedColumn('accountName', 'ACCOUNT_NAME', t('customer.field.accountName'), (r) => r.accountName, 160),
    maskedColumn('phone', 'PHONE', t('customer.field.phone'), (r) => r.phone, 160),
    maskedColumn('email', 'EMAIL', t('customer.field.email'), (r) => r.email, 200),
    {
      key: 'associationType',
      title: t('customer.field.associationType'),
      width: 110,
      render: (_: unknown, r: Row) => (
        <Tag color={ASSOCIATION_COLORS[r.associationType]} data-testid="customer-association" data-association={r.associationType}>
          {t(`associationType.${r.associationType}`)}
        </Tag>
      ),
    },
    {
      key: 'industry',
      title: t('customer.field.industry'),
      width: 100,
      render: (_: unknown, r: Row) => t(`industry.${r.industry}`),
    },
    { key: 'region', title: t('customer.field.region'), width: 100, dataIndex: 'region' },
    {
      key: 'associatedAt',
      title: t('customer.field.associatedAt'),
      width: 116,
      sorter: true,
      sortDirections: ['descend', 'ascend'],
      sortOrder: order.field === 'ASSOCIATED_AT' ? (order.direction === 'ASC' ? 'ascend' : 'descend') : null,
      render: (_: unknown, r: Row) => <DateCell iso={r.associatedAt} />,
    },
    {
      key: 'tags',
      title: t('customer.field.tags'),
      width: 160,
      render: (_: unknown, r: Row) =>
        r.tags.length ? (
          <Space size={[0, 4]} wrap>
            {r.tags.map((tag) => (
              <Tag key={tag} bordered={false}>
                {tag}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
    {
      key: 'manager',
      width: 130,
      title: <RevealAllToggle field="NAME" records={managerRecords} testId="reveal-page-manager" label={t('customer.field.manager')} />,
      render: (_: unknown, r: Row) =>
        r.manager ? (
          <MaskedText id={r.manager.id} field="NAME" value={r.manager.name} rights={r.manager} testId="customer-manager" />
        ) : (
          <Typography.Text type="secondary">{t('customer.unassigned')}</Typography.Text>
        ),
    },
    ...(resellersTab
      ? [
          {
            key: 'partner',
            title: t('customer.field.partner'),
            width: 180,
            render: (_: unknown, r: Row) => r.partner?.name ?? t('common.none'),
          },
        ]
      : []),
    ...(caps.associationAdmin || caps.assignCustomers
      ? [
          {
            key: 'more',
            title: t('common.actions'),
            width: 100,
            fixed: 'right' as const,
            render: (_: unknown, r: Row) => <CustomerAssociationMenu customer={r} onChanged={refetch} size="small" />,
          },
        ]
      : []),
  ];

  const table = (
    <>
      {error && <Alert type="error" showIcon message={requestErrorMessage(t, error)} style={{ marginBottom: 12 }} />}
      {resellersTab && (
        <Alert type="info" showIcon message={t('customers.resellersHint')} style={{ marginBottom: 12 }} data-testid="resellers-hint" />
      )}
      <Table<Row>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        onChange={onTableChange}
        scroll={{ x: columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0) }}
        tableLayout="fixed"
        showSorterTooltip={{ title: t('table.sortTip') }}
        locale={{
          emptyText: <Empty description={t('customers.empty')} data-testid="customers-empty" />,
          triggerAsc: t('table.sortAsc'),
          triggerDesc: t('table.sortDesc'),
          cancelSort: t('table.sortCancel'),
        }}
        data-testid="customers-table"
      />
      <ConnectionPager conn={conn} paging={paging} loading={loading} />
    </>
  );

  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;

  return (
    <div data-testid="customers-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('customers.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('customers.subtitle')}</Typography.Text>
        </div>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refetch}>
            {t('common.refresh')}
          </Button>
          <ExportButton
            testId="customers-export"
            run={async (language) => (await runExport({ input: { filter, orderBy: order, language } })).customersExport}
          />
        </Space>
      </div>
      <Card className="pc-filter-card" size="small">
        <Form<CustomerFilterValues>
          form={form}
          layout="vertical"
          onFinish={(v) => {
            setValues(v);
            paging.reset();
          }}
          data-testid="customers-filter"
        >
          <Row gutter={16}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="name" label={t('customer.field.name')}>
                <Input allowClear placeholder={t('customers.filter.namePlaceholder')} data-testid="filter-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="accountName" label={t('customer.field.accountName')}>
                <Input allowClear placeholder={t('customers.filter.accountPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="phone" label={t('customer.field.phone')}>
                <Input allowClear placeholder={t('customers.filter.phonePlaceholder')} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="tag" label={t('customer.field.tags')}>
                <Input allowClear placeholder={t('customers.filter.tagPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="associationTypes" label={t('customer.field.associationType')}>
                <Select
                  mode="multiple"
                  allowClear
                  placeholder={t('filter.all')}
                  options={ASSOCIATION_TYPES.map((v) => ({ value: v, label: t(`associationType.${v}`) }))}
                  data-testid="filter-association"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="industries" label={t('customer.field.industry')}>
                <Select
                  mode="multiple"
                  allowClear
                  maxTagCount="responsive"
                  placeholder={t('filter.all')}
                  options={INDUSTRIES.map((v) => ({ value: v, label: t(`industry.${v}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="associatedAt" label={t('customer.field.associatedAt')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            {caps.seesTeam && !resellersTab && (
              <ManagerFilterItem name="managerIds" label={t('customer.field.manager')} testIdPrefix="manager" />
            )}
            <Col span={24} className="pc-filter-actions">
              <Space>
                <Button
                  onClick={() => {
                    form.resetFields();
                    setValues({});
                    paging.reset();
                  }}
                >
                  {t('filter.reset')}
                </Button>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="customers-filter-submit">
                  {t('filter.search')}
                </Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card className="pc-table-card" size="small">
        {caps.resellerCustomersTab ? (
          <Tabs
            activeKey={view ?? 'OWN'}
            onChange={(k) => {
              setView(k as CustomerView);
              paging.reset();
            }}
            items={[
              { key: 'OWN', label: <span data-testid="tab-own">{t('customers.tab.own')}</span> },
              { key: 'RESELLERS', label: <span data-testid="tab-resellers">{t('customers.tab.resellers')}</span> },
            ]}
          />
        ) : null}
        {table}
      </Card>
    </div>
  );
}
