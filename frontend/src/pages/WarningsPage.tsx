import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Empty, Form, Row, Select, Space, Table, Tabs, Tag, Typography, type TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ConnectionPager } from '../components/ConnectionPager';
import { CustomerSelect } from '../components/CustomerSelect';
import { DateCell } from '../components/DateCell';
import { ErrorResult } from '../components/ErrorResult';
import { ExportButton } from '../components/ExportButton';
import { MaskedText, RevealAllToggle } from '../components/MaskedText';
import { RevealProvider } from '../components/RevealProvider';
import {
  CustomerWarningsDocument,
  WarningsExportDocument,
  type CustomerWarningsQuery,
  type WarningKind,
  type WarningOrder,
  type WarningState,
} from '../gql/graphql';
import { useCursorPaging } from '../hooks/useCursorPaging';
import { useCustomerSearch } from '../hooks/useCustomerSearch';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage } from '../lib/errors';
import { toWarningFilter, type WarningFilterValues as FilterValues } from './warnings/filter';
import { LEVEL_COLORS, STATE_COLORS, WARNING_LEVELS, WARNING_STATES } from './warnings/labels';

type Row = CustomerWarningsQuery['customerWarnings']['nodes'][number];


const DEFAULT_ORDER: WarningOrder = { field: 'CREATED_AT', direction: 'DESC' };

export function WarningsPage() {
  return (
    <RevealProvider>
      <WarningsView />
    </RevealProvider>
  );
}

