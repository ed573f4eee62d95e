import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { LoginDocument } from '../gql/graphql';
import { useMutation } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage, userErrorMessage, type UserErrorLike } from '../lib/errors';
import { GraphQLClientError } from '../lib/graphqlClient';
import { useAuth } from '../session/context';

type LoginError = { user: UserErrorLike } | { request: GraphQLClientError } | { unknown: true };

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t, locale } = useI18n();
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [login, { loading }] = useMutation(LoginDocument);
  const [error, setError] = useState<LoginError | null>(null);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (auth.viewer) return <Navigate to={from} replace />;

  // Kept as data and translated at render time, so switching the language re-translates it.
  const errorText = error
    ? 'user' in error
      ? userErrorMessage(t, locale, error.user)
      : 'request' in error
        ? requestErrorMessage(t, error.request)
        : t('error.UNKNOWN')
    : auth.loadError
      ? requestErrorMessage(t, auth.loadError)
      : null;

  const onFinish = async (values: LoginForm) => {
    setError(null);
    try {
      const data = await login({ input: { username: values.username.trim(), password: values.password } });
      const payload = data.login;
      if (payload.userErrors.length > 0 || !payload.viewer) {
        const first = payload.userErrors[0];
        setError(first ? { user: first } : { unknown: true });
        return;
      }
      auth.setViewer(payload.viewer);
      navigate(from, { replace: true });
    } catch (err) {
      setError(err instanceof GraphQLClientError ? { request: err } : { unknown: true });
    }
  };

  return (
    <div className="pc-login" data-testid="login-page">
      <div className="pc-login__lang">
        <LanguageSwitch />
      </div>
      <div className="pc-login__panel">
        <div className="pc-login__brand">
          <div className="pc-logo" aria-hidden>
            P
          </div>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          </div>
        </div>
        <Card className="pc-login__card" title={t('login.title')}>
          {errorText && (
            <Alert
              type="error"
              showIcon
              data-testid="login-error"
              style={{ marginBottom: 16 }}
              message={errorText}
            />
          )}
          <Form<LoginForm> layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                placeholder={t('login.usernamePlaceholder')}
                autoComplete="username"
                data-testid="login-username"
                size="large"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                placeholder={t('login.passwordPlaceholder')}
                autoComplete="current-password"
                data-testid="login-password"
                size="large"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={loading} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        <Typography.Paragraph type="secondary" className="pc-login__foot">
          {t('login.footer')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
