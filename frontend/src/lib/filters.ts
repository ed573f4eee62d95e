import type { Dayjs } from 'dayjs';
import type {
  AssociationType,
  CustomerFilter,
  CustomerView,
  Industry,
  OpportunityFilter,
  OpportunityStage,
  OpportunityType,
} from '../gql/graphql';
import { toDecimalString } from './validation';

type DateRange = [Dayjs | null, Dayjs | null] | null | undefined;

function toDateTimeRange(range: DateRange): { from?: string; to?: string } | undefined {
  const [from, to] = range ?? [null, null];
  if (!from && !to) return undefined;
  return {
    ...(from ? { from: from.startOf('day').toISOString() } : {}),
    ...(to ? { to: to.endOf('day').toISOString() } : {}),
  };
}

export interface OpportunityFilterValues {
  search?: string;
  industries?: Industry[];
  types?: OpportunityType[];
  stages?: OpportunityStage[];
  confidence?: [number, number];
  ownerIds?: string[];
  customerIds?: string[];
  revenueMin?: number | null;
  revenueMax?: number | null;
  updatedAt?: [Dayjs | null, Dayjs | null] | null;
}

/** Turns the filter form into the API's OpportunityFilter (only what the user set). */
export function toOpportunityFilter(v: OpportunityFilterValues): OpportunityFilter {
  const f: OpportunityFilter = {};
  if (v.search?.trim()) f.search = v.search.trim();
  if (v.industries?.length) f.industries = v.industries;
  if (v.types?.length) f.types = v.types;
  if (v.stages?.length) f.stages = v.stages;
  if (v.confidence && (v.confidence[0] > 0 || v.confidence[1] < 100)) {
    f.confidence = { min: v.confidence[0], max: v.confidence[1] };
  }
  if (v.ownerIds?.length) f.ownerIds = v.ownerIds;
  if (v.customerIds?.length) f.customerIds = v.customerIds;
  if (v.revenueMin != null || v.revenueMax != null) {
    f.expectedMonthlyRevenue = {
      ...(v.revenueMin != null ? { min: toDecimalString(v.revenueMin) } : {}),
      ...(v.revenueMax != null ? { max: toDecimalString(v.revenueMax) } : {}),
    };
  }
  const updatedAt = toDateTimeRange(v.updatedAt);
  if (updatedAt) f.updatedAt = updatedAt;
  return f;
}

export interface CustomerFilterValues {
  name?: string;
  accountName?: string;
  phone?: string;
  tag?: string;
  associationTypes?: AssociationType[];
  industries?: Industry[];
  managerIds?: string[];
  associatedAt?: [Dayjs | null, Dayjs | null] | null;
}

/** Turns the customer filter form into the API's CustomerFilter (only what the user set). */
export function toCustomerFilter(v: CustomerFilterValues, view: CustomerView | null): CustomerFilter {
  const f: CustomerFilter = {};
  if (view) f.view = view;
  if (v.name?.trim()) f.name = v.name.trim();
  if (v.accountName?.trim()) f.accountName = v.accountName.trim();
  if (v.phone?.trim()) f.phone = v.phone.trim();
  if (v.tag?.trim()) f.tag = v.tag.trim();
  if (v.associationTypes?.length) f.associationTypes = v.associationTypes;
  if (v.industries?.length) f.industries = v.industries;
  if (v.managerIds?.length) f.managerIds = v.managerIds;
  const associatedAt = toDateTimeRange(v.associatedAt);
  if (associatedAt) f.associatedAt = associatedAt;
  return f;
}
