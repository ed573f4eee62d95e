import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import type { ExportLanguage, ExportPayloadFieldsFragment } from '../gql/graphql';
import { useI18n } from '../i18n/useI18n';
import { downloadBase64 } from '../lib/download';
import { requestErrorMessage, userErrorMessage } from '../lib/errors';
import { GraphQLClientError } from '../lib/graphqlClient';

/**
 * 导出: runs a list's export mutation with the list's current filters and ordering and downloads
 * the xlsx (masked exactly as the list shows it; the server audits the export).
 */
export function ExportButton({
  run,
  testId,
}: {
  run: (language: ExportLanguage) => Promise<ExportPayloadFieldsFragment>;
  testId: string;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const onClick = async () => {
    setBusy(true);
    try {
      const payload = await run(locale === 'en' ? 'EN' : 'ZH_CN');
      if (payload.userErrors.length || !payload.file) {
        message.error(payload.userErrors.map((e) => userErrorMessage(t, locale, e)).join(' '));
        return;
      }
      const f = payload.file;
      downloadBase64(f.filename, f.contentType, f.contentBase64);
      message.success(t('warnings.export.done', { count: f.rowCount }));
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={onClick} data-testid={testId}>
      {t('warnings.export.button')}
    </Button>
  );
}
