import { Alert, App, Form, Input, Modal, Radio, Select, Steps, Table, Tag, Typography, type ButtonProps } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { FundsBatchMoveDocument, type FundsAdjustmentOperation, type FundsBatchMoveMutation } from '../gql/graphql';
import { useMutation } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage, type UserErrorLike } from '../lib/errors';
import { formatMoney } from '../lib/format';
import { fundsErrorMessage, newIdempotencyKey, validAmount } from '../lib/funds';
import { GraphQLClientError } from '../lib/graphqlClient';

export interface BatchCandidate {
  id: string;
  label: ReactNode;
  text: string;
  balance: string;
}

interface Props {
  open: boolean;
  candidates: BatchCandidate[];
  requireTotp: boolean;
  onClose: () => void;
  onDone: () => void;
}

interface Values {
  operation: FundsAdjustmentOperation;
  customerIds: string[];
  amount: string;
  memo?: string;
  totpCode?: string;
}

type Result = FundsBatchMoveMutation['fundsBatchMove']['results'][number];

/** The same amount to (or from) many customers; each customer succeeds or fails on its own, and the
 * result says which. */
export function FundsBatchDialog({ open, candidates, requireTotp, onClose, onDone }: Props) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState<0 | 1 | 2>(0);
  const [values, setValues] = useState<Values | null>(null);
  const [key, setKey] = useState('');
  const [results, setResults] = useState<Result[]>([]);
  const [topError, setTopError] = useState<UserErrorLike | null>(null);
  const [requestError, setRequestError] = useState<string | null>(null);
  const [run, running] = useMutation(FundsBatchMoveDocument);
  const byId = useMemo(() => new Map(candidates.map((c) => [c.id, c])), [candidates]);

  const money = (v: string) => formatMoney(v, 'CNY', locale);

  const toConfirm = async () => {
    const v = await form.validateFields();
    setValues(v);
    setKey(newIdempotencyKey());
    setTopError(null);
    setStep(1);
  };

  const submit = async () => {
    if (!values) return;
    const totp = (form.getFieldValue('totpCode') as string | undefined)?.trim();
    try {
      const res = (
        await run({
          input: {
            operation: values.operation,
            items: values.customerIds.map((id) => ({ customerId: id, amount: { amount: values.amount.trim(), currency: 'CNY' } })),
            idempotencyKey: key,
            memo: values.memo?.trim() ?? '',
            ...(totp ? { totpCode: totp } : {}),
          },
        })
      ).fundsBatchMove;
      if (res.userErrors.length) {
        setTopError(res.userErrors[0]);
        return;
      }
      setResults(res.results);
      setStep(2);
      const ok = res.results.filter((r) => r.userErrors.length === 0).length;
      message.info(t('funds.batch.summary', { ok, failed: res.results.length - ok }));
      onDone();
    } catch (err) {
      setRequestError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  const footerOk = step === 0 ? t('funds.move.next') : step === 1 ? t('funds.move.confirm') : t('funds.batch.close');
  return (
    <Modal
      open={open}
      width={720}
      title={t('funds.batch.title')}
      onCancel={onClose}
      destroyOnHidden
      okText={footerOk}
      cancelText={step === 1 ? t('funds.move.back') : t('common.cancel')}
      cancelButtonProps={step === 2 ? { style: { display: 'none' } } : step === 1 ? { onClick: () => setStep(0) } : undefined}
      confirmLoading={running.loading}
      onOk={step === 0 ? toConfirm : step === 1 ? submit : onClose}
      okButtonProps={{ 'data-testid': `funds-batch-ok-${step}` } as ButtonProps}
    >
      <div data-testid="funds-batch-dialog" data-step={step}>
        <Steps
          size="small"
          current={step}
          style={{ marginBottom: 16 }}
          items={[
            { title: t('funds.move.stepEnter') },
            { title: t('funds.move.stepConfirm') },
            { title: t('funds.batch.stepResult') },
          ]}
        />
        {topError && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} message={fundsErrorMessage(t, locale, topError)} data-code={topError.code} data-testid="funds-batch-error" />
        )}
        {requestError && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={requestError} />}
        <Form form={form} layout="vertical" preserve initialValues={{ operation: 'DISBURSE', customerIds: [] }}>
          <div style={{ display: step === 0 ? 'block' : 'none' }}>
            <Form.Item name="operation" label={t('funds.field.operation')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'DISBURSE', label: t('funds.operation.DISBURSE') },
                  { value: 'RECOVER', label: t('funds.operation.RECOVER') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="customerIds"
              label={t('funds.batch.customers')}
              extra={t('funds.batch.customersHelp')}
              rules={[{ required: true, type: 'array', min: 1, message: t('funds.batch.customersRequired') }]}
            >
              <Select
                mode="multiple"
                maxTagCount="responsive"
                data-testid="funds-batch-customers"
                optionFilterProp="label"
                options={candidates.map((c) => ({ value: c.id, label: `${c.text} · ${money(c.balance)}` }))}
              />
            </Form.Item>
            <Form.Item
              name="amount"
              label={t('funds.batch.amountEach')}
              rules={[
                { required: true, message: t('funds.move.amountRequired') },
                {
                  validator: (_, v: string | undefined) =>
                    !v || validAmount(v) ? Promise.resolve() : Promise.reject(new Error(t('funds.move.amountRule'))),
                },
              ]}
            >
              <Input prefix="¥" inputMode="decimal" data-testid="funds-batch-amount" />
            </Form.Item>
            <Form.Item name="memo" label={t('funds.field.memo')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </div>
          {step === 1 && values && (
            <>
              <Typography.Paragraph>
                {t(values.operation === 'DISBURSE' ? 'funds.batch.confirmDisburse' : 'funds.batch.confirmRecover', {
                  count: values.customerIds.length,
                  amount: money(values.amount),
                })}
              </Typography.Paragraph>
              {requireTotp && (
                <Form.Item
                  name="totpCode"
                  label={t('funds.totp.codeLabel')}
                  rules={[{ required: true, pattern: /^\d{6}$/, message: t('funds.totp.codeRule') }]}
                >
                  <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" />
                </Form.Item>
              )}
            </>
          )}
        </Form>
        {step === 2 && (
          <Table<Result>
            size="small"
            rowKey="customerId"
            pagination={false}
            dataSource={results}
            data-testid="funds-batch-results"
            columns={[
              { key: 'customer', title: t('funds.field.customer'), render: (_, r) => byId.get(r.customerId)?.label ?? r.customerId },
              {
                key: 'result',
                title: t('funds.batch.result'),
                render: (_, r) =>
                  r.userErrors.length === 0 ? (
                    <Tag color="green" data-testid="funds-batch-ok">
                      {r.replayed ? t('funds.batch.alreadyDone') : t('funds.batch.ok')}
                    </Tag>
                  ) : (
                    <Tag color="red" data-code={r.userErrors[0].code}>
                      {fundsErrorMessage(t, locale, r.userErrors[0])}
                    </Tag>
                  ),
              },
            ]}
          />
        )}
      </div>
    </Modal>
  );
}
