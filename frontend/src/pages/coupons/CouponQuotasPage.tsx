import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
  type TableProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ConnectionPager } from '../../components/ConnectionPager';
import { CustomerSelect } from '../../components/CustomerSelect';
import { ErrorResult } from '../../components/ErrorResult';
import { RevealProvider } from '../../components/RevealProvider';
import {
  CouponGranteesDocument,
  CouponQuotaAdjustDocument,
  CouponQuotaFreezeDocument,
  CouponQuotaGrantDocument,
  CouponQuotasDocument,
  CouponSubQuotaGrantDocument,
  CouponSubQuotaReclaimDocument,
  CouponsIssueDocument,
  type CloudService,
  type CouponIssueFailure,
  type CouponKind,
  type CouponQuotaFieldsFragment,
  type CouponQuotaState,
  type CouponsIssueMutation,
} from '../../gql/graphql';
import { useCursorPaging } from '../../hooks/useCursorPaging';
import { useCustomerSearch } from '../../hooks/useCustomerSearch';
import { useMutation, useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage, userErrorMessage, type UserErrorLike } from '../../lib/errors';
import { applyUserErrors } from '../../lib/formErrors';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { useSession } from '../../session/context';
import { KindTag, QuotaStateTag, ScopeTags, Validity } from './shared';
import { CLOUD_SERVICES, COUPON_KINDS, QUOTA_STATES, key, testId, useMoney, useSubmissionKey } from './couponsUtil';

export function CouponQuotasPage() {
  return (
    <RevealProvider>
      <CouponQuotasView />
    </RevealProvider>
  );
}

