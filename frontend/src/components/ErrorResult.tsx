import { Button, Result } from 'antd';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage } from '../lib/errors';
import type { GraphQLClientError } from '../lib/graphqlClient';

/** A failed page load, in the user's language, with a retry where that can help. */
export function ErrorResult({ error, onRetry }: { error: GraphQLClientError; onRetry?: () => void }) {
  const { t } = useI18n();
  const status = error.code === 'FORBIDDEN' ? '403' : error.code === 'NOT_FOUND' ? '404' : 'error';
  return (
    <Result
      status={status}
      title={t(error.code === 'FORBIDDEN' ? 'result.forbiddenTitle' : 'result.errorTitle')}
      subTitle={<span data-testid="error-message">{requestErrorMessage(t, error)}</span>}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry} data-testid="error-retry">
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

export function NotFoundResult({ backTo, onBack }: { backTo?: string; onBack?: () => void }) {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('result.notFoundTitle')}
      subTitle={<span data-testid="not-found">{t('result.notFoundText')}</span>}
      extra={
        onBack ? (
          <Button type="primary" onClick={onBack}>
            {backTo ?? t('common.back')}
          </Button>
        ) : undefined
      }
    />
  );
}

export function ForbiddenResult() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t('result.forbiddenTitle')}
      subTitle={<span data-testid="forbidden">{t('result.forbiddenText')}</span>}
    />
  );
}
