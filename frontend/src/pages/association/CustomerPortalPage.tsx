import { CheckCircleTwoTone, FileProtectOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, List, Popconfirm, Skeleton, Space, Table, Typography, type TableProps } from 'antd';
import { useMemo } from 'react';
import { DateCell } from '../../components/DateCell';
import { RevealProvider } from '../../components/RevealProvider';
import {
  AssociationNoticeSignDocument,
  AssociationRequestConfirmDocument,
  AssociationRequestDeclineDocument,
  AssociationRequestsDocument,
  AssociationUnbindRequestCreateDocument,
  MyNoticeStatusDocument,
  type AssociationRequestFieldsFragment,
} from '../../gql/graphql';
import { useMutation, useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { useUserErrorText } from '../../lib/association';
import { RequestKindText, RequestStateTag, TypeChange } from './shared';

/** The customer user's area: answer the partner's requests, sign the notice, ask to unbind. */
export function CustomerPortalPage() {
  return (
    <RevealProvider>
      <CustomerPortalView />
    </RevealProvider>
  );
}

function CustomerPortalView() {
  const { t } = useI18n();
  const requests = useQuery(AssociationRequestsDocument, { first: 50 });
  const all = useMemo(() => requests.data?.associationRequests.nodes ?? [], [requests.data]);
  const pending = all.filter((r) => r.state === 'PENDING' && r.initiator === 'PARTNER');
  return (
    <div data-testid="customer-portal">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('association.portal.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('association.portal.subtitle')}</Typography.Text>
        </div>
      </div>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {requests.error && <Alert type="error" showIcon message={requestErrorMessage(t, requests.error)} />}
        <Card size="small" title={t('association.portal.pending')} data-testid="portal-pending">
          {!requests.data ? (
            <Skeleton active />
          ) : pending.length ? (
            <List dataSource={pending} renderItem={(r) => <PendingRequest request={r} onDone={requests.refetch} />} />
          ) : (
            <Empty description={t('association.portal.pendingEmpty')} />
          )}
        </Card>
        <NoticeCard />
        <UnbindCard onDone={requests.refetch} />
        <Card size="small" title={t('association.portal.history')}>
          <History rows={all} />
        </Card>
      </Space>
    </div>
  );
}

function useFail() {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (e: unknown) => message.error(e instanceof GraphQLClientError ? requestErrorMessage(t, e) : t('error.UNKNOWN'));
}

function PendingRequest({ request: r, onDone }: { request: AssociationRequestFieldsFragment; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useUserErrorText();
  const fail = useFail();
  const [confirm, confirming] = useMutation(AssociationRequestConfirmDocument);
  const [decline, declining] = useMutation(AssociationRequestDeclineDocument);
  const effect =
    r.kind === 'SWITCH_TYPE' && r.toType
      ? t('association.portal.confirmSwitch', { from: t(`associationType.${r.fromType}`), to: t(`associationType.${r.toType}`) })
      : t('association.portal.confirmUnbind');
  const answer = async (yes: boolean) => {
    try {
      const res = yes ? (await confirm({ input: { requestId: r.id } })).associationRequestConfirm : (await decline({ input: { requestId: r.id } })).associationRequestDecline;
      const err = errorText(res.userErrors);
      if (err) message.error(err);
      else message.success(t(yes ? 'association.portal.confirmed' : 'association.portal.declined'));
      onDone();
    } catch (e) {
      fail(e);
    }
  };
  return (
    <List.Item
      data-testid="pending-request"
      data-request-id={r.id}
      actions={[
        <Popconfirm
          key="confirm"
          title={t('association.portal.confirm')}
          description={<div style={{ maxWidth: 280 }}>{effect}</div>}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => answer(true)}
          okButtonProps={{ 'data-testid': 'pending-confirm-ok' } as never}
        >
          <Button type="primary" loading={confirming.loading} data-testid="pending-confirm">
            {t('association.portal.confirm')}
          </Button>
        </Popconfirm>,
        <Button key="decline" loading={declining.loading} onClick={() => answer(false)} data-testid="pending-decline">
          {t('association.portal.decline')}
        </Button>,
      ]}
    >
      <List.Item.Meta
        title={<RequestKindText kind={r.kind} />}
        description={
          <Space direction="vertical" size={2}>
            <span>{effect}</span>
            <Typography.Text type="secondary">
              {t('association.field.expiresAt')}：{formatDateTime(r.expiresAt, locale)}
            </Typography.Text>
          </Space>
        }
      />
    </List.Item>
  );
}

function NoticeCard() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useUserErrorText();
  const fail = useFail();
  const { data, refetch } = useQuery(MyNoticeStatusDocument, {});
  const [sign, signing] = useMutation(AssociationNoticeSignDocument);
  const s = data?.myNoticeStatus;
  const onSign = async () => {
    if (!s?.latest) return;
    try {
      const res = await sign({ input: { noticeId: s.latest.id } });
      const err = errorText(res.associationNoticeSign.userErrors);
      if (err) message.error(err);
      else message.success(t('association.portal.signedOk'));
      refetch();
    } catch (e) {
      fail(e);
    }
  };
  return (
    <Card
      size="small"
      title={
        <Space>
          <FileProtectOutlined />
          {t('association.portal.notice')}
        </Space>
      }
      data-testid="portal-notice"
    >
      {!data ? (
        <Skeleton active />
      ) : !s?.latest ? (
        <Empty description={t('association.portal.noNotice')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            《{s.latest.title}》 · {t('association.noticeAdmin.version', { version: s.latest.version })}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', maxHeight: 220, overflow: 'auto' }} data-testid="notice-text">
            {s.latest.body}
          </Typography.Paragraph>
          {s.upToDate ? (
            <Space data-testid="notice-signed">
              <CheckCircleTwoTone twoToneColor="#52c41a" />
              {t('association.portal.signed', { version: s.signedVersion ?? '', date: formatDateTime(s.signedAt, locale) })}
            </Space>
          ) : (
            <>
              <Alert
                type="warning"
                showIcon
                message={s.signedVersion ? t('association.portal.outdated', { version: s.signedVersion }) : t('association.portal.mustSign')}
              />
              <Button type="primary" loading={signing.loading} onClick={onSign} data-testid="notice-sign">
                {t('association.portal.sign')}
              </Button>
            </>
          )}
        </Space>
      )}
    </Card>
  );
}

function UnbindCard({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useUserErrorText();
  const fail = useFail();
  const [form] = Form.useForm<{ reason: string }>();
  const [ask, asking] = useMutation(AssociationUnbindRequestCreateDocument);
  const submit = async () => {
    const { reason } = await form.validateFields();
    try {
      const res = await ask({ input: { reason: reason ?? '' } });
      const err = errorText(res.associationUnbindRequestCreate.userErrors);
      if (err) {
        message.error(err);
        return;
      }
      message.success(t('association.portal.unbindSent'));
      form.resetFields();
      onDone();
    } catch (e) {
      fail(e);
    }
  };
  return (
    <Card size="small" title={t('association.portal.unbind')} data-testid="portal-unbind">
      <Typography.Paragraph type="secondary">{t('association.portal.unbindHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('association.portal.unbindReason')}>
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="unbind-reason" />
        </Form.Item>
        <Popconfirm
          title={t('association.portal.unbind')}
          description={<div style={{ maxWidth: 280 }}>{t('association.portal.confirmUnbind')}</div>}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={submit}
        >
          <Button danger loading={asking.loading} data-testid="unbind-submit">
            {t('association.portal.unbindSubmit')}
          </Button>
        </Popconfirm>
      </Form>
    </Card>
  );
}

function History({ rows }: { rows: AssociationRequestFieldsFragment[] }) {
  const { t } = useI18n();
  const columns: TableProps<AssociationRequestFieldsFragment>['columns'] = [
    { key: 'at', title: t('association.field.requestedAt'), width: 120, render: (_: unknown, r) => <DateCell iso={r.requestedAt} /> },
    { key: 'kind', title: t('association.field.kind'), render: (_: unknown, r) => <RequestKindText kind={r.kind} initiator={r.initiator} /> },
    { key: 'change', title: t('association.log.field.change'), render: (_: unknown, r) => <TypeChange from={r.fromType} to={r.toType} /> },
    { key: 'state', title: t('association.field.state'), width: 120, render: (_: unknown, r) => <RequestStateTag state={r.state} /> },
    { key: 'decision', title: t('association.field.decisionReason'), render: (_: unknown, r) => r.decisionReason || t('common.none') },
  ];
  return (
    <Table
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: <Empty description={t('association.portal.empty')} /> }}
      data-testid="portal-history"
    />
  );
}
