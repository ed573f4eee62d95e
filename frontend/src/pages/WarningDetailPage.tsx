import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, Radio, Row, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorResult, NotFoundResult } from '../components/ErrorResult';
import { MaskedText } from '../components/MaskedText';
import { RevealProvider } from '../components/RevealProvider';
import {
  CustomerWarningDocument,
  WarningProcessDocument,
  type WarningDetailFieldsFragment,
  type WarningResult,
} from '../gql/graphql';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage, userErrorField, userErrorMessage } from '../lib/errors';
import { formatDate, formatDateTime, formatMoney } from '../lib/format';
import { GraphQLClientError } from '../lib/graphqlClient';
import { LEVEL_COLORS, RESULTS_BY_KIND, STATE_COLORS } from './warnings/labels';

type Signal = WarningDetailFieldsFragment['signals'][number];

export function WarningDetailPage() {
  return (
    <RevealProvider>
      <WarningDetailView />
    </RevealProvider>
  );
}

function WarningDetailView() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { data, error, loading, refetch } = useQuery(CustomerWarningDocument, { id });
  const back = () => navigate('/warnings');
  if (error && !data) {
    return error.code === 'NOT_FOUND' ? (
      <NotFoundResult onBack={back} backTo={t('warnings.detail.backToList')} />
    ) : (
      <ErrorResult error={error} onRetry={refetch} />
    );
  }
  if (!data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const node = data.node;
  if (!node || node.__typename !== 'CustomerWarning') {
    return <NotFoundResult onBack={back} backTo={t('warnings.detail.backToList')} />;
  }
  return <WarningDetail warning={node} reload={refetch} loading={loading} />;
}