function CouponQuotasView() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { caps } = useSession();
  const money = useMoney();
  const paging = useCursorPaging(20);
  const [kind, setKind] = useState<CouponKind | undefined>();
  const [state, setState] = useState<CouponQuotaState | undefined>();
  const filter = { kinds: kind ? [kind] : null, states: state ? [state] : null };
  const { data, error, loading, refetch } = useQuery(CouponQuotasDocument, { ...paging.vars, filter });
  const [grantOpen, setGrantOpen] = useState(false);
  const [issueFor, setIssueFor] = useState<CouponQuotaFieldsFragment | null>(null);
  const [passOnFor, setPassOnFor] = useState<CouponQuotaFieldsFragment | null>(null);
  const [adjustFor, setAdjustFor] = useState<CouponQuotaFieldsFragment | null>(null);
  const [reclaim] = useMutation(CouponSubQuotaReclaimDocument);
  const [freeze] = useMutation(CouponQuotaFreezeDocument);

  const run = async (fn: () => Promise<{ userErrors: readonly UserErrorLike[] }>, ok: string) => {
    try {
      const res = await fn();
      const errs = res.userErrors;
      if (errs.length) message.error(userErrorMessage(t, locale, errs[0]));
      else message.success(ok);
      refetch();
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  const columns: TableProps<CouponQuotaFieldsFragment>['columns'] = [
    {
      key: 'kind',
      title: t('coupons.field.kind'),
      render: (_: unknown, r) => (
        <Space size={4}>
          <KindTag kind={r.kind} />
          {r.isSubQuota && <Typography.Text type="secondary">{t('coupons.subQuota')}</Typography.Text>}
        </Space>
      ),
    },
    { key: 'holder', title: t('coupons.field.holder'), render: (_: unknown, r) => r.partner?.name ?? t('common.none') },
    {
      key: 'grantedBy',
      title: t('coupons.field.grantedBy'),
      // A partner does not see the vendor organisation itself: a vendor grant says so in words.
      render: (_: unknown, r) => r.grantedBy?.name ?? (r.isSubQuota ? t('common.none') : t('coupons.vendor')),
    },
    { key: 'amount', title: t('coupons.field.amount'), align: 'right', render: (_: unknown, r) => money(r.amount) },
    {
      key: 'remaining',
      title: t('coupons.field.remaining'),
      align: 'right',
      render: (_: unknown, r) => <span data-testid="quota-remaining">{money(r.remaining)}</span>,
    },
    { key: 'used', title: t('coupons.field.used'), align: 'right', render: (_: unknown, r) => money(r.used) },
    { key: 'scope', title: t('coupons.field.productScope'), render: (_: unknown, r) => <ScopeTags scope={r.productScope} /> },
    { key: 'validity', title: t('coupons.field.validity'), render: (_: unknown, r) => <Validity from={r.validFrom} until={r.validUntil} /> },
    { key: 'state', title: t('coupons.field.state'), render: (_: unknown, r) => <QuotaStateTag state={r.state} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={0} wrap>
          {r.viewerCanIssue && (
            <Button type="link" size="small" onClick={() => setIssueFor(r)} data-testid="quota-issue">
              {t('coupons.quotas.issue')}
            </Button>
          )}
          {r.viewerCanPassOn && (
            <Button type="link" size="small" onClick={() => setPassOnFor(r)} data-testid="quota-pass-on">
              {t('coupons.quotas.passOn')}
            </Button>
          )}
          {r.viewerCanAdjust && r.state === 'NORMAL' && (
            <Button type="link" size="small" onClick={() => setAdjustFor(r)} data-testid="quota-adjust">
              {t('coupons.quotas.adjust')}
            </Button>
          )}
          {r.viewerCanAdjust && (r.state === 'NORMAL' || r.state === 'FROZEN') && (
            <Button
              type="link"
              size="small"
              data-testid="quota-freeze"
              onClick={() =>
                run(
                  async () => (await freeze({ input: { quotaId: r.id, frozen: r.state === 'NORMAL' } })).couponQuotaFreeze,
                  t('coupons.quotas.updated'),
                )
              }
            >
              {r.state === 'NORMAL' ? t('coupons.quotas.freeze') : t('coupons.quotas.unfreeze')}
            </Button>
          )}
          {r.viewerCanAdjust && r.isSubQuota && (r.state === 'NORMAL' || r.state === 'FROZEN') && (
            <Popconfirm
              title={t('coupons.quotas.reclaim')}
              description={t('coupons.quotas.reclaimConfirm', { amount: money(r.remaining) })}
              okButtonProps={{ danger: true, ...testId('quota-reclaim-confirm') }}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                run(async () => (await reclaim({ input: { quotaId: r.id } })).couponSubQuotaReclaim, t('coupons.quotas.reclaimed'))
              }
            >
              <Button type="link" size="small" danger data-testid="quota-reclaim">
                {t('coupons.quotas.reclaim')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;
  const conn = data?.couponQuotas;

  return (
    <div data-testid="coupon-quotas-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('coupons.quotas.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('coupons.quotas.subtitle')}</Typography.Text>
        </div>
        {caps.grantCouponQuota && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setGrantOpen(true)} data-testid="quota-grant">
            {t('coupons.quotas.grant')}
          </Button>
        )}
      </div>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('coupons.quotas.allKinds')}
            value={kind}
            onChange={(v) => {
              setKind(v);
              paging.reset();
            }}
            options={COUPON_KINDS.map((k) => ({ value: k, label: t(key(`coupons.kind.${k}`)) }))}
            data-testid="quota-filter-kind"
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('coupons.quotas.allStates')}
            value={state}
            onChange={(v) => {
              setState(v);
              paging.reset();
            }}
            options={QUOTA_STATES.map((s) => ({ value: s, label: t(key(`coupons.quotaState.${s}`)) }))}
            data-testid="quota-filter-state"
          />
        </Space>
        <Table
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={conn?.edges.map((e) => e.node) ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="quota-table"
        />
        <ConnectionPager conn={conn} paging={paging} loading={loading} />
      </Card>
      {grantOpen && <GrantQuotaDialog onClose={() => setGrantOpen(false)} onDone={refetch} />}
      {issueFor && <IssueCouponsDialog quota={issueFor} onClose={() => setIssueFor(null)} onDone={refetch} />}
      {passOnFor && <PassOnDialog quota={passOnFor} onClose={() => setPassOnFor(null)} onDone={refetch} />}
      {adjustFor && <AdjustDialog quota={adjustFor} onClose={() => setAdjustFor(null)} onDone={refetch} />}
    </div>
  );
}

interface GrantValues {
  partnerId: string;
  kind: CouponKind;
  amount: number;
  validUntil: Dayjs;
  productScope: CloudService[];
}

function GrantQuotaDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<GrantValues>();
  const grantees = useQuery(CouponGranteesDocument, {});
  const [grant, { loading }] = useMutation(CouponQuotaGrantDocument);
  const submission = useSubmissionKey();
  const submit = async (v: GrantValues) => {
    try {
      const res = await grant({
        input: {
          partnerId: v.partnerId,
          kind: v.kind,
          amount: { amount: String(v.amount), currency: 'CNY' },
          validUntil: v.validUntil.endOf('day').toISOString(),
          productScope: v.productScope ?? [],
          idempotencyKey: submission.current,
        },
      });
      submission.answered();
      const errs = res.couponQuotaGrant.userErrors;
      if (errs.length) {
        const loose = applyUserErrors(form, errs, t, locale, ['partnerId', 'amount', 'validUntil']);
        if (loose.length) message.error(loose[0]);
        return;
      }
      message.success(t('coupons.quotas.granted'));
      onDone();
      onClose();
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };
  return (
    <Modal
      open
      title={t('coupons.grant.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('coupons.grant.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      okButtonProps={testId('grant-submit')}
      destroyOnClose
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'CASH', productScope: [] }} data-testid="grant-form">
        <Form.Item name="partnerId" label={t('coupons.field.partner')} rules={[{ required: true, message: t('common.pleaseSelect') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={grantees.loading}
            options={(grantees.data?.couponGrantees ?? []).map((o) => ({ value: o.id, label: o.name }))}
            data-testid="grant-partner"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('coupons.field.kind')} rules={[{ required: true }]}>
          <Select options={COUPON_KINDS.map((k) => ({ value: k, label: t(key(`coupons.kind.${k}`)) }))} data-testid="grant-kind" />
        </Form.Item>
        <Form.Item name="amount" label={t('coupons.field.amount')} rules={[{ required: true, message: t('common.pleaseSelect') }]}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} addonAfter="CNY" data-testid="grant-amount" />
        </Form.Item>
        <Form.Item name="validUntil" label={t('coupons.field.validUntil')} rules={[{ required: true, message: t('common.pleaseSelect') }]}>
          <DatePicker style={{ width: '100%' }} data-testid="grant-valid-until" />
        </Form.Item>
        <Form.Item name="productScope" label={t('coupons.field.productScope')} extra={t('coupons.allProducts')}>
          <Select mode="multiple" allowClear options={CLOUD_SERVICES.map((s) => ({ value: s, label: t(key(`coupons.service.${s}`)) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AdjustDialog({ quota, onClose, onDone }: { quota: CouponQuotaFieldsFragment; onClose: () => void; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const money = useMoney();
  const [form] = Form.useForm<{ amount: number }>();
  const [adjust, { loading }] = useMutation(CouponQuotaAdjustDocument);
  const submit = async (v: { amount: number }) => {
    try {
      const res = await adjust({ input: { quotaId: quota.id, amount: { amount: String(v.amount), currency: 'CNY' } } });
      const errs = res.couponQuotaAdjust.userErrors;
      if (errs.length) {
        const loose = applyUserErrors(form, errs, t, locale, ['amount']);
        if (loose.length) message.error(loose[0]);
        return;
      }
      message.success(t('coupons.quotas.updated'));
      onDone();
      onClose();
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };
  return (
    <Modal
      open
      title={t('coupons.adjust.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      okButtonProps={testId('adjust-submit')}
      destroyOnClose
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('coupons.adjust.hint', { used: money(quota.used) })} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ amount: Number(quota.amount.amount) }}>
        <Form.Item name="amount" label={t('coupons.adjust.newAmount')} rules={[{ required: true, message: t('common.pleaseSelect') }]}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} addonAfter="CNY" data-testid="adjust-amount" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface PassOnValues {
  resellerId: string;
  amount: number;
}

function PassOnDialog({ quota, onClose, onDone }: { quota: CouponQuotaFieldsFragment; onClose: () => void; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const money = useMoney();
  const [form] = Form.useForm<PassOnValues>();
  const grantees = useQuery(CouponGranteesDocument, {});
  const [passOn, { loading }] = useMutation(CouponSubQuotaGrantDocument);
  const submission = useSubmissionKey();
  const submit = async (v: PassOnValues) => {
    try {
      const res = await passOn({
        input: {
          quotaId: quota.id,
          resellerId: v.resellerId,
          amount: { amount: String(v.amount), currency: 'CNY' },
          idempotencyKey: submission.current,
        },
      });
      submission.answered();
      const errs = res.couponSubQuotaGrant.userErrors;
      if (errs.length) {
        const loose = applyUserErrors(form, errs, t, locale, ['resellerId', 'amount']);
        if (loose.length) message.error(loose[0]);
        return;
      }
      message.success(t('coupons.quotas.passedOn'));
      onDone();
      onClose();
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };
  return (
    <Modal
      open
      title={t('coupons.passOn.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('coupons.passOn.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      okButtonProps={testId('pass-on-submit')}
      destroyOnClose
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('coupons.issue.fromQuota', { kind: t(key(`coupons.kind.${quota.kind}`)), remaining: money(quota.remaining) })}
      />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="resellerId" label={t('coupons.field.reseller')} rules={[{ required: true, message: t('common.pleaseSelect') }]}>
          <Select
            loading={grantees.loading}
            options={(grantees.data?.couponGrantees ?? []).map((o) => ({ value: o.id, label: o.name }))}
            data-testid="pass-on-reseller"
          />
        </Form.Item>
        <Form.Item name="amount" label={t('coupons.field.amount')} rules={[{ required: true, message: t('common.pleaseSelect') }]}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} addonAfter="CNY" data-testid="pass-on-amount" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface IssueValues {
  totpCode?: string;
  customerIds: string[];
  faceValue: number;
  minOrderAmount?: number;
  validUntil?: Dayjs;
  productScope?: CloudService[];
  memo?: string;
}

type IssueResults = CouponsIssueMutation['couponsIssue'];

function IssueCouponsDialog({ quota, onClose, onDone }: { quota: CouponQuotaFieldsFragment; onClose: () => void; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const money = useMoney();
  const [form] = Form.useForm<IssueValues>();
  const customers = useCustomerSearch();
  const [issue, { loading }] = useMutation(CouponsIssueDocument);
  const [results, setResults] = useState<IssueResults | null>(null);
  const [needTotp, setNeedTotp] = useState(false);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const submission = useSubmissionKey();
  const submit = async (v: IssueValues) => {
    try {
      const res = await issue({
        input: {
          quotaId: quota.id,
          customerIds: v.customerIds,
          faceValue: { amount: String(v.faceValue), currency: 'CNY' },
          minOrderAmount: v.minOrderAmount != null ? { amount: String(v.minOrderAmount), currency: 'CNY' } : null,
          validUntil: v.validUntil ? v.validUntil.endOf('day').toISOString() : null,
          productScope: v.productScope && v.productScope.length ? v.productScope : null,
          memo: v.memo ?? '',
          totpCode: v.totpCode?.trim() || null,
          idempotencyKey: submission.current,
        },
      });
      submission.answered();
      const out = res.couponsIssue;
      if (out.userErrors.some((e) => e.code.startsWith('TOTP_')) && !needTotp) {
        setNeedTotp(true);
        message.warning(t('coupons.totp.hint'));
        return;
      }
      if (out.userErrors.length) {
        const loose = applyUserErrors(form, out.userErrors, t, locale, ['customerIds', 'faceValue', 'minOrderAmount', 'validUntil', 'productScope', 'memo', 'totpCode']);
        if (loose.length) message.error(loose[0]);
        return;
      }
      const labels = new Map(customers.state.results.map((c) => [c.id, c.name]));
      setNames(labels);
      setResults(out);
      onDone();
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };
  return (
    <Modal
      open
      width={640}
      title={t('coupons.issue.title')}
      onCancel={onClose}
      onOk={() => (results ? onClose() : form.submit())}
      okText={results ? t('common.confirm') : t('coupons.issue.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      okButtonProps={testId(results ? 'issue-close' : 'issue-submit')}
      destroyOnClose
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('coupons.issue.fromQuota', { kind: t(key(`coupons.kind.${quota.kind}`)), remaining: money(quota.remaining) })}
      />
      {results ? (
        <div data-testid="issue-results">
          <Typography.Paragraph strong data-testid="issue-summary">
            {t('coupons.issue.result', { ok: results.issuedCount, failed: results.failedCount })}
          </Typography.Paragraph>
          <Table
            rowKey={(r) => r.customerId}
            size="small"
            pagination={false}
            dataSource={results.results}
            columns={[
              { key: 'customer', title: t('coupons.field.customer'), render: (_: unknown, r) => names.get(r.customerId) ?? r.customerId },
              {
                key: 'result',
                title: t('coupons.issue.resultTitle'),
                render: (_: unknown, r) =>
                  r.failure ? (
                    <Typography.Text type="danger" data-testid="issue-failure" data-failure={r.failure}>
                      {t(key(`coupons.failure.${r.failure as CouponIssueFailure}`))}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="success" data-testid="issue-ok">
                      {t('coupons.issue.success')}
                    </Typography.Text>
                  ),
              },
            ]}
          />
        </div>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} data-testid="issue-form">
          <Form.Item
            name="customerIds"
            label={t('coupons.field.customers')}
            extra={t('coupons.issue.customersHint')}
            rules={[{ required: true, message: t('common.pleaseSelect') }]}
          >
            <CustomerSelect search={customers} multiple testId="issue-customers" />
          </Form.Item>
          <Space size={16} style={{ display: 'flex' }} align="start">
            <Form.Item name="faceValue" label={t('coupons.field.faceValue')} rules={[{ required: true, message: t('common.pleaseSelect') }]}>
              <InputNumber min={0} precision={2} style={{ width: 180 }} addonAfter="CNY" data-testid="issue-face-value" />
            </Form.Item>
            <Form.Item name="minOrderAmount" label={t('coupons.field.minOrderAmount')}>
              <InputNumber min={0} precision={2} style={{ width: 180 }} placeholder={t('coupons.noMinimum')} />
            </Form.Item>
          </Space>
          <Form.Item name="validUntil" label={t('coupons.field.validUntil')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="productScope" label={t('coupons.field.productScope')} extra={t('coupons.issue.scopeHint')}>
            <Select
              mode="multiple"
              allowClear
              options={(quota.productScope.length ? quota.productScope : CLOUD_SERVICES).map((s) => ({
                value: s,
                label: t(key(`coupons.service.${s}`)),
              }))}
            />
          </Form.Item>
          <Form.Item name="memo" label={t('coupons.field.memo')} extra={t('coupons.issue.memoHint')}>
            <Input.TextArea maxLength={200} showCount rows={2} data-testid="issue-memo" />
          </Form.Item>
          {needTotp && (
            <Form.Item name="totpCode" label={t('coupons.totp.label')} extra={t('coupons.totp.hint')}>
              <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" style={{ width: 160 }} data-testid="issue-totp" />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  );
}
