import { Tooltip } from 'antd';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatDateTime } from '../lib/format';

/** A date in a dense table: the day, with the full time on hover. */
export function DateCell({ iso }: { iso: string }) {
  const { locale } = useI18n();
  const full = formatDateTime(iso, locale);
  return (
    <Tooltip title={full}>
      <time dateTime={iso} data-testid="date-cell">
        {formatDate(iso, locale)}
      </time>
    </Tooltip>
  );
}
