import { ClockCircleOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip, type ButtonProps } from 'antd';
import type { HoRejectReason, HoState, PathStage, PoState, SupportKind } from '../../gql/graphql';
import { useI18n } from '../../i18n/useI18n';
import { formatDateTime } from '../../lib/format';

/** Compile-time check that a list names every member of a union. */
type Exhaustive<U, L extends readonly U[]> = [Exclude<U, L[number]>] extends [never] ? L : never;
function all<U>() {
  return <const L extends readonly U[]>(list: Exhaustive<U, L>): L => list;
}

export const HO_STATES = all<HoState>()(['PENDING', 'ACCEPTED', 'REJECTED']);
export const PO_STATES = all<PoState>()(['PENDING', 'APPROVED', 'REJECTED']);
export const SUPPORT_KINDS = all<SupportKind>()([
  'ARCHITECTURE_VALIDATION',
  'BUSINESS_DEMO',
  'TECHNICAL_CONSULTING',
  'STRATEGY_SUPPORT',
  'RESOURCE_CONFIGURATION_SUPPORT',
  'VISIBLE_ONLY',
]);
/** Reasons a partner admin may choose (EXPIRED is set by the deadline job only). */
export const HO_REJECT_REASONS: readonly HoRejectReason[] = [
  'NO_CAPACITY',
  'INDUSTRY_NOT_COVERED',
  'REGION_NOT_COVERED',
  'CUSTOMER_CONFLICT',
  'INSUFFICIENT_INFORMATION',
  'OTHER',
];
export const PATH_STAGES = all<PathStage>()(['REGISTERED', 'CERTIFIED', 'DIFFERENTIATED']);

export const HO_STATE_COLORS: Record<HoState, string> = { PENDING: 'gold', ACCEPTED: 'green', REJECTED: 'default' };
export const PO_STATE_COLORS: Record<PoState, string> = { PENDING: 'gold', APPROVED: 'green', REJECTED: 'red' };

const DAY_MS = 24 * 3600 * 1000;

/** A deadline: the time, and a tag while the item is open and the deadline is near or past. */
export function DeadlineCell({ iso, open, testId }: { iso: string; open: boolean; testId?: string }) {
  const { t, locale } = useI18n();
  const left = new Date(iso).getTime() - Date.now();
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

/** data-testid for antd props typed without data attributes (e.g. okButtonProps). */
export function testId(id: string): ButtonProps {
  return { 'data-testid': id } as ButtonProps;
}
