import { SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
  type TableProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ConnectionPager } from '../../components/ConnectionPager';
import { CustomerSelect } from '../../components/CustomerSelect';
import { RevealAllToggle } from '../../components/MaskedText';
import { DateCell } from '../../components/DateCell';
import { RevealProvider } from '../../components/RevealProvider';
import {
  AssociationRequestsDocument,
  AssociationUnbindRequestApproveDocument,
  AssociationUnbindRequestRejectDocument,
  type AssociationLogAction,
  type AssociationLogFilter,
  type AssociationRequestsQuery,
} from '../../gql/graphql';
import { useCursorPaging } from '../../hooks/useCursorPaging';
import { useCustomerSearch } from '../../hooks/useCustomerSearch';
import { useMutation, useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage } from '../../lib/errors';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { useSession } from '../../session/context';
import { AssociationLogTable } from './AssociationLogTable';
import { LOG_ACTIONS, useUserErrorText } from '../../lib/association';
import { CustomerCell, PersonCell, RequestStateTag } from './shared';

interface LogFilterValues {
  customerIds?: string[];
  actions?: AssociationLogAction[];
  at?: [Dayjs | null, Dayjs | null] | null;
}

/** 关联关系操作记录 (every role with the log) and, for the partner admin, customers' unbind requests. */
export function AssociationLogPage() {
  return (
    <RevealProvider>
      <AssociationLogView />
    </RevealProvider>
  );
}

function AssociationLogView() {
  const { t } = useI18n();
  const { caps } = useSession();
  const [form] = Form.useForm<LogFilterValues>();
  const [values, setValues] = useState<LogFilterValues>({});
  const [refreshKey, setRefreshKey] = useState(0);
  const [params] = useSearchParams();
  const customers = useCustomerSearch();
  const filter = useMemo<AssociationLogFilter>(() => {
    const f: AssociationLogFilter = {};
    if (values.actions?.length) f.actions = values.actions;
    if (values.customerIds?.length) f.customerIds = values.customerIds;
    const [from, to] = values.at ?? [null, null];
    if (from || to) f.at = { from: from ? from.startOf('day').toISOString() : null, to: to ? to.endOf('day').toISOString() : null };
    return f;
  }, [values]);

  const log = (
    <>
      <Form<LogFilterValues> form={form} layout="vertical" onFinish={setValues} data-testid="association-log-filter">
        <Row gutter={16}>
          <Col xs={24} md={12} xl={8}>
            <Form.Item
              name="customerIds"
              label={
                <RevealAllToggle
                  field="NAME"
                  records={customers.records}
                  testId="reveal-log-customer-options"
                  label={t('association.log.field.customer')}
                />
              }
            >
              <CustomerSelect
                search={customers}
                multiple
                allowClear
                placeholder={customers.searchable ? t('filter.customerSearchPlaceholder') : t('filter.all')}
                testId="filter-log-customers"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="actions" label={t('association.log.field.action')}>
              <Select
                mode="multiple"
                allowClear
                maxTagCount="responsive"
                placeholder={t('filter.all')}
                options={LOG_ACTIONS.map((a) => ({ value: a, label: t(`association.action.${a}`) }))}
                data-testid="filter-log-actions"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="at" label={t('association.log.field.at')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24} className="pc-filter-actions">
            <Space>
              <Button
                onClick={() => {
                  form.resetFields();
                  setValues({});
                }}
              >
                {t('filter.reset')}
              </Button>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="association-log-search">
                {t('filter.search')}
              </Button>
            </Space>
          </Col>
        </Row>
      </Form>
      <AssociationLogTable filter={filter} refreshKey={refreshKey} />
    </>
  );

  return (
    <div data-testid="association-log-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('association.log.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('association.log.subtitle')}</Typography.Text>
        </div>
      </div>
      <Card className="pc-table-card" size="small">
        {caps.associationAdmin ? (
          <Tabs
            defaultActiveKey={params.get('tab') === 'unbind' ? 'unbind' : 'log'}
            items={[
              { key: 'log', label: <span data-testid="tab-log">{t('association.tab.log')}</span>, children: log },
              {
                key: 'unbind',
                label: <span data-testid="tab-unbind-requests">{t('association.tab.unbindRequests')}</span>,
                children: <UnbindRequests onChanged={() => setRefreshKey((n) => n + 1)} />,
              },
            ]}
          />
        ) : (
          log
        )}
      </Card>
    </div>
  );
}

