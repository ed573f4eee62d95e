import type { ButtonProps } from 'antd';
import type { HoRejectReason, HoState, PathStage, PoState, SupportKind } from '../../gql/graphql';

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

/** data-testid for antd props typed without data attributes (e.g. okButtonProps). */
export function testId(id: string): ButtonProps {
  return { 'data-testid': id } as ButtonProps;
}
