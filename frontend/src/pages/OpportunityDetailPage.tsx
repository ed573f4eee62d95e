import { ArrowLeftOutlined, EditOutlined, SwapOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorResult, NotFoundResult } from '../components/ErrorResult';
import { MaskedText, RevealAllToggle } from '../components/MaskedText';
import { RevealProvider } from '../components/RevealProvider';
import { useReveal, type RevealItem } from '../components/reveal';
import {
  AssignableManagersDocument,
  OpportunityDocument,
  OpportunityProgressAddDocument,
  OpportunityReassignDocument,
  type OpportunityDetailFieldsFragment,
  type OpportunityStage,
} from '../gql/graphql';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { ExplainAccessLink } from '../components/ExplainAccessLink';
import { useI18n } from '../i18n/useI18n';
import { OPPORTUNITY_STAGES, STAGE_COLORS } from '../lib/enums';
import { requestErrorMessage, userErrorMessage } from '../lib/errors';
import { formatDateTime, formatMoney, formatPercent } from '../lib/format';
import { canReveal } from '../lib/masking';
import { GraphQLClientError } from '../lib/graphqlClient';
import { SharePoButton } from './sharing/SharePoButton';

const PROGRESS_NOTE_MAX = 2000;

export function OpportunityDetailPage() {
  return (
    <RevealProvider>
      <OpportunityDetailView />
    </RevealProvider>
  );
}

function OpportunityDetailView() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { data, error, loading, refetch } = useQuery(OpportunityDocument, { id });

  if (error && !data) {
    return error.code === 'NOT_FOUND' ? (
      <NotFoundResult onBack={() => navigate('/opportunities')} backTo={t('opportunity.backToList')} />
    ) : (
      <ErrorResult error={error} onRetry={refetch} />
    );
  }
  if (!data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const node = data.node;
  if (!node || node.__typename !== 'Opportunity') {
    return <NotFoundResult onBack={() => navigate('/opportunities')} backTo={t('opportunity.backToList')} />;
  }
  return <OpportunityDetail opp={node} reload={refetch} loading={loading} />;
}

