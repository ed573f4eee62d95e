import type { RevealReason } from '../gql/graphql';

export interface GivenReason {
  reason: RevealReason;
  reasonText: string;
}

export const REVEAL_REASONS: readonly RevealReason[] = ['CUSTOMER_CONTACT', 'ORDER_FOLLOW_UP', 'DISPUTE', 'COMPLIANCE', 'OTHER'];

const STORAGE_KEY = 'pc.revealReason';

/** The reason chosen earlier in this browser session (sessionStorage: gone with the tab). */
export function sessionReason(): GivenReason | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<GivenReason>;
    if (!parsed.reason || !REVEAL_REASONS.includes(parsed.reason)) return null;
    return { reason: parsed.reason, reasonText: parsed.reasonText ?? '' };
  } catch {
    return null;
  }
}

export function rememberReason(given: GivenReason | null): void {
  try {
    if (given) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(given));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage unavailable: ask again next time
  }
}
