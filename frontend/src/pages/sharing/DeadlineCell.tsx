import { ClockCircleOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { formatDateTime } from '../../lib/format';

const DAY_MS = 24 * 3600 * 1000;

/** A deadline: the time, and a tag while the item is open and the deadline is near or past. */
export function DeadlineCell({ iso, open, testId }: { iso: string; open: boolean; testId?: string }) {
  const { t, locale } = useI18n();
  const [now] = useState(() => Date.now()); // the time the page was drawn
  const left = new Date(iso).getTime() - now;
  return (
    <Space size={4} wrap data-testid={testId} data-deadline={iso}>
      <Tooltip title={formatDateTime(iso, locale)}>
        <time dateTime={iso}>{formatDateTime(iso, locale)}</time>
      </Tooltip>
      {open && left < 0 && (
        <Tag color="red" bordered={false}>
          {t('sharing.deadline.overdue')}
        </Tag>
      )}
      {open && left >= 0 && left < DAY_MS && (
        <Tag color="orange" bordered={false} icon={<ClockCircleOutlined />} data-testid="deadline-soon">
          {t('sharing.deadline.soon')}
        </Tag>
      )}
    </Space>
  );
}
