/**
 * Where a message's record opens in the SPA, by GraphQL type. A slice with its own detail page adds
 * its type here; a type without a page gets no link (the message still shows).
 */
const ROUTES: Record<string, (id: string) => string> = {
  Customer: (id) => `/customers/${encodeURIComponent(id)}`,
  Opportunity: (id) => `/opportunities/${encodeURIComponent(id)}`,
  CustomerWarning: (id) => `/warnings/${encodeURIComponent(id)}`,
  // coupons: COUPON_ISSUED reaches customer users (their discounts), QUOTA_GRANTED partner staff
  Coupon: () => '/portal/coupons',
  CouponQuota: () => '/coupons/quotas',
  // Customer association: opens the portal (customer user) or the association log (partner side).
  AssociationRequest: (id) => `/association-requests/${encodeURIComponent(id)}`,
  VendorSharedOpportunity: (id) => `/sharing/ho/${encodeURIComponent(id)}`,
  PartnerSharedOpportunity: () => '/sharing?tab=po',
};

export function recordPath(recordType: string | null | undefined, id: string | null | undefined): string | null {
  if (!recordType || !id) return null;
  const route = ROUTES[recordType];
  return route ? route(id) : null;
}

export function registerRecordRoute(recordType: string, route: (id: string) => string): void {
  ROUTES[recordType] = route;
}
