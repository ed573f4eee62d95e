import { SearchOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, Table, Typography, type ButtonProps, type TableProps } from 'antd';
import { useState } from 'react';
import { ConnectionPager } from '../components/ConnectionPager';
import { ErrorResult } from '../components/ErrorResult';
import {
  FundsCreditLineSetDocument,
  FundsPartnerAccountsDocument,
  FundsRechargeDocument,
  type FundsAccountFieldsFragment,
} from '../gql/graphql';
import { useCursorPaging } from '../hooks/useCursorPaging';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage } from '../lib/errors';
import { formatMoney } from '../lib/format';
import { fundsErrorMessage, newIdempotencyKey } from '../lib/funds';
import { GraphQLClientError } from '../lib/graphqlClient';

type Action = { kind: 'recharge' | 'credit'; account: FundsAccountFieldsFragment; key: string };

/** Vendor finance 财经: every partner's funds, recharge 充值 and credit line 信用额度 (both audited). */
export function VendorFundsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const paging = useCursorPaging(20);
  const [name, setName] = useState('');
  const { data, loading, error, refetch } = useQuery(FundsPartnerAccountsDocument, { ...paging.vars, name: name || null });
  const [recharge, recharging] = useMutation(FundsRechargeDocument);
  const [setCredit, crediting] = useMutation(FundsCreditLineSetDocument);
  const [action, setAction] = useState<Action | null>(null);
  const [form] = Form.useForm<{ amount: string; memo?: string }>();
  const money = (v: string) => formatMoney(v, 'CNY', locale);

  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;
  const conn = data?.fundsPartnerAccounts;

  const open = (kind: Action['kind'], account: FundsAccountFieldsFragment) => {
    form.resetFields();
    if (kind === 'credit') form.setFieldsValue({ amount: account.creditBalance.amount });
    setAction({ kind, account, key: newIdempotencyKey() });
  };

  const submit = async () => {
    if (!action) return;
    const v = await form.validateFields();
    try {
      const money_ = { amount: v.amount.trim(), currency: 'CNY' };
      const res =
        action.kind === 'recharge'
          ? (await recharge({ input: { partnerId: action.account.id, amount: money_, idempotencyKey: action.key, memo: v.memo ?? '' } })).fundsRecharge
          : (await setCredit({ input: { partnerId: action.account.id, creditLine: money_, idempotencyKey: action.key, memo: v.memo ?? '' } }))
              .fundsCreditLineSet;
      if (res.userErrors.length) {
        form.setFields([{ name: 'amount', errors: [fundsErrorMessage(t, locale, res.userErrors[0])] }]);
        return;
      }
      message.success(t(action.kind === 'recharge' ? 'funds.vendor.recharged' : 'funds.vendor.credited'));
      setAction(null);
      refetch();
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  const columns: TableProps<FundsAccountFieldsFragment>['columns'] = [
    { key: 'partner', title: t('funds.vendor.partner'), render: (_, r) => r.partner?.name ?? '—' },
    { key: 'recharge', title: t('funds.field.rechargeBalance'), align: 'right', render: (_, r) => money(r.rechargeBalance.amount) },
    { key: 'credit', title: t('funds.field.creditBalance'), align: 'right', render: (_, r) => money(r.creditBalance.amount) },
    { key: 'disbursed', title: t('funds.field.disbursedAmount'), align: 'right', render: (_, r) => money(r.disbursedAmount.amount) },
    {
      key: 'balance',
      title: t('funds.field.accountBalance'),
      align: 'right',
      render: (_, r) => <span data-testid="vendor-funds-balance">{money(r.accountBalance.amount)}</span>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => open('recharge', r)} data-testid="vendor-funds-recharge">
            {t('funds.vendor.recharge')}
          </Button>
          <Button type="link" size="small" onClick={() => open('credit', r)} data-testid="vendor-funds-credit">
            {t('funds.vendor.setCredit')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="vendor-funds-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('funds.vendor.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('funds.vendor.subtitle')}</Typography.Text>
        </div>
        <Input.Search
          allowClear
          enterButton={<SearchOutlined />}
          placeholder={t('funds.vendor.searchPartner')}
          onSearch={(v) => {
            setName(v.trim());
            paging.reset();
          }}
          style={{ width: 280 }}
        />
      </div>
      <Table<FundsAccountFieldsFragment> rowKey="id" loading={loading} columns={columns} dataSource={conn?.nodes ?? []} pagination={false} />
      <ConnectionPager conn={conn} paging={paging} loading={loading} />
      <Modal
        open={action !== null}
        title={action ? `${t(action.kind === 'recharge' ? 'funds.vendor.recharge' : 'funds.vendor.setCredit')} · ${action.account.partner?.name ?? ''}` : ''}
        onCancel={() => setAction(null)}
        onOk={submit}
        okText={t('funds.move.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={recharging.loading || crediting.loading}
        okButtonProps={{ 'data-testid': 'vendor-funds-submit' } as ButtonProps}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="amount"
            label={t(action?.kind === 'credit' ? 'funds.vendor.newCreditLine' : 'funds.field.amount')}
            rules={[{ required: true, pattern: /^\d+(\.\d{1,2})?$/, message: t('funds.move.amountRule') }]}
          >
            <Input prefix="¥" inputMode="decimal" data-testid="vendor-funds-amount" />
          </Form.Item>
          <Form.Item name="memo" label={t('funds.field.memo')} rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
