import type { PartnerKind } from '../gql/graphql';

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
  /** 账务 → 账户: the partner's "money operations need a second factor" setting (partner admin). */
  fundsSettings: boolean;
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

/** The server's capability (declared resource and action) behind each menu and button. */
const SOURCES: Readonly<Record<keyof Capabilities, readonly [resource: string, action: string]>> = {
  customers: ['Customer', 'list'],
  opportunities: ['Opportunity', 'list'],
  createOpportunity: ['Opportunity', 'create'],
  apiTokens: ['ApiToken', 'manage'],
  seesTeam: ['Opportunity', 'seeTeam'],
  resellerCustomersTab: ['Customer', 'listResellerCustomers'],
  funds: ['FundsAccount', 'move'],
  vendorFunds: ['FundsAccount', 'grant'],
  fundsSettings: ['FundsAccount', 'requireSecondFactor'],
  warnings: ['CustomerWarning', 'list'],
  home: ['Workbench', 'view'],
  sharingHo: ['VendorSharedOpportunity', 'list'],
  sharingPo: ['PartnerSharedOpportunity', 'list'],
  pcePlan: ['PceProgram', 'view'],
  vendorSharing: ['VendorSharedOpportunity', 'share'],
  messages: ['Message', 'list'],
  couponQuotas: ['CouponQuota', 'list'],
  grantCouponQuota: ['CouponQuota', 'grant'],
  issuedCoupons: ['Coupon', 'list'],
  products: ['Product', 'browse'],
  placeOrders: ['Order', 'place'],
  partnerOrders: ['Order', 'list'],
  associationAdmin: ['AssociationRequest', 'request'],
  assignCustomers: ['CustomerAssignment', 'assign'],
  associationLog: ['AssociationLogEntry', 'list'],
  noticeAdmin: ['NoticeVersion', 'manage'],
  customerPortal: ['AssociationRequest', 'answer'],
};

export interface ServerCapability {
  resource: string;
  action: string;
  allowed: boolean;
}

/** What the menus and buttons offer, as the server's `viewer.capabilities` says (the slices'
 *  declared action rights); a capability the server does not list is not offered. The API decides
 *  again on every call. */
export function capabilities(server: readonly ServerCapability[], kinds: readonly PartnerKind[]): Capabilities {
  const allowed = new Set(server.filter((c) => c.allowed).map((c) => `${c.resource}.${c.action}`));
  const caps = Object.fromEntries(
    Object.entries(SOURCES).map(([name, [resource, action]]) => [name, allowed.has(`${resource}.${action}`)]),
  ) as unknown as Capabilities;
  // Two customer tabs only make sense for a distributor (which may have no reseller yet).
  caps.resellerCustomersTab = caps.resellerCustomersTab && kinds.includes('DISTRIBUTOR');
  return caps;
}
