import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Result, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { ErrorResult } from '../components/ErrorResult';
import { TotpDisableDocument, TotpEnrolConfirmDocument, TotpEnrolStartDocument, TotpStatusDocument } from '../gql/graphql';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage } from '../lib/errors';
import { fundsErrorMessage } from '../lib/funds';
import { GraphQLClientError } from '../lib/graphqlClient';

/** Second factor (TOTP) for money operations: enrol (the secret is shown once), confirm with a first
 * code, or remove it with a valid code. */
export function FundsSecurityPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const status = useQuery(TotpStatusDocument, {});
  const [start, starting] = useMutation(TotpEnrolStartDocument);
  const [confirm, confirming] = useMutation(TotpEnrolConfirmDocument);
  const [disable, disabling] = useMutation(TotpDisableDocument);
  const [enrolment, setEnrolment] = useState<{ uri: string; secret: string } | null>(null);
  const [form] = Form.useForm<{ code: string }>();
  const [password, setPassword] = useState('');

  const fail = (err: unknown) =>
    message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));

  if (status.error && !status.data) return <ErrorResult error={status.error} onRetry={status.refetch} />;
  const enrolled = status.data?.totpStatus.enrolled ?? false;

  const onStart = async () => {
    try {
      const needsPassword = status.data?.totpStatus.required && !enrolled;
      const res = (await start({ input: needsPassword ? { password } : {} })).totpEnrolStart;
      if (res.userErrors.length) message.error(fundsErrorMessage(t, locale, res.userErrors[0]));
      else if (res.otpauthUri && res.secret) setEnrolment({ uri: res.otpauthUri, secret: res.secret });
    } catch (err) {
      fail(err);
    }
  };

  const onCode = async ({ code }: { code: string }) => {
    try {
      const res = enrolled
        ? (await disable({ input: { code: code.trim() } })).totpDisable
        : (await confirm({ input: { code: code.trim() } })).totpEnrolConfirm;
      if (res.userErrors.length) {
        form.setFields([{ name: 'code', errors: [fundsErrorMessage(t, locale, res.userErrors[0])] }]);
        return;
      }
      message.success(t(enrolled ? 'funds.totp.disabled' : 'funds.totp.enrolled'));
      setEnrolment(null);
      form.resetFields();
      status.refetch();
    } catch (err) {
      fail(err);
    }
  };

  const codeForm = (submitLabel: string, danger = false) => (
    <Form form={form} layout="inline" onFinish={onCode}>
      <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: t('funds.totp.codeRule') }]}>
        <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" placeholder="123456" data-testid="totp-code" />
      </Form.Item>
      <Button type="primary" danger={danger} htmlType="submit" loading={confirming.loading || disabling.loading} data-testid="totp-submit">
        {submitLabel}
      </Button>
    </Form>
  );

  return (
    <div data-testid="funds-security-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('funds.totp.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('funds.totp.subtitle')}</Typography.Text>
        </div>
      </div>
      <Card>
        {status.data?.totpStatus.required && !enrolled && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('funds.totp.requiredNotEnrolled')} />
        )}
        {enrolled ? (
          <Result
            status="success"
            icon={<SafetyCertificateOutlined />}
            title={<span data-testid="totp-enrolled">{t('funds.totp.enrolledTitle')}</span>}
            subTitle={t('funds.totp.disableHelp')}
            extra={<div style={{ display: 'flex', justifyContent: 'center' }}>{codeForm(t('funds.totp.disable'), true)}</div>}
          />
        ) : enrolment ? (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Steps size="small" current={1} items={[{ title: t('funds.totp.stepScan') }, { title: t('funds.totp.stepConfirm') }]} />
            <Alert type="info" showIcon message={t('funds.totp.shownOnce')} />
            <Typography.Paragraph>
              {t('funds.totp.scanHelp')}
              <br />
              <Typography.Text code copyable data-testid="totp-uri">
                {enrolment.uri}
              </Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph>
              {t('funds.totp.secretLabel')}{' '}
              <Typography.Text code copyable data-testid="totp-secret">
                {enrolment.secret}
              </Typography.Text>
            </Typography.Paragraph>
            {codeForm(t('funds.totp.confirm'))}
          </Space>
        ) : (
          <Result
            icon={<SafetyCertificateOutlined />}
            title={t('funds.totp.notEnrolledTitle')}
            subTitle={t('funds.totp.notEnrolledHelp')}
            extra={
              <Space direction="vertical" align="center">
                {status.data?.totpStatus.required && (
                  <Input.Password
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                    placeholder={t('funds.totp.passwordPlaceholder')}
                    autoComplete="current-password"
                    style={{ width: 260 }}
                    data-testid="totp-password"
                  />
                )}
                <Button type="primary" onClick={onStart} loading={starting.loading} data-testid="totp-start">
                  {t('funds.totp.setUp')}
                </Button>
              </Space>
            }
          />
        )}
      </Card>
    </div>
  );
}
