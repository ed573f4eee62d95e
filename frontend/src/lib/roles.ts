import type { PartnerKind, Role } from '../gql/graphql';

export interface Capabilities {
  customers: boolean;
  opportunities: boolean;
  createOpportunity: boolean;
  apiTokens: boolean;
  /** The owner filter and the team column only make sense for those who see others' rows. */
  seesTeam: boolean;
  /** A distributor's admin sees two customer tabs: own customers and secondary resellers' customers. */
  resellerCustomersTab: boolean;
  /** 账务 → 账户: a partner's funds, disbursement and recovery (partner admin and finance). */
  funds: boolean;
  /** 账务 → 伙伴账户: vendor finance recharges partners and sets credit lines. */
  vendorFunds: boolean;
  /** Customer warnings 客户预警 (the policy's warning scope: partner sales roles). */
  warnings: boolean;
  /** The workbench 工作台 at /home: the landing page of partner roles. */
  home: boolean;
  /** Opportunity sharing (PCE): HOs are handled by partner admins and shared by vendor PDMs. */
  sharingHo: boolean;
  /** POs: the partner's admin, managers and supervisors (their own and their team's), vendor PDMs. */
  sharingPo: boolean;
  pcePlan: boolean;
  vendorSharing: boolean;
  /** Everyone signed in as a person has a message centre (API tokens have none). */
  messages: boolean;
  // coupons and orders
  couponQuotas: boolean;
  grantCouponQuota: boolean;
  issuedCoupons: boolean;
  products: boolean;
  /** A customer user: 费用与成本 (discounts), buying from the catalogue, paying its orders. */
  placeOrders: boolean;
  partnerOrders: boolean;
  // Customer association
  /** Switch association type / unbind (更多 menu) and deciding customers' unbind requests. */
  associationAdmin: boolean;
  /** 客户分配: assign or reassign a customer's account manager. */
  assignCustomers: boolean;
  /** The association operation log 关联关系操作记录. */
  associationLog: boolean;
  /** Vendor: publish notice versions and maintain knowledge items. */
  noticeAdmin: boolean;
  /** A customer user's own area: confirm requests, sign the notice, ask to unbind. */
  customerPortal: boolean;
}

const WARNING_ROLES: ReadonlySet<Role> = new Set<Role>(['PARTNER_ADMIN', 'SUPERVISOR', 'ACCOUNT_MANAGER']);
const HOME_ROLES: ReadonlySet<Role> = new Set<Role>(['PARTNER_ADMIN', 'SUPERVISOR', 'ACCOUNT_MANAGER', 'PARTNER_FINANCE']);

const CUSTOMER_ROLES: ReadonlySet<Role> = new Set<Role>([
  'VENDOR_PDM',
  'VENDOR_FINANCE',
  'PARTNER_ADMIN',
  'SUPERVISOR',
  'ACCOUNT_MANAGER',
  'PARTNER_FINANCE',
]);
const OPPORTUNITY_ROLES: ReadonlySet<Role> = new Set<Role>([
  'VENDOR_PDM',
  'PARTNER_ADMIN',
  'SUPERVISOR',
  'ACCOUNT_MANAGER',
]);

const COUPON_ROLES: ReadonlySet<Role> = new Set<Role>(['VENDOR_FINANCE', 'PARTNER_ADMIN', 'PARTNER_FINANCE']);

/** What the menus and buttons offer; the API decides again on every call. */
export function capabilities(role: Role, kinds: readonly PartnerKind[]): Capabilities {
  return {
    customers: CUSTOMER_ROLES.has(role),
    opportunities: OPPORTUNITY_ROLES.has(role),
    createOpportunity: role === 'ACCOUNT_MANAGER',
    apiTokens: role === 'PARTNER_ADMIN',
    seesTeam: role !== 'ACCOUNT_MANAGER',
    resellerCustomersTab: role === 'PARTNER_ADMIN' && kinds.includes('DISTRIBUTOR'),
    funds: role === 'PARTNER_ADMIN' || role === 'PARTNER_FINANCE',
    vendorFunds: role === 'VENDOR_FINANCE',
    warnings: WARNING_ROLES.has(role),
    home: HOME_ROLES.has(role),
    sharingHo: role === 'PARTNER_ADMIN' || role === 'VENDOR_PDM',
    sharingPo: OPPORTUNITY_ROLES.has(role),
    pcePlan: OPPORTUNITY_ROLES.has(role) || role === 'PARTNER_FINANCE',
    vendorSharing: role === 'VENDOR_PDM',
    messages: role !== 'INTEGRATOR',
    couponQuotas: COUPON_ROLES.has(role),
    grantCouponQuota: role === 'VENDOR_FINANCE',
    issuedCoupons: COUPON_ROLES.has(role),
    products: role !== 'INTEGRATOR',
    placeOrders: role === 'CUSTOMER_USER',
    partnerOrders: COUPON_ROLES.has(role),
    associationAdmin: role === 'PARTNER_ADMIN',
    assignCustomers: role === 'PARTNER_ADMIN' || role === 'SUPERVISOR',
    associationLog: role === 'PARTNER_ADMIN' || role === 'SUPERVISOR' || role === 'ACCOUNT_MANAGER' || role === 'VENDOR_PDM',
    noticeAdmin: role === 'VENDOR_PDM',
    customerPortal: role === 'CUSTOMER_USER',
  };
}