type RequestRow = AssociationRequestsQuery['associationRequests']['nodes'][number];

function UnbindRequests({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useUserErrorText();
  const paging = useCursorPaging(20);
  const { data, error, loading, refetch } = useQuery(AssociationRequestsDocument, {
    ...paging.vars,
    filter: { initiators: ['CUSTOMER'] },
  });
  const [approve] = useMutation(AssociationUnbindRequestApproveDocument);
  const [reject, rejecting] = useMutation(AssociationUnbindRequestRejectDocument);
  const [rejectFor, setRejectFor] = useState<RequestRow | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const conn = data?.associationRequests;

  const done = (text: string) => {
    message.success(text);
    refetch();
    onChanged();
  };
  const fail = (e: unknown) =>
    message.error(e instanceof GraphQLClientError ? requestErrorMessage(t, e) : t('error.UNKNOWN'));

  const onApprove = async (r: RequestRow) => {
    try {
      const res = await approve({ input: { requestId: r.id } });
      const err = errorText(res.associationUnbindRequestApprove.userErrors);
      if (err) message.error(err);
      else done(t('association.unbindRequests.approved'));
    } catch (e) {
      fail(e);
    }
  };
  const onReject = async () => {
    if (!rejectFor) return;
    const { reason } = await form.validateFields();
    try {
      const res = await reject({ input: { requestId: rejectFor.id, reason } });
      const err = errorText(res.associationUnbindRequestReject.userErrors);
      if (err) {
        message.error(err);
        return;
      }
      setRejectFor(null);
      form.resetFields();
      done(t('association.unbindRequests.rejected'));
    } catch (e) {
      fail(e);
    }
  };

  const columns: TableProps<RequestRow>['columns'] = [
    { key: 'at', title: t('association.field.requestedAt'), width: 120, render: (_: unknown, r) => <DateCell iso={r.requestedAt} /> },
    { key: 'customer', title: t('association.field.partnerCustomer'), width: 220, render: (_: unknown, r) => <CustomerCell customer={r.customer} /> },
    { key: 'by', title: t('association.field.requestedBy'), width: 120, render: (_: unknown, r) => <PersonCell person={r.requestedBy} /> },
    { key: 'reason', title: t('association.field.reason'), render: (_: unknown, r) => r.reason || t('common.none') },
    { key: 'state', title: t('association.field.state'), width: 110, render: (_: unknown, r) => <RequestStateTag state={r.state} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 180,
      render: (_: unknown, r) =>
        r.state === 'PENDING' ? (
          <Space>
            <Popconfirm
              title={t('association.unbindRequests.approve')}
              description={<div style={{ maxWidth: 280 }}>{t('association.unbindRequests.approveConfirm')}</div>}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => onApprove(r)}
            >
              <Button size="small" type="primary" danger data-testid="unbind-approve">
                {t('association.unbindRequests.approve')}
              </Button>
            </Popconfirm>
            <Button size="small" onClick={() => setRejectFor(r)} data-testid="unbind-reject">
              {t('association.unbindRequests.reject')}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{r.decisionReason || t('common.none')}</Typography.Text>
        ),
    },
  ];
  return (
    <>
      {error && <Alert type="error" showIcon message={requestErrorMessage(t, error)} style={{ marginBottom: 12 }} />}
      <Table<RequestRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={conn?.nodes ?? []}
        loading={loading}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('association.unbindRequests.empty')} /> }}
        data-testid="unbind-requests-table"
      />
      <ConnectionPager conn={conn} paging={paging} loading={loading} testId="unbind-requests-pager" />
      <Modal
        open={rejectFor !== null}
        title={t('association.unbindRequests.rejectTitle')}
        okText={t('association.unbindRequests.reject')}
        cancelText={t('common.cancel')}
        onOk={onReject}
        onCancel={() => setRejectFor(null)}
        okButtonProps={{ loading: rejecting.loading, 'data-testid': 'unbind-reject-submit' } as never}
        destroyOnClose
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('association.unbindRequests.rejectReason')}
            rules={[{ required: true, whitespace: true, message: t('association.unbindRequests.rejectReasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="unbind-reject-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
