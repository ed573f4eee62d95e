import type {
  AssociationType,
  Industry,
  OpportunityStage,
  OpportunityType,
  Role,
  TokenScope,
} from '../gql/graphql';

/** Compile-time check that a list names every member of a union. */
type Exhaustive<U, L extends readonly U[]> = [Exclude<U, L[number]>] extends [never] ? L : never;

function all<U>() {
  return <const L extends readonly U[]>(list: Exhaustive<U, L>): L => list;
}

export const INDUSTRIES = all<Industry>()([
  'INTERNET',
  'FINANCE',
  'GOVERNMENT',
  'MANUFACTURING',
  'RETAIL',
  'EDUCATION',
  'HEALTHCARE',
  'ENERGY',
  'TRANSPORT',
  'MEDIA',
  'GAMING',
  'OTHER',
]);

export const OPPORTUNITY_TYPES = all<OpportunityType>()(['NEW_PURCHASE', 'EXPANSION', 'RENEWAL', 'MIGRATION']);

export const OPPORTUNITY_STAGES = all<OpportunityStage>()([
  'LEAD',
  'QUALIFIED',
  'SOLUTION',
  'NEGOTIATION',
  'WON',
  'LOST',
]);

export const ASSOCIATION_TYPES = all<AssociationType>()(['RESALE', 'CONSULTING']);

export const TOKEN_SCOPES = all<TokenScope>()(['CUSTOMERS_READ', 'OPPORTUNITIES_READ', 'PRODUCTS_READ']);

export const ROLES = all<Role>()([
  'VENDOR_PDM',
  'VENDOR_FINANCE',
  'PARTNER_ADMIN',
  'SUPERVISOR',
  'ACCOUNT_MANAGER',
  'PARTNER_FINANCE',
  'CUSTOMER_USER',
  'INTEGRATOR',
]);

export const STAGE_COLORS: Record<OpportunityStage, string> = {
  LEAD: 'default',
  QUALIFIED: 'blue',
  SOLUTION: 'cyan',
  NEGOTIATION: 'gold',
  WON: 'green',
  LOST: 'red',
};

export const ASSOCIATION_COLORS: Record<AssociationType, string> = {
  RESALE: 'blue',
  CONSULTING: 'green',
};

export const CONFIDENCE_MARKS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] as const;
