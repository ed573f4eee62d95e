import { ArrowLeftOutlined, CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Input, Modal, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorResult, NotFoundResult } from '../../components/ErrorResult';
import { MaskedText, RevealAllToggle } from '../../components/MaskedText';
import { RevealProvider } from '../../components/RevealProvider';
import { useReveal } from '../../components/reveal';
import {
  AssignableManagersDocument,
  VendorSharedOpportunityAcceptDocument,
  VendorSharedOpportunityDocument,
  VendorSharedOpportunityRejectDocument,
  type HoDetailFieldsFragment,
  type HoRejectReason,
} from '../../gql/graphql';
import { useMutation, useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage, userErrorMessage } from '../../lib/errors';
import { formatDateTime, formatMoney } from '../../lib/format';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { DeadlineCell } from './DeadlineCell';
import { HO_REJECT_REASONS, HO_STATE_COLORS, testId } from './sharingEnums';

export function HoDetailPage() {
  return (
    <RevealProvider>
      <HoDetailView />
    </RevealProvider>
  );
}

function HoDetailView() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { data, error, refetch } = useQuery(VendorSharedOpportunityDocument, { id });
  const back = () => navigate('/sharing');
  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;
  if (!data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const node = data.node;
  if (!node || node.__typename !== 'VendorSharedOpportunity') {
    return <NotFoundResult onBack={back} backTo={t('sharing.ho.backToList')} />;
  }
  return <HoDetail ho={node} reload={refetch} />;
}

