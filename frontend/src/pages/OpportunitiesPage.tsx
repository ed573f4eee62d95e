import { PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Slider,
  Space,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ConnectionPager } from '../components/ConnectionPager';
import { CustomerSelect } from '../components/CustomerSelect';
import { ExportButton } from '../components/ExportButton';
import { ErrorResult } from '../components/ErrorResult';
import { ManagerFilterItem } from '../components/ManagerFilterItem';
import { MaskedText, RevealAllToggle } from '../components/MaskedText';
import { RevealProvider } from '../components/RevealProvider';
import {
  OpportunitiesDocument,
  OpportunitiesExportDocument,
  type OpportunitiesQuery,
  type OpportunityFilter,
  type OpportunityOrder,
  type OpportunityOrderField,
} from '../gql/graphql';
import { useCursorPaging } from '../hooks/useCursorPaging';
import { useCustomerSearch } from '../hooks/useCustomerSearch';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { INDUSTRIES, OPPORTUNITY_STAGES, OPPORTUNITY_TYPES, STAGE_COLORS } from '../lib/enums';
import { formatMoney, formatPercent } from '../lib/format';
import { DateCell } from '../components/DateCell';
import { requestErrorMessage } from '../lib/errors';
import { toOpportunityFilter, type OpportunityFilterValues as FilterValues } from '../lib/filters';
import type { Locale } from '../lib/locale';
import { useSession } from '../session/context';

type Row = OpportunitiesQuery['opportunities']['nodes'][number];

const SORT_COLUMNS: Record<string, OpportunityOrderField> = {
  updatedAt: 'UPDATED_AT',
  createdAt: 'CREATED_AT',
  expectedMonthlyRevenue: 'EXPECTED_MONTHLY_REVENUE',
  confidence: 'CONFIDENCE',
};
type ColumnKey =
  | 'name'
  | 'customer'
  | 'industry'
  | 'type'
  | 'stage'
  | 'confidence'
  | 'expectedMonthlyRevenue'
  | 'owner'
  | 'updatedAt'
  | 'createdAt';

/**
 * Column widths per language, measured so that the longest label of each enum, dates, amounts
 * up to millions and every header word fit on one line (14 px text, 12 px tags, 8 px cell padding,
 * 16 px for a sorter, 22 px for an eye): nothing wraps inside a word. Chinese fits a 1440 px screen;
 * English labels are longer ("Manufacturing", "Cloud migration", "Solution design"), so the
 * table scrolls sideways a little there, with the opportunity name fixed on the left.
 */
const COLUMN_WIDTHS: Record<Locale, Record<ColumnKey, number>> = {
  'zh-CN': {
    name: 200,
    customer: 196,
    industry: 76,
    type: 80,
    stage: 92,
    confidence: 84,
    expectedMonthlyRevenue: 116,
    owner: 96,
    updatedAt: 120,
    createdAt: 96,
  },
  en: {
    name: 170,
    customer: 168,
    industry: 112,
    type: 122,
    stage: 124,
    confidence: 112,
    expectedMonthlyRevenue: 128,
    owner: 100,
    updatedAt: 104,
    createdAt: 104,
  },
};
const DEFAULT_ORDER: OpportunityOrder = { field: 'UPDATED_AT', direction: 'DESC' };

export function OpportunitiesPage() {
  return (
    <RevealProvider>
      <OpportunitiesView />
    </RevealProvider>
  );
}