function WarningsView() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const kind: WarningKind = params.get('kind') === 'RESOURCE' ? 'RESOURCE' : 'CHURN';
  const initialCustomer = params.get('customerId');
  const initialState = params.get('state') === 'PENDING' ? (['PENDING'] as WarningState[]) : undefined;
  const [form] = Form.useForm<FilterValues>();
  const [values, setValues] = useState<FilterValues>(() => ({
    ...(initialCustomer ? { customerIds: [initialCustomer] } : {}),
    ...(initialState ? { states: initialState } : {}),
  }));
  const [order, setOrder] = useState<WarningOrder>(DEFAULT_ORDER);
  const paging = useCursorPaging(20);
  const customers = useCustomerSearch();
  const filter = useMemo(() => toWarningFilter(kind, values), [kind, values]);
  const { data, error, loading, refetch } = useQuery(CustomerWarningsDocument, { ...paging.vars, filter, orderBy: order });
  const [runExport] = useMutation(WarningsExportDocument);
  const rows = useMemo(() => data?.customerWarnings.nodes ?? [], [data]);
  const customerRecords = useMemo(() => rows.flatMap((r) => (r.customer ? [r.customer] : [])), [rows]);
  const managerRecords = useMemo(() => rows.flatMap((r) => (r.manager ? [r.manager] : [])), [rows]);
  const conn = data?.customerWarnings;

  const onTableChange: TableProps<Row>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    setOrder(
      s?.columnKey === 'createdAt' && s.order
        ? { field: 'CREATED_AT', direction: s.order === 'ascend' ? 'ASC' : 'DESC' }
        : DEFAULT_ORDER,
    );
    paging.reset();
  };

  const columns: TableProps<Row>['columns'] = [
    {
      key: 'customer',
      width: 220,
      fixed: 'left',
      title: <RevealAllToggle field="NAME" records={customerRecords} testId="reveal-page-warning-customer" label={t('warnings.field.customer')} />,
      render: (_: unknown, r: Row) =>
        r.customer ? (
          <MaskedText
            id={r.customer.id}
            field="NAME"
            value={r.customer.name}
            rights={r.customer}
            testId="warning-customer"
            wrap={(text) => <Link to={`/warnings/${encodeURIComponent(r.id)}`}>{text}</Link>}
          />
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
    {
      key: 'level',
      width: 90,
      title: t('warnings.field.level'),
      render: (_: unknown, r: Row) => (
        <Tag color={LEVEL_COLORS[r.level]} data-testid="warning-level" data-level={r.level}>
          {t(`warnings.level.${r.level}`)}
        </Tag>
      ),
    },
    {
      key: 'state',
      width: 100,
      title: t('warnings.field.state'),
      render: (_: unknown, r: Row) => (
        <Tag color={STATE_COLORS[r.state]} data-testid="warning-state" data-state={r.state}>
          {t(`warnings.state.${r.state}`)}
        </Tag>
      ),
    },
    { key: 'period', width: 110, title: t('warnings.field.period'), dataIndex: 'period' },
    {
      key: 'rules',
      width: 200,
      title: t('warnings.field.rules'),
      render: (_: unknown, r: Row) => (
        <Space size={[0, 4]} wrap>
          {r.rules.map((code) => (
            <Tag key={code} bordered={false}>
              {code}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'manager',
      width: 130,
      title: <RevealAllToggle field="NAME" records={managerRecords} testId="reveal-page-warning-manager" label={t('warnings.field.manager')} />,
      render: (_: unknown, r: Row) =>
        r.manager ? (
          <MaskedText id={r.manager.id} field="NAME" value={r.manager.name} rights={r.manager} testId="warning-manager" />
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
    {
      key: 'result',
      width: 110,
      title: t('warnings.field.result'),
      render: (_: unknown, r: Row) => (r.result ? t(`warnings.result.${r.result}`) : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>),
    },
    {
      key: 'createdAt',
      width: 116,
      title: t('warnings.field.createdAt'),
      sorter: true,
      sortDirections: ['descend', 'ascend'],
      sortOrder: order.field === 'CREATED_AT' ? (order.direction === 'ASC' ? 'ascend' : 'descend') : null,
      render: (_: unknown, r: Row) => <DateCell iso={r.createdAt} />,
    },
    {
      key: 'actions',
      width: 90,
      fixed: 'right',
      title: t('common.actions'),
      render: (_: unknown, r: Row) => (
        <Link to={`/warnings/${encodeURIComponent(r.id)}`} data-testid="warning-view">
          {r.viewerCanProcess && r.state === 'PENDING' ? t('warnings.home.view') : t('common.view')}
        </Link>
      ),
    },
  ];

  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;

  return (
    <div data-testid="warnings-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('warnings.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('warnings.subtitle')}</Typography.Text>
        </div>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refetch}>
            {t('common.refresh')}
          </Button>
          <ExportButton
            testId="warnings-export"
            run={async (language) => (await runExport({ input: { filter, orderBy: order, language } })).warningsExport}
          />
        </Space>
      </div>
      <Card className="pc-filter-card" size="small">
        <Form<FilterValues>
          form={form}
          layout="vertical"
          initialValues={values}
          onFinish={(v) => {
            setValues(v);
            paging.reset();
          }}
          data-testid="warnings-filter"
        >
          <Row gutter={16}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="states" label={t('warnings.field.state')}>
                <Select
                  mode="multiple"
                  allowClear
                  placeholder={t('filter.all')}
                  options={WARNING_STATES.map((v) => ({ value: v, label: t(`warnings.state.${v}`) }))}
                  data-testid="filter-warning-states"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="levels" label={t('warnings.field.level')}>
                <Select
                  mode="multiple"
                  allowClear
                  placeholder={t('filter.all')}
                  options={WARNING_LEVELS.map((v) => ({ value: v, label: t(`warnings.level.${v}`) }))}
                  data-testid="filter-warning-levels"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item
                name="customerIds"
                label={<RevealAllToggle field="NAME" records={customers.records} testId="reveal-warning-customer-options" label={t('warnings.field.customer')} />}
              >
                <CustomerSelect
                  search={customers}
                  multiple
                  allowClear
                  placeholder={customers.searchable ? t('filter.customerSearchPlaceholder') : t('filter.all')}
                  testId="filter-warning-customers"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="createdAt" label={t('warnings.field.createdAt')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24} className="pc-filter-actions">
              <Space>
                <Button
                  onClick={() => {
                    form.resetFields();
                    form.setFieldsValue({ states: undefined, levels: undefined, customerIds: undefined, createdAt: undefined });
                    setValues({});
                    paging.reset();
                  }}
                >
                  {t('filter.reset')}
                </Button>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="warnings-filter-submit">
                  {t('filter.search')}
                </Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card className="pc-table-card" size="small">
        <Tabs
          activeKey={kind}
          onChange={(k) => {
            const next = new URLSearchParams(params);
            next.set('kind', k);
            setParams(next, { replace: true });
            paging.reset();
          }}
          items={[
            { key: 'CHURN', label: <span data-testid="tab-churn">{t('warnings.tab.CHURN')}</span> },
            { key: 'RESOURCE', label: <span data-testid="tab-resource">{t('warnings.tab.RESOURCE')}</span> },
          ]}
        />
        {error && <Alert type="error" showIcon message={requestErrorMessage(t, error)} style={{ marginBottom: 12 }} />}
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
            emptyText: <Empty description={t('warnings.empty')} data-testid="warnings-empty" />,
            triggerAsc: t('table.sortAsc'),
            triggerDesc: t('table.sortDesc'),
            cancelSort: t('table.sortCancel'),
          }}
          data-testid="warnings-table"
        />
        <ConnectionPager conn={conn} paging={paging} loading={loading} />
      </Card>
    </div>
  );
}