function HoDetail({ ho, reload }: { ho: HoDetailFieldsFragment; reload: () => void }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [acceptOpen, setAcceptOpen] = useState(false);
  const [rejectOpen, setRejectOpen] = useState(false);
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;

  return (
    <div data-testid="ho-detail" data-ho-id={ho.id} data-state={ho.state}>
      <div className="pc-page-head">
        <Space align="center" wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/sharing')} aria-label={t('common.back')} />
          <Typography.Title level={4} className="pc-page-title" data-testid="ho-detail-title">
            {ho.title}
          </Typography.Title>
          <Tag color={HO_STATE_COLORS[ho.state]} data-testid="ho-detail-state">
            {t(`sharing.hoState.${ho.state}`)}
          </Tag>
        </Space>
        {ho.viewerCanHandle && (
          <Space>
            <Button danger icon={<CloseOutlined />} onClick={() => setRejectOpen(true)} data-testid="ho-reject">
              {t('sharing.ho.reject')}
            </Button>
            <Button type="primary" icon={<CheckOutlined />} onClick={() => setAcceptOpen(true)} data-testid="ho-accept">
              {t('sharing.ho.accept')}
            </Button>
          </Space>
        )}
      </div>
      {ho.summaryOnly && <Alert type="info" showIcon message={t('sharing.ho.summaryOnly')} style={{ marginBottom: 12 }} data-testid="ho-summary-only" />}
      {ho.viewerCanHandle && <Alert type="warning" showIcon message={t('sharing.ho.handleHint')} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} size="small" bordered>
          <Descriptions.Item label={t('sharing.ho.customer')} span={2}>
            <MaskedText id={ho.id} field="NAME" value={ho.customerName} rights={ho} testId="ho-detail-customer" />
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.ho.industry')}>{t(`industry.${ho.industry}`)}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.ho.region')}>{ho.region || none}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.ho.need')} span={2}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="ho-detail-need">
              {ho.need}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.ho.revenue')}>
            <span data-testid="ho-detail-revenue">
              {ho.expectedMonthlyRevenue
                ? formatMoney(ho.expectedMonthlyRevenue.amount, ho.expectedMonthlyRevenue.currency, locale)
                : none}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.ho.type')}>
            {ho.opportunityType ? t(`opportunityType.${ho.opportunityType}`) : none}
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.ho.contactPhone')}>
            <MaskedText id={ho.id} field="PHONE" value={ho.contactPhone} rights={ho} testId="ho-detail-phone" />
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.ho.contactEmail')}>
            <MaskedText id={ho.id} field="EMAIL" value={ho.contactEmail} rights={ho} testId="ho-detail-email" />
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.ho.description')} span={2}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{ho.description ?? none}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.ho.sharedAt')}>{formatDateTime(ho.sharedAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.ho.deadline')}>
            <DeadlineCell iso={ho.deadlineAt} open={ho.state === 'PENDING'} testId="ho-detail-deadline" />
          </Descriptions.Item>
          {ho.sharedBy && (
            <Descriptions.Item label={t('sharing.ho.sharedBy')}>
              <MaskedText id={ho.sharedBy.id} field="NAME" value={ho.sharedBy.name} rights={ho.sharedBy} />
            </Descriptions.Item>
          )}
          {ho.partner && <Descriptions.Item label={t('sharing.ho.partner')}>{ho.partner.name}</Descriptions.Item>}
          {ho.handledAt && (
            <Descriptions.Item label={t('sharing.ho.handledAt')}>{formatDateTime(ho.handledAt, locale)}</Descriptions.Item>
          )}
          {ho.rejectReason && (
            <Descriptions.Item label={t('sharing.ho.rejectReason')}>
              <span data-testid="ho-detail-reject-reason">{t(`sharing.hoReason.${ho.rejectReason}`)}</span>
            </Descriptions.Item>
          )}
          {ho.rejectNote && <Descriptions.Item label={t('sharing.ho.rejectNote')}>{ho.rejectNote}</Descriptions.Item>}
          {ho.opportunity && (
            <Descriptions.Item label={t('sharing.ho.opportunity')} span={2}>
              <Space wrap>
                <Link to={`/opportunities/${encodeURIComponent(ho.opportunity.id)}`} data-testid="ho-detail-opportunity">
                  {ho.opportunity.name}
                </Link>
                <Typography.Text type="secondary">{t('sharing.ho.owner')}</Typography.Text>
                <MaskedText id={ho.opportunity.owner.id} field="NAME" value={ho.opportunity.owner.name} rights={ho.opportunity.owner} />
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {ho.viewerCanHandle && (
        <>
          <AcceptModal ho={ho} open={acceptOpen} onClose={() => setAcceptOpen(false)} onDone={reload} />
          <RejectModal ho={ho} open={rejectOpen} onClose={() => setRejectOpen(false)} onDone={reload} />
        </>
      )}
    </div>
  );
}

function AcceptModal({ ho, open, onClose, onDone }: { ho: HoDetailFieldsFragment; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const reveal = useReveal();
  const managers = useQuery(AssignableManagersDocument, {}, { skip: !open });
  const [ownerId, setOwnerId] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [accept, { loading }] = useMutation(VendorSharedOpportunityAcceptDocument);
  const list = managers.data?.assignableManagers ?? [];

  const submit = async () => {
    if (!ownerId) {
      setError(t('sharing.ho.pickOwner'));
      return;
    }
    try {
      const data = await accept({ input: { id: ho.id, ownerId } });
      const errs = data.vendorSharedOpportunityAccept.userErrors;
      if (errs.length > 0) {
        setError(userErrorMessage(t, locale, errs[0]));
        return;
      }
      message.success(t('sharing.ho.accepted'));
      onClose();
      onDone();
    } catch (err) {
      setError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  return (
    <Modal
      open={open}
      title={t('sharing.ho.acceptTitle')}
      onCancel={onClose}
      onOk={submit}
      okText={t('sharing.ho.accept')}
      okButtonProps={testId('ho-accept-ok')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      destroyOnHidden
      data-testid="ho-accept-modal"
    >
      <Typography.Paragraph type="secondary">{t('sharing.ho.acceptHint')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <RevealAllToggle field="NAME" records={list} testId="reveal-accept-owners" label={t('sharing.ho.owner')} />
        <Select
          style={{ width: '100%' }}
          value={ownerId}
          onChange={(v) => {
            setOwnerId(v);
            setError(null);
          }}
          loading={managers.loading}
          placeholder={t('sharing.ho.pickOwner')}
          status={error ? 'error' : undefined}
          options={list.map((m) => ({
            value: m.id,
            label: (
              <span data-testid="ho-owner-option" data-user-id={m.id}>
                {`${reveal.get(m.id, 'NAME') ?? m.name} · ${t(`role.${m.role}`)}`}
              </span>
            ),
          }))}
          notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('opportunity.noManagers')} />}
          data-testid="ho-owner-select"
        />
        {error && (
          <Typography.Text type="danger" data-testid="ho-accept-error">
            {error}
          </Typography.Text>
        )}
      </Space>
    </Modal>
  );
}

function RejectModal({ ho, open, onClose, onDone }: { ho: HoDetailFieldsFragment; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState<HoRejectReason | undefined>();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [reject, { loading }] = useMutation(VendorSharedOpportunityRejectDocument);

  const submit = async () => {
    if (!reason) {
      setError(t('sharing.ho.pickReason'));
      return;
    }
    try {
      const data = await reject({ input: { id: ho.id, reason, note: note.trim() } });
      const errs = data.vendorSharedOpportunityReject.userErrors;
      if (errs.length > 0) {
        const e = errs[0];
        setError(e.code === 'BLANK' && e.field === 'note' ? t('sharing.ho.noteRequired') : userErrorMessage(t, locale, e));
        return;
      }
      message.success(t('sharing.ho.rejected'));
      onClose();
      onDone();
    } catch (err) {
      setError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  return (
    <Modal
      open={open}
      title={t('sharing.ho.rejectTitle')}
      onCancel={onClose}
      onOk={submit}
      okText={t('sharing.ho.reject')}
      okButtonProps={{ danger: true, ...testId('ho-reject-ok') }}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      destroyOnHidden
      data-testid="ho-reject-modal"
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          style={{ width: '100%' }}
          value={reason}
          onChange={(v) => {
            setReason(v);
            setError(null);
          }}
          placeholder={t('sharing.ho.pickReason')}
          options={HO_REJECT_REASONS.map((r) => ({ value: r, label: t(`sharing.hoReason.${r}`) }))}
          data-testid="ho-reject-reason"
        />
        <Input.TextArea
          rows={3}
          maxLength={1000}
          showCount
          value={note}
          onChange={(e) => {
            setNote(e.target.value);
            setError(null);
          }}
          placeholder={t('sharing.ho.notePlaceholder')}
          data-testid="ho-reject-note"
        />
        {error && (
          <Typography.Text type="danger" data-testid="ho-reject-error">
            {error}
          </Typography.Text>
        )}
      </Space>
    </Modal>
  );
}