function OpportunitiesView() {
  const { t, locale } = useI18n();
  const { caps } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const initialCustomer = params.get('customerId');
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<OpportunityFilter>(() =>
    initialCustomer ? { customerIds: [initialCustomer] } : {},
  );
  const [order, setOrder] = useState<OpportunityOrder>(DEFAULT_ORDER);
  const paging = useCursorPaging(20);

  const { data, error, loading, refetch } = useQuery(OpportunitiesDocument, {
    ...paging.vars,
    filter,
    orderBy: order,
  });
  const customers = useCustomerSearch();
  const [runExport] = useMutation(OpportunitiesExportDocument);

  const rows = useMemo(() => data?.opportunities.nodes ?? [], [data]);
  const owners = useMemo(() => rows.map((r) => r.owner), [rows]);
  const customerRecords = useMemo(() => rows.flatMap((r) => (r.customer ? [r.customer] : [])), [rows]);
  const conn = data?.opportunities;

  const applyFilters = (values: FilterValues) => {
    setFilter(toOpportunityFilter(values));
    paging.reset();
  };
  const resetFilters = () => {
    form.resetFields();
    setFilter({});
    paging.reset();
  };

  const sortOrderOf = (key: string): SortOrder =>
    SORT_COLUMNS[key] === order.field ? (order.direction === 'ASC' ? 'ascend' : 'descend') : null;

  const onTableChange: TableProps<Row>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = s?.columnKey ? SORT_COLUMNS[String(s.columnKey)] : undefined;
    setOrder(field && s.order ? { field, direction: s.order === 'ascend' ? 'ASC' : 'DESC' } : DEFAULT_ORDER);
    paging.reset();
  };

  const widths = COLUMN_WIDTHS[locale];
  const tableWidth = Object.values(widths).reduce((a, b) => a + b, 0);
  const baseColumns: NonNullable<TableProps<Row>['columns']> = [
    {
      key: 'name',
      title: t('opportunity.field.name'),
      dataIndex: 'name',
      width: widths.name,
      fixed: 'left',
      ellipsis: true,
      render: (_: unknown, r: Row) => (
        <Link to={`/opportunities/${encodeURIComponent(r.id)}`} data-testid="opp-name">
          {r.name}
        </Link>
      ),
    },
    {
      key: 'customer',
      title: (
        <RevealAllToggle
          field="NAME"
          records={customerRecords}
          testId="reveal-page-customer-name"
          label={t('opportunity.field.customer')}
        />
      ),
      width: widths.customer,
      render: (_: unknown, r: Row) =>
        r.customer ? (
          <MaskedText
            id={r.customer.id}
            field="NAME"
            value={r.customer.name}
            rights={r.customer}
            testId="opp-customer"
          />
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
    {
      key: 'industry',
      title: t('opportunity.field.industry'),
      width: widths.industry,
      ellipsis: true,
      render: (_: unknown, r: Row) => t(`industry.${r.industry}`),
    },
    {
      key: 'type',
      title: t('opportunity.field.type'),
      width: widths.type,
      ellipsis: true,
      render: (_: unknown, r: Row) => t(`opportunityType.${r.type}`),
    },
    {
      key: 'stage',
      title: t('opportunity.field.stage'),
      width: widths.stage,
      render: (_: unknown, r: Row) => (
        <Tag color={STAGE_COLORS[r.stage]} className="pc-stage-tag" data-testid="opp-stage" data-stage={r.stage}>
          {t(`stage.${r.stage}`)}
        </Tag>
      ),
    },
    {
      key: 'confidence',
      title: t('opportunity.field.confidence'),
      width: widths.confidence,
      align: 'right',
      sorter: true,
      sortOrder: sortOrderOf('confidence'),
      render: (_: unknown, r: Row) => formatPercent(r.confidence, locale),
    },
    {
      key: 'expectedMonthlyRevenue',
      title: t('opportunity.column.revenue'),
      width: widths.expectedMonthlyRevenue,
      align: 'right',
      sorter: true,
      sortOrder: sortOrderOf('expectedMonthlyRevenue'),
      render: (_: unknown, r: Row) => (
        <span data-testid="opp-revenue">
          {formatMoney(r.expectedMonthlyRevenue.amount, r.expectedMonthlyRevenue.currency, locale)}
        </span>
      ),
    },
    {
      key: 'owner',
      title: caps.seesTeam ? (
        <RevealAllToggle field="NAME" records={owners} testId="reveal-page-owner-name" label={t('opportunity.field.owner')} />
      ) : (
        t('opportunity.field.owner')
      ),
      width: widths.owner,
      render: (_: unknown, r: Row) => (
        <span data-testid="opp-owner-cell" data-owner-id={r.owner.id}>
          <MaskedText id={r.owner.id} field="NAME" value={r.owner.name} rights={r.owner} testId="opp-owner" />
        </span>
      ),
    },
    {
      key: 'updatedAt',
      title: t('opportunity.field.updatedAt'),
      width: widths.updatedAt,
      sorter: true,
      sortOrder: sortOrderOf('updatedAt'),
      sortDirections: ['descend', 'ascend'],
      render: (_: unknown, r: Row) => <DateCell iso={r.updatedAt} />,
    },
    {
      key: 'createdAt',
      title: t('opportunity.field.createdAt'),
      width: widths.createdAt,
      sorter: true,
      sortOrder: sortOrderOf('createdAt'),
      sortDirections: ['descend', 'ascend'],
      render: (_: unknown, r: Row) => <DateCell iso={r.createdAt} />,
    },
  ];
  // A class per column (pc-col-industry, ...) for styling and for the layout tests.
  const columns = baseColumns.map((c) => ({ ...c, className: `pc-col-${String(c.key)}` }));

  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;

  return (
    <div data-testid="opportunities-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('opportunities.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('opportunities.subtitle')}</Typography.Text>
        </div>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refetch} data-testid="opps-refresh">
            {t('common.refresh')}
          </Button>
          <ExportButton
            testId="opps-export"
            run={async (language) => (await runExport({ input: { filter, orderBy: order, language } })).opportunitiesExport}
          />
          {caps.createOpportunity && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/opportunities/new')}
              data-testid="opp-create"
            >
              {t('opportunities.create')}
            </Button>
          )}
        </Space>
      </div>

      <Card className="pc-filter-card" size="small">
        <Form<FilterValues>
          form={form}
          layout="vertical"
          onFinish={applyFilters}
          initialValues={{ confidence: [0, 100], customerIds: initialCustomer ? [initialCustomer] : [] }}
          data-testid="opps-filter"
        >
          <Row gutter={16}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="search" label={t('filter.keyword')}>
                <Input allowClear placeholder={t('filter.keywordPlaceholder')} data-testid="filter-search" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="industries" label={t('opportunity.field.industry')}>
                <Select
                  mode="multiple"
                  allowClear
                  maxTagCount="responsive"
                  placeholder={t('filter.all')}
                  options={INDUSTRIES.map((v) => ({ value: v, label: t(`industry.${v}`) }))}
                  data-testid="filter-industries"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="types" label={t('opportunity.field.type')}>
                <Select
                  mode="multiple"
                  allowClear
                  maxTagCount="responsive"
                  placeholder={t('filter.all')}
                  options={OPPORTUNITY_TYPES.map((v) => ({ value: v, label: t(`opportunityType.${v}`) }))}
                  data-testid="filter-types"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="stages" label={t('opportunity.field.stage')}>
                <Select
                  mode="multiple"
                  allowClear
                  maxTagCount="responsive"
                  placeholder={t('filter.all')}
                  options={OPPORTUNITY_STAGES.map((v) => ({ value: v, label: t(`stage.${v}`) }))}
                  data-testid="filter-stages"
                />
              </Form.Item>
            </Col>
            {caps.seesTeam && (
              <ManagerFilterItem name="ownerIds" label={t('opportunity.field.owner')} testIdPrefix="owner" />
            )}
            <Col xs={24} md={12} xl={6}>
              <Form.Item
                name="customerIds"
                label={
                  <RevealAllToggle
                    field="NAME"
                    records={customers.records}
                    testId="reveal-customer-options"
                    label={t('opportunity.field.customer')}
                  />
                }
              >
                <CustomerSelect
                  search={customers}
                  multiple
                  allowClear
                  placeholder={customers.searchable ? t('filter.customerSearchPlaceholder') : t('filter.all')}
                  testId="filter-customers"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="confidence" label={t('filter.confidenceRange')}>
                <Slider
                  range
                  min={0}
                  max={100}
                  step={10}
                  marks={{ 0: '0%', 50: '50%', 100: '100%' }}
                  tooltip={{ formatter: (v) => `${v ?? 0}%` }}
                  data-testid="filter-confidence"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item label={t('filter.revenueRange')} style={{ marginBottom: 0 }}>
                <Space.Compact block>
                  <Form.Item name="revenueMin" noStyle>
                    <InputNumber<number>
                      min={0}
                      precision={2}
                      style={{ width: '50%' }}
                      placeholder={t('filter.min')}
                      data-testid="filter-revenue-min"
                    />
                  </Form.Item>
                  <Form.Item name="revenueMax" noStyle>
                    <InputNumber<number>
                      min={0}
                      precision={2}
                      style={{ width: '50%' }}
                      placeholder={t('filter.max')}
                      data-testid="filter-revenue-max"
                    />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="updatedAt" label={t('opportunity.field.updatedAt')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} data-testid="filter-updated" />
              </Form.Item>
            </Col>
            <Col xs={24} xl={caps.seesTeam ? 18 : 24} className="pc-filter-actions">
              <Space>
                <Button onClick={resetFilters} data-testid="filter-reset">
                  {t('filter.reset')}
                </Button>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filter-submit">
                  {t('filter.search')}
                </Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>

      <Card className="pc-table-card" size="small">
        {error && <Alert type="error" showIcon message={requestErrorMessage(t, error)} style={{ marginBottom: 12 }} />}
        <Table<Row>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          onChange={onTableChange}
          scroll={{ x: tableWidth }}
          tableLayout="fixed"
          showSorterTooltip={{ title: t('table.sortTip') }}
          locale={{
            emptyText: <Empty description={t('opportunities.empty')} data-testid="opps-empty" />,
            triggerAsc: t('table.sortAsc'),
            triggerDesc: t('table.sortDesc'),
            cancelSort: t('table.sortCancel'),
          }}
          className="pc-opps-table"
          data-testid="opps-table"
        />
        <ConnectionPager conn={conn} paging={paging} loading={loading} />
      </Card>
    </div>
  );
}
