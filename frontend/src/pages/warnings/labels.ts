import type { WarningKind, WarningLevel, WarningResult, WarningState } from '../../gql/graphql';

export const WARNING_KINDS: readonly WarningKind[] = ['CHURN', 'RESOURCE'];
export const WARNING_LEVELS: readonly WarningLevel[] = ['HIGH', 'MEDIUM', 'LOW'];
export const WARNING_STATES: readonly WarningState[] = ['PENDING', 'PROCESSED'];
export const LEVEL_COLORS: Record<WarningLevel, string> = { HIGH: 'red', MEDIUM: 'orange', LOW: 'gold' };
export const STATE_COLORS: Record<WarningState, string> = { PENDING: 'processing', PROCESSED: 'success' };
/** The results a kind of warning may be processed with (the API checks it too). */
export const RESULTS_BY_KIND: Record<WarningKind, readonly WarningResult[]> = {
  CHURN: ['NOT_CHURNED', 'CHURNED'],
  RESOURCE: ['RENEWED', 'WILL_NOT_RENEW', 'OTHER'],
};
