import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Empty, Form, Input, List, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ErrorResult } from '../../components/ErrorResult';
import { MaskedText } from '../../components/MaskedText';
import { RevealProvider } from '../../components/RevealProvider';
import {
  PceJoinDocument,
  PcePartnersDocument,
  PcePlanDocument,
  PceTermsPublishDocument,
  type PceEligibilityFieldsFragment,
  type PcePlanQuery,
} from '../../gql/graphql';
import { useMutation, useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage, userErrorMessage } from '../../lib/errors';
import { applyUserErrors } from '../../lib/formErrors';
import { formatDateTime } from '../../lib/format';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { useSession } from '../../session/context';

/** 合作伙伴共拓计划 (PCE): the terms, joining (partner admin), and the eligibility explained. */
export function PcePlanPage() {
  const { t } = useI18n();
  const { caps } = useSession();
  const { data, error, refetch } = useQuery(PcePlanDocument, {});
  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;
  if (!data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const plan = data.pcePlan;
  return (
    <RevealProvider>
      <div data-testid="pce-page">
        <div className="pc-page-head">
          <div>
            <Typography.Title level={4} className="pc-page-title">
              {t('sharing.pce.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('sharing.pce.subtitle')}</Typography.Text>
          </div>
        </div>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <TermsCard plan={plan} onJoined={refetch} />
          </Col>
          <Col xs={24} xl={10}>
            {plan.eligibility && <EligibilityCard eligibility={plan.eligibility} />}
            {caps.vendorSharing && <PublishCard onPublished={refetch} />}
          </Col>
        </Row>
        {caps.vendorSharing && <PartnersCard />}
      </div>
    </RevealProvider>
  );
}

function TermsCard({ plan, onJoined }: { plan: PcePlanQuery['pcePlan']; onJoined: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [agreed, setAgreed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [join, { loading }] = useMutation(PceJoinDocument);
  const terms = plan.currentTerms;
  const m = plan.membership;
  const needsAcceptance = plan.viewerCanJoin && (!m || !m.acceptedCurrentTerms);

  const onJoin = async () => {
    if (!terms) return;
    try {
      const data = await join({ input: { termsId: terms.id } });
      const errs = data.pceJoin.userErrors;
      if (errs.length > 0) {
        setError(userErrorMessage(t, locale, errs[0]));
        return;
      }
      message.success(t('sharing.pce.joined'));
      onJoined();
    } catch (err) {
      setError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  return (
    <Card
      size="small"
      title={t('sharing.pce.terms')}
      extra={terms && <Tag data-testid="pce-terms-version">{t('sharing.pce.version', { version: terms.version })}</Tag>}
      data-testid="pce-terms"
    >
      {!terms ? (
        <Empty description={t('sharing.pce.noTerms')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {terms.title}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('sharing.pce.publishedAt')}: {formatDateTime(terms.publishedAt, locale)}
          </Typography.Text>
          <div className="pc-terms-body" style={{ maxHeight: 320, overflow: 'auto', background: '#fafafa', padding: 12, borderRadius: 4 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="pce-terms-body">
              {terms.body}
            </Typography.Paragraph>
          </div>
          {plan.eligibility && (
            <Descriptions size="small" column={1} bordered title={t('sharing.pce.membership')}>
              <Descriptions.Item label={t('sharing.pce.membership')}>
                <Tag color={m ? 'green' : 'default'} data-testid="pce-member" data-member={m ? 'yes' : 'no'}>
                  {t(m ? 'sharing.pce.member' : 'sharing.pce.notMember')}
                </Tag>
              </Descriptions.Item>
              {m && (
                <>
                  <Descriptions.Item label={t('sharing.pce.acceptedVersion')}>{m.termsVersion}</Descriptions.Item>
                  <Descriptions.Item label={t('sharing.pce.acceptedAt')}>{formatDateTime(m.acceptedAt, locale)}</Descriptions.Item>
                  <Descriptions.Item label={t('sharing.pce.acceptedBy')}>
                    {m.acceptedBy ? (
                      <MaskedText id={m.acceptedBy.id} field="NAME" value={m.acceptedBy.name} rights={m.acceptedBy} />
                    ) : (
                      t('common.none')
                    )}
                  </Descriptions.Item>
                </>
              )}
            </Descriptions>
          )}
          {m && !m.acceptedCurrentTerms && <Alert type="warning" showIcon message={t('sharing.pce.newVersion')} />}
          {needsAcceptance && (
            <Space direction="vertical">
              <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="pce-agree">
                {t('sharing.pce.agree')}
              </Checkbox>
              <Button type="primary" disabled={!agreed} loading={loading} onClick={onJoin} data-testid="pce-join">
                {t('sharing.pce.join')}
              </Button>
            </Space>
          )}
          {!plan.viewerCanJoin && plan.eligibility && !m && (
            <Typography.Text type="secondary">{t('sharing.pce.adminOnly')}</Typography.Text>
          )}
          {error && (
            <Typography.Text type="danger" data-testid="pce-join-error">
              {error}
            </Typography.Text>
          )}
        </Space>
      )}
    </Card>
  );
}

/** The eligibility decision and every criterion, met or missing, as the API computed them. */
export function EligibilityCard({ eligibility }: { eligibility: PceEligibilityFieldsFragment }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={t('sharing.pce.eligibility')}
      extra={
        <Tag color={eligibility.eligible ? 'green' : 'orange'} data-testid="pce-eligible" data-eligible={String(eligibility.eligible)}>
          {t(eligibility.eligible ? 'sharing.pce.eligible' : 'sharing.pce.notEligible')}
        </Tag>
      }
      style={{ marginBottom: 16 }}
      data-testid="pce-eligibility"
    >
      <Typography.Paragraph type="secondary">{t('sharing.pce.rule')}</Typography.Paragraph>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('sharing.pce.pathStage')}>{t(`sharing.pathStage.${eligibility.pathStage}`)}</Descriptions.Item>
        <Descriptions.Item label={t('sharing.pce.deliveredPos')}>{eligibility.deliveredPos}</Descriptions.Item>
      </Descriptions>
      <List
        size="small"
        dataSource={eligibility.criteria}
        renderItem={(c) => (
          <List.Item data-testid="pce-criterion" data-criterion={c.criterion} data-met={String(c.met)}>
            <Space>
              {c.met ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <CloseCircleOutlined style={{ color: '#bfbfbf' }} />}
              {t(`sharing.criterion.${c.criterion}`, { actual: c.actual ?? 0, required: c.required ?? 0 })}
            </Space>
          </List.Item>
        )}
      />
      {eligibility.missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="pce-missing"
          message={`${t('sharing.pce.missing')} ${eligibility.missing
            .map((c) => {
              const found = eligibility.criteria.find((x) => x.criterion === c);
              return t(`sharing.criterion.${c}`, { actual: found?.actual ?? 0, required: found?.required ?? 0 });
            })
            .join('；')}`}
        />
      )}
    </Card>
  );
}

function PublishCard({ onPublished }: { onPublished: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ version: string; title: string; body: string }>();
  const [publish, { loading }] = useMutation(PceTermsPublishDocument);
  const [loose, setLoose] = useState<string[]>([]);
  const onFinish = async (v: { version: string; title: string; body: string }) => {
    try {
      const data = await publish({ input: v });
      const errs = data.pceTermsPublish.userErrors;
      if (errs.length > 0) {
        setLoose(applyUserErrors(form, errs, t, locale, ['version', 'title', 'body']));
        return;
      }
      message.success(t('sharing.pce.published'));
      form.resetFields();
      onPublished();
    } catch (err) {
      setLoose([err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN')]);
    }
  };
  return (
    <Card size="small" title={t('sharing.pce.publish')} data-testid="pce-publish">
      {loose.map((m) => (
        <Alert key={m} type="error" showIcon message={m} style={{ marginBottom: 8 }} />
      ))}
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item name="version" label={t('sharing.pce.publishVersion')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="title" label={t('sharing.pce.publishTitle')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label={t('sharing.pce.publishBody')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={loading}>
          {t('sharing.pce.publish')}
        </Button>
      </Form>
    </Card>
  );
}

function PartnersCard() {
  const { t } = useI18n();
  const { data, loading } = useQuery(PcePartnersDocument, {});
  const rows = data?.pcePartners ?? [];
  return (
    <Card size="small" title={t('sharing.pce.partners')} style={{ marginTop: 16 }} data-testid="pce-partners">
      <Table
        rowKey={(r) => r.organization.id}
        size="small"
        loading={loading}
        pagination={false}
        dataSource={rows}
        columns={[
          { key: 'name', title: t('sharing.ho.partner'), render: (_: unknown, r: (typeof rows)[number]) => r.organization.name },
          {
            key: 'stage',
            title: t('sharing.pce.pathStage'),
            render: (_: unknown, r: (typeof rows)[number]) => t(`sharing.pathStage.${r.organization.pathStage}`),
          },
          {
            key: 'member',
            title: t('sharing.pce.membership'),
            render: (_: unknown, r: (typeof rows)[number]) => t(r.eligibility.member ? 'sharing.pce.member' : 'sharing.pce.notMember'),
          },
          { key: 'delivered', title: t('sharing.pce.deliveredPos'), render: (_: unknown, r: (typeof rows)[number]) => r.eligibility.deliveredPos },
          {
            key: 'eligible',
            title: t('sharing.pce.eligibility'),
            render: (_: unknown, r: (typeof rows)[number]) => (
              <Tag color={r.eligibility.eligible ? 'green' : 'default'}>
                {t(r.eligibility.eligible ? 'sharing.pce.eligible' : 'sharing.pce.notEligible')}
              </Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
