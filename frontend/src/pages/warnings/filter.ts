import type { Dayjs } from 'dayjs';
import type { WarningFilter, WarningKind, WarningLevel, WarningState } from '../../gql/graphql';

export interface WarningFilterValues {
  states?: WarningState[];
  levels?: WarningLevel[];
  customerIds?: string[];
  createdAt?: [Dayjs | null, Dayjs | null] | null;
}

/** The filter form (and the tab's kind) as the API's WarningFilter: only what the user set. */
export function toWarningFilter(kind: WarningKind, v: WarningFilterValues): WarningFilter {
  const f: WarningFilter = { kinds: [kind] };
  if (v.states?.length) f.states = v.states;
  if (v.levels?.length) f.levels = v.levels;
  if (v.customerIds?.length) f.customerIds = v.customerIds;
  const [from, to] = v.createdAt ?? [null, null];
  if (from || to) {
    f.createdAt = {
      ...(from ? { from: from.startOf('day').toISOString() } : {}),
      ...(to ? { to: to.endOf('day').toISOString() } : {}),
    };
  }
  return f;
}