function WarningDetail({ warning, reload, loading }: { warning: WarningDetailFieldsFragment; reload: () => void; loading: boolean }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const customer = warning.customer;

  return (
    <div data-testid="warning-detail" data-warning-id={warning.id} data-state={warning.state}>
      <div className="pc-page-head">
        <Space align="center" wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`/warnings?kind=${warning.kind}`)} aria-label={t('common.back')} />
          <Typography.Title level={4} className="pc-page-title">
            {t(`warnings.tab.${warning.kind}`)}
          </Typography.Title>
          <Tag color={LEVEL_COLORS[warning.level]}>{t(`warnings.level.${warning.level}`)}</Tag>
          <Tag color={STATE_COLORS[warning.state]} data-testid="warning-detail-state">
            {t(`warnings.state.${warning.state}`)}
          </Tag>
        </Space>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title={t('warnings.detail.title')} size="small" loading={loading && !warning}>
            <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} size="small" bordered>
              <Descriptions.Item label={t('warnings.field.customer')} span={2}>
                {customer ? (
                  <MaskedText
                    id={customer.id}
                    field="NAME"
                    value={customer.name}
                    rights={customer}
                    testId="warning-detail-customer"
                    wrap={(text) => <Link to={`/customers/${encodeURIComponent(customer.id)}`}>{text}</Link>}
                  />
                ) : (
                  t('common.none')
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('warnings.field.manager')}>
                {warning.manager ? (
                  <MaskedText id={warning.manager.id} field="NAME" value={warning.manager.name} rights={warning.manager} testId="warning-detail-manager" />
                ) : (
                  t('common.none')
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('warnings.field.period')}>{warning.period}</Descriptions.Item>
              <Descriptions.Item label={t('warnings.field.rules')} span={2}>
                <Space size={[0, 4]} wrap>
                  {warning.rules.map((code) => (
                    <Tag key={code} bordered={false}>
                      {code}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('warnings.field.createdAt')}>{formatDateTime(warning.createdAt, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('warnings.field.evaluatedAt')}>{formatDateTime(warning.evaluatedAt, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('warnings.field.result')}>
                {warning.result ? t(`warnings.result.${warning.result}`) : t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('warnings.field.processedAt')}>
                {warning.processedAt ? formatDateTime(warning.processedAt, locale) : t('common.none')}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('warnings.detail.signals')} size="small" style={{ marginTop: 16 }}>
            <Signals warning={warning} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          {warning.viewerCanProcess ? (
            <ProcessForm warning={warning} onDone={reload} />
          ) : (
            <Alert type="info" showIcon message={t('warnings.detail.notProcessable')} data-testid="warning-not-processable" />
          )}
          <Card title={t('warnings.detail.history')} size="small" style={{ marginTop: 16 }} data-testid="warning-history">
            {warning.history.length === 0 ? (
              <Empty description={t('warnings.detail.historyEmpty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                items={warning.history.map((h) => ({
                  key: h.id,
                  children: (
                    <div data-testid="warning-history-item" data-result={h.result}>
                      <Space wrap>
                        <Tag color="blue">{t(`warnings.result.${h.result}`)}</Tag>
                        <Typography.Text type="secondary">{formatDateTime(h.createdAt, locale)}</Typography.Text>
                        {h.actor && <MaskedText id={h.actor.id} field="NAME" value={h.actor.name} rights={h.actor} testId="warning-history-actor" />}
                      </Space>
                      {h.reason && <div>{t('warnings.labelValue', { label: t('warnings.process.reason'), value: h.reason })}</div>}
                      {h.churnDate && (
                        <div>{t('warnings.labelValue', { label: t('warnings.process.churnDate'), value: formatDate(h.churnDate, locale) })}</div>
                      )}
                      {h.measures && (
                        <div data-testid="warning-history-measures">
                          {t('warnings.labelValue', { label: t('warnings.process.measures'), value: h.measures })}
                        </div>
                      )}
                      {h.followUpDate && (
                        <div data-testid="warning-history-follow-up">
                          {t('warnings.labelValue', { label: t('warnings.process.followUpDate'), value: formatDate(h.followUpDate, locale) })}
                        </div>
                      )}
                      {h.note && <div>{t('warnings.labelValue', { label: t('warnings.process.note'), value: h.note })}</div>}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function Signals({ warning }: { warning: WarningDetailFieldsFragment }) {
  const { t, locale } = useI18n();
  if (warning.kind === 'CHURN') {
    return (
      <Table<Signal>
        rowKey={(s) => s.month ?? ''}
        size="small"
        pagination={false}
        dataSource={warning.signals}
        data-testid="warning-signals"
        columns={[
          { key: 'month', title: t('warnings.signal.month'), render: (_: unknown, s: Signal) => s.month },
          {
            key: 'amount',
            title: t('warnings.signal.amount'),
            align: 'right',
            render: (_: unknown, s: Signal) => (s.amount ? formatMoney(s.amount.amount, s.amount.currency, locale) : ''),
          },
          {
            key: 'change',
            title: t('warnings.signal.change'),
            align: 'right',
            render: (_: unknown, s: Signal) =>
              s.changePercent == null ? (
                t('common.none')
              ) : (
                <Typography.Text type={s.changePercent < 0 ? 'danger' : 'success'}>
                  {s.changePercent > 0 ? '+' : ''}
                  {s.changePercent.toFixed(1)}%
                </Typography.Text>
              ),
          },
        ]}
      />
    );
  }
  return (
    <Descriptions column={1} size="small" bordered data-testid="warning-signals">
      {warning.signals.map((s, i) => (
        <Descriptions.Item key={i} label={`${s.product ?? ''} ${s.resourceName ?? ''}`}>
          <Space wrap>
            <span>{s.spec}</span>
            <span>{t('warnings.labelValue', { label: t('warnings.signal.expiresAt'), value: formatDateTime(s.expiresAt, locale) })}</span>
            <Tag color={(s.daysLeft ?? 99) <= 7 ? 'red' : 'orange'}>{t('warnings.signal.days', { days: s.daysLeft ?? 0 })}</Tag>
          </Space>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

interface ProcessValues {
  result?: WarningResult;
  reason?: string;
  churnDate?: Dayjs | null;
  measures?: string;
  followUpDate?: Dayjs | null;
  note?: string;
}

const FORM_FIELDS = ['result', 'reason', 'churnDate', 'measures', 'followUpDate', 'note'] as const;

function ProcessForm({ warning, onDone }: { warning: WarningDetailFieldsFragment; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProcessValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const [run, { loading }] = useMutation(WarningProcessDocument);
  const result = Form.useWatch('result', form);
  const results = RESULTS_BY_KIND[warning.kind];
  const today = dayjs().startOf('day');

  const submit = async (v: ProcessValues) => {
    setFormError(null);
    try {
      const out = await run({
        input: {
          id: warning.id,
          result: v.result as WarningResult,
          reason: v.reason ?? '',
          churnDate: v.churnDate ? v.churnDate.format('YYYY-MM-DD') : null,
          measures: v.measures ?? '',
          followUpDate: v.followUpDate ? v.followUpDate.format('YYYY-MM-DD') : null,
          note: v.note ?? '',
        },
      });
      const errors = out.warningProcess.userErrors;
      if (errors.length) {
        const unplaced: string[] = [];
        form.setFields(
          errors.flatMap((e) => {
            const field = userErrorField(e);
            if (field && (FORM_FIELDS as readonly string[]).includes(field)) {
              return [{ name: field as (typeof FORM_FIELDS)[number], errors: [userErrorMessage(t, locale, e)] }];
            }
            unplaced.push(userErrorMessage(t, locale, e));
            return [];
          }),
        );
        if (unplaced.length) setFormError(unplaced.join(' '));
        return;
      }
      message.success(t('warnings.process.success'));
      form.resetFields();
      onDone();
    } catch (err) {
      setFormError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : String(err));
    }
  };

  const required = [{ required: true, whitespace: true, message: t('userError.BLANK') }];

  return (
    <Card title={warning.state === 'PROCESSED' ? t('warnings.process.again') : t('warnings.process.title')} size="small" data-testid="warning-process">
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} data-testid="warning-process-error" />}
      <Form<ProcessValues> form={form} layout="vertical" onFinish={submit} initialValues={{ result: results[0] }}>
        <Form.Item name="result" label={t('warnings.process.result')} rules={[{ required: true }]}>
          <Radio.Group data-testid="warning-process-result">
            {results.map((r) => (
              <Radio.Button key={r} value={r}>
                <span data-testid={`warning-result-${r}`}>{t(`warnings.result.${r}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {result === 'CHURNED' && (
          <>
            <Form.Item name="reason" label={t('warnings.process.reason')} rules={required}>
              <Input.TextArea rows={3} maxLength={500} showCount data-testid="warning-process-reason" />
            </Form.Item>
            <Form.Item name="churnDate" label={t('warnings.process.churnDate')} rules={[{ required: true, message: t('userError.BLANK') }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today, 'day')} data-testid="warning-process-churn-date" />
            </Form.Item>
          </>
        )}
        {result === 'NOT_CHURNED' && (
          <>
            <Form.Item name="measures" label={t('warnings.process.measures')} rules={required}>
              <Input.TextArea rows={3} maxLength={1000} showCount data-testid="warning-process-measures" />
            </Form.Item>
            <Form.Item name="followUpDate" label={t('warnings.process.followUpDate')} rules={[{ required: true, message: t('userError.BLANK') }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(today, 'day')} data-testid="warning-process-follow-up" />
            </Form.Item>
          </>
        )}
        {result && warning.kind === 'RESOURCE' && (
          <Form.Item
            name="note"
            label={t('warnings.process.note')}
            rules={result === 'OTHER' ? [{ required: true, whitespace: true, message: t('warnings.process.noteRequired') }] : []}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid="warning-process-note" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={loading} data-testid="warning-process-submit">
          {t('warnings.process.submit')}
        </Button>
      </Form>
    </Card>
  );
}
