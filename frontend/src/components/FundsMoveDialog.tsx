import { Alert, App, Descriptions, Form, Input, Modal, Steps, Typography, type ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { FundsDisburseDocument, FundsRecoverDocument, type FundsAdjustmentOperation } from '../gql/graphql';
import { useMutation } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage, type UserErrorLike } from '../lib/errors';
import { formatMoney } from '../lib/format';
import { fundsErrorMessage, newIdempotencyKey, validAmount } from '../lib/funds';
import { GraphQLClientError } from '../lib/graphqlClient';

export interface MoveTarget {
  kind: 'customer' | 'reseller';
  id: string;
  label: ReactNode;
  /** The target's unspent balance (what can be recovered). */
  balance: string;
}

interface Props {
  open: boolean;
  operation: FundsAdjustmentOperation;
  target: MoveTarget | null;
  disbursable: string;
  requireTotp: boolean;
  onClose: () => void;
  onDone: () => void;
}

interface Values {
  amount: string;
  memo?: string;
  totpCode?: string;
}

/** Mounted fresh for each operation (the parent renders it only while open).
 * Disburse 拨款 or recover 回收, in two steps: enter, then confirm (with the second factor when the
 * partner requires it). Typed errors come back translated, next to the amount when they concern it. */
export function FundsMoveDialog({ open, operation, target, disbursable, requireTotp, onClose, onDone }: Props) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState<0 | 1>(0);
  const [values, setValues] = useState<Values | null>(null);
  const [key, setKey] = useState<string>('');
  const [error, setError] = useState<UserErrorLike | null>(null);
  const [requestError, setRequestError] = useState<string | null>(null);
  const [disburse, disbursing] = useMutation(FundsDisburseDocument);
  const [recover, recovering] = useMutation(FundsRecoverDocument);
  const isDisburse = operation === 'DISBURSE';

  if (!target) return null;
  const money = (v: string) => formatMoney(v, 'CNY', locale);

  const toConfirm = async () => {
    const v = await form.validateFields();
    setValues(v);
    setKey(newIdempotencyKey()); // one key per confirmed operation
    setError(null);
    setRequestError(null);
    setStep(1);
  };

  const submit = async () => {
    if (!values) return;
    const totp = (form.getFieldValue('totpCode') as string | undefined)?.trim();
    const input = {
      ...(target.kind === 'customer' ? { customerId: target.id } : { resellerId: target.id }),
      amount: { amount: values.amount.trim(), currency: 'CNY' },
      idempotencyKey: key,
      memo: values.memo?.trim() ?? '',
      ...(totp ? { totpCode: totp } : {}),
    };
    try {
      const res = isDisburse ? (await disburse({ input })).fundsDisburse : (await recover({ input })).fundsRecover;
      if (res.userErrors.length) {
        const first = res.userErrors[0];
        setError(first);
        if (first.code === 'TOTP_REQUIRED' || first.code === 'TOTP_INVALID') {
          form.setFields([{ name: 'totpCode', errors: [fundsErrorMessage(t, locale, first)] }]);
        } else {
          setStep(0); // back to the amount, the error shown above it
        }
        return;
      }
      message.success(
        t(isDisburse ? 'funds.move.doneDisburse' : 'funds.move.doneRecover', {
          amount: money(values.amount),
        }),
      );
      onDone();
    } catch (err) {
      // Network or server trouble: the same key is kept, so "confirm" again cannot move money twice.
      setRequestError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  const title = t(isDisburse ? 'funds.move.disburseTitle' : 'funds.move.recoverTitle');
  const limit = isDisburse ? disbursable : target.balance;
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      okText={step === 0 ? t('funds.move.next') : t('funds.move.confirm')}
      cancelText={step === 0 ? t('common.cancel') : t('funds.move.back')}
      confirmLoading={disbursing.loading || recovering.loading}
      onOk={step === 0 ? toConfirm : submit}
      cancelButtonProps={step === 1 ? { onClick: () => setStep(0) } : undefined}
      okButtonProps={{ 'data-testid': step === 0 ? 'funds-move-next' : 'funds-move-confirm' } as ButtonProps}
    >
      <div data-testid="funds-move-dialog" data-step={step}>
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[{ title: t('funds.move.stepEnter') }, { title: t('funds.move.stepConfirm') }]}
      />
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={fundsErrorMessage(t, locale, error)}
          data-testid="funds-move-error"
          data-code={error.code}
        />
      )}
      {requestError && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={requestError} />}
      <Form form={form} layout="vertical" preserve>
        <div style={{ display: step === 0 ? 'block' : 'none' }}>
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t(target.kind === 'customer' ? 'funds.field.customer' : 'funds.field.reseller')}>
              <span data-testid="funds-move-target">{target.label}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t(isDisburse ? 'funds.field.disbursable' : 'funds.field.unspentBalance')}>
              <span data-testid="funds-move-limit">{money(limit)}</span>
            </Descriptions.Item>
          </Descriptions>
          <Form.Item
            name="amount"
            label={t('funds.field.amount')}
            rules={[
              { required: true, message: t('funds.move.amountRequired') },
              {
                validator: (_, v: string | undefined) =>
                  !v || validAmount(v) ? Promise.resolve() : Promise.reject(new Error(t('funds.move.amountRule'))),
              },
            ]}
          >
            <Input prefix="¥" inputMode="decimal" placeholder="0.00" data-testid="funds-move-amount" />
          </Form.Item>
          <Form.Item name="memo" label={t('funds.field.memo')} rules={[{ max: 200 }]}>
            <Input maxLength={200} data-testid="funds-move-memo" />
          </Form.Item>
        </div>
        {step === 1 && values && (
          <>
            <Typography.Paragraph data-testid="funds-move-summary">
              {t(isDisburse ? 'funds.move.confirmDisburse' : 'funds.move.confirmRecover', {
                amount: money(values.amount),
              })}{' '}
              <Typography.Text strong>{target.label}</Typography.Text>
            </Typography.Paragraph>
            {requireTotp && (
              <Form.Item
                name="totpCode"
                label={t('funds.totp.codeLabel')}
                extra={t('funds.totp.codeHelp')}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('funds.totp.codeRule') }]}
              >
                <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" data-testid="funds-totp-code" />
              </Form.Item>
            )}
          </>
        )}
      </Form>
      </div>
    </Modal>
  );
}