function OpportunityDetail({
  opp,
  reload,
  loading,
}: {
  opp: OpportunityDetailFieldsFragment;
  reload: () => void;
  loading: boolean;
}) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [reassignOpen, setReassignOpen] = useState(false);
  const customer = opp.customer;
  const authors = opp.progressUpdates.flatMap((p) => (p.author ? [p.author] : []));
  const reveal = useReveal();
  // The name, description and notes name the customer masked while its name is: revealing the
  // customer's name reveals them too (one audited call), shown from the clear texts.
  const textsShown = canReveal('TEXT', opp);
  const texts = parseTexts(textsShown ? reveal.get(opp.id, 'TEXT') : undefined);
  const companions: RevealItem[] = textsShown ? [{ id: opp.id, field: 'TEXT' }] : [];

  return (
    <div data-testid="opportunity-detail" data-opportunity-id={opp.id}>
      <div className="pc-page-head">
        <div>
          <Space align="center" wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/opportunities')} aria-label={t('common.back')} />
            <Typography.Title level={4} className="pc-page-title" data-testid="opp-detail-name">
              {texts?.name ?? opp.name}
            </Typography.Title>
            <Tag color={STAGE_COLORS[opp.stage]} data-testid="opp-detail-stage">
              {t(`stage.${opp.stage}`)}
            </Tag>
          </Space>
        </div>
        <Space>
          <ExplainAccessLink id={opp.id} />
          {opp.viewerCanUpdate && <SharePoButton opportunityId={opp.id} />}
          {opp.viewerCanReassign && (
            <Button icon={<SwapOutlined />} onClick={() => setReassignOpen(true)} data-testid="opp-reassign">
              {t('opportunity.reassign')}
            </Button>
          )}
          {opp.viewerCanUpdate && (
            <Button
              type="primary"
              icon={<EditOutlined />}
              onClick={() => navigate(`/opportunities/${encodeURIComponent(opp.id)}/edit`)}
              data-testid="opp-detail-edit"
            >
              {t('common.edit')}
            </Button>
          )}
        </Space>
      </div>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title={t('opportunity.section.basic')} size="small" loading={loading && !opp}>
            <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} size="small" bordered>
              <Descriptions.Item label={t('opportunity.field.customer')} span={2}>
                {customer ? (
                  <MaskedText
                    id={customer.id}
                    field="NAME"
                    value={customer.name}
                    rights={customer}
                    testId="opp-detail-customer"
                    companions={companions}
                    wrap={(text) => <Link to={`/customers/${encodeURIComponent(customer.id)}`}>{text}</Link>}
                  />
                ) : (
                  t('common.none')
                )}
              </Descriptions.Item>
              {customer && (
                <Descriptions.Item label={t('customer.field.accountName')}>
                  <MaskedText
                    id={customer.id}
                    field="ACCOUNT_NAME"
                    value={customer.accountName}
                    rights={customer}
                    testId="opp-detail-account"
                  />
                </Descriptions.Item>
              )}
              {customer && (
                <Descriptions.Item label={t('customer.field.associationType')}>
                  {t(`associationType.${customer.associationType}`)}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('opportunity.field.industry')}>{t(`industry.${opp.industry}`)}</Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.type')}>{t(`opportunityType.${opp.type}`)}</Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.confidence')}>
                <span data-testid="opp-detail-confidence">{formatPercent(opp.confidence, locale)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.revenue')}>
                <span data-testid="opp-detail-revenue">
                  {formatMoney(opp.expectedMonthlyRevenue.amount, opp.expectedMonthlyRevenue.currency, locale)}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.owner')}>
                <MaskedText id={opp.owner.id} field="NAME" value={opp.owner.name} rights={opp.owner} testId="opp-detail-owner" />
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.createdAt')}>{formatDateTime(opp.createdAt, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.updatedAt')}>{formatDateTime(opp.updatedAt, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.description')} span={2}>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="opp-detail-description">
                  {(texts?.description ?? opp.description) || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
                </Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card
            title={
              <RevealAllToggle field="NAME" records={authors} testId="reveal-page-author-name" label={t('opportunity.section.progress')} />
            }
            size="small"
            data-testid="opp-progress"
          >
            {opp.viewerCanUpdate && <ProgressForm opp={opp} onAdded={reload} />}
            {opp.progressUpdates.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('opportunity.progress.empty')} />
            ) : (
              <Timeline
                className="pc-timeline"
                items={[...opp.progressUpdates]
                  .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
                  .map((p) => ({
                    color: p.stage === 'LOST' ? 'red' : p.stage === 'WON' ? 'green' : 'blue',
                    children: (
                      <div data-testid="progress-item">
                        <Space size={8} wrap>
                          <Typography.Text type="secondary">{formatDateTime(p.createdAt, locale)}</Typography.Text>
                          <Tag color={STAGE_COLORS[p.stage]} bordered={false}>
                            {t(`stage.${p.stage}`)}
                          </Tag>
                          {p.author && (
                            <Typography.Text type="secondary">
                              <MaskedText id={p.author.id} field="NAME" value={p.author.name} rights={p.author} />
                            </Typography.Text>
                          )}
                        </Space>
                        <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }} data-testid="progress-note">
                          {texts?.progress?.[p.id] ?? p.note}
                        </Typography.Paragraph>
                      </div>
                    ),
                  }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      {opp.viewerCanReassign && (
        <ReassignModal opp={opp} open={reassignOpen} onClose={() => setReassignOpen(false)} onDone={reload} />
      )}
    </div>
  );
}

function ProgressForm({ opp, onAdded }: { opp: OpportunityDetailFieldsFragment; onAdded: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string; stage: OpportunityStage }>();
  const [add, { loading }] = useMutation(OpportunityProgressAddDocument);

  const onFinish = async (values: { note: string; stage: OpportunityStage }) => {
    try {
      const data = await add({ input: { opportunityId: opp.id, note: values.note.trim(), stage: values.stage } });
      const errs = data.opportunityProgressAdd.userErrors;
      if (errs.length > 0) {
        form.setFields(
          errs.map((e) => ({ name: e.field === 'stage' ? 'stage' : 'note', errors: [userErrorMessage(t, locale, e)] })),
        );
        return;
      }
      message.success(t('opportunity.progress.added'));
      form.resetFields(['note']);
      onAdded();
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      initialValues={{ stage: opp.stage }}
      className="pc-progress-form"
      data-testid="progress-form"
    >
      <Form.Item
        name="note"
        label={t('opportunity.progress.note')}
        rules={[
          { required: true, whitespace: true, message: t('opportunity.progress.noteRequired') },
          { max: PROGRESS_NOTE_MAX, message: t('validation.maxLength', { max: PROGRESS_NOTE_MAX }) },
        ]}
      >
        <Input.TextArea
          rows={3}
          maxLength={PROGRESS_NOTE_MAX}
          showCount
          placeholder={t('opportunity.progress.notePlaceholder')}
          data-testid="progress-note-input"
        />
      </Form.Item>
      <Space align="end" wrap>
        <Form.Item name="stage" label={t('opportunity.progress.stage')} style={{ marginBottom: 0 }}>
          <Select
            style={{ width: 160 }}
            options={OPPORTUNITY_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
            data-testid="progress-stage"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={loading} data-testid="progress-submit">
          {t('opportunity.progress.add')}
        </Button>
      </Space>
    </Form>
  );
}

function ReassignModal({
  opp,
  open,
  onClose,
  onDone,
}: {
  opp: OpportunityDetailFieldsFragment;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const reveal = useReveal();
  const managers = useQuery(AssignableManagersDocument, {}, { skip: !open });
  const [ownerId, setOwnerId] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [reassign, { loading }] = useMutation(OpportunityReassignDocument);
  const list = (managers.data?.assignableManagers ?? []).filter((m) => m.id !== opp.owner.id);

  const submit = async () => {
    if (!ownerId) {
      setError(t('opportunity.reassignPick'));
      return;
    }
    try {
      const data = await reassign({ input: { id: opp.id, ownerId } });
      const errs = data.opportunityReassign.userErrors;
      if (errs.length > 0) {
        setError(userErrorMessage(t, locale, errs[0]));
        return;
      }
      message.success(t('opportunity.reassigned'));
      setOwnerId(undefined);
      setError(null);
      onClose();
      onDone();
    } catch (err) {
      setError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  return (
    <Modal
      open={open}
      title={t('opportunity.reassignTitle')}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      destroyOnHidden
      data-testid="reassign-modal"
    >
      <Typography.Paragraph type="secondary">{t('opportunity.reassignHint')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <RevealAllToggle field="NAME" records={list} testId="reveal-reassign-options" label={t('opportunity.newOwner')} />
        <Select
          style={{ width: '100%' }}
          value={ownerId}
          onChange={(v) => {
            setOwnerId(v);
            setError(null);
          }}
          loading={managers.loading}
          placeholder={t('opportunity.reassignPick')}
          status={error ? 'error' : undefined}
          options={list.map((m) => ({
            value: m.id,
            label: `${reveal.get(m.id, 'NAME') ?? m.name} · ${t(`role.${m.role}`)}`,
          }))}
          notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('opportunity.noManagers')} />}
          data-testid="reassign-select"
        />
        {error && (
          <Typography.Text type="danger" data-testid="reassign-error">
            {error}
          </Typography.Text>
        )}
      </Space>
    </Modal>
  );
}

interface ClearTexts {
  name?: string;
  description?: string;
  progress?: Record<string, string>;
}

/** The clear texts a TEXT reveal returned (kept as JSON), or undefined. */
function parseTexts(json: string | undefined): ClearTexts | undefined {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as ClearTexts;
  } catch {
    return undefined;
  }
}
