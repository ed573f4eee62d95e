import type { MaskedField, RevealDenialReason } from '../gql/graphql';
import type { MessageKey } from '../i18n/messages';

/** What the API says about one record's identifiers. */
export interface MaskRights {
  maskedFields: readonly MaskedField[];
  revealableFields: readonly MaskedField[];
  hiddenFields?: readonly MaskedField[] | null;
  /** Why each masked or withheld field may not be revealed (decided by the server's policy). */
  revealDenials?: readonly { field: MaskedField; reason: RevealDenialReason }[] | null;
}

export type MaskDisplayKind =
  /** Withheld from this viewer: show "—" with a tooltip. */
  | 'withheld'
  /** Not a masked field for this record: show as is. */
  | 'plain'
  /** Masked and the viewer may not reveal it: masked value + tooltip, no eye. */
  | 'locked'
  /** Masked, revealable, currently hidden: masked value + closed eye. */
  | 'masked'
  /** Revealed in this page's state: clear value + open eye (click hides it again). */
  | 'revealed';

export interface MaskDisplay {
  kind: MaskDisplayKind;
  text: string;
  showEye: boolean;
  /** For 'locked' and 'withheld': the server's reason, when it sent one. */
  reason?: RevealDenialReason;
}

export const WITHHELD_TEXT = '—';

/**
 * Decides how to draw one identifier. `revealed` is the clear value held in local
 * state after an explicit reveal (undefined when hidden).
 */
export function maskDisplay(
  value: string | null | undefined,
  field: MaskedField,
  rights: MaskRights,
  revealed?: string | null,
): MaskDisplay {
  if (rights.hiddenFields?.includes(field)) {
    return withReason({ kind: 'withheld', text: WITHHELD_TEXT, showEye: false }, denialReason(field, rights));
  }
  const masked = rights.maskedFields.includes(field);
  if (!masked) {
    return { kind: 'plain', text: value ?? WITHHELD_TEXT, showEye: false };
  }
  if (!rights.revealableFields.includes(field)) {
    return withReason({ kind: 'locked', text: value ?? WITHHELD_TEXT, showEye: false }, denialReason(field, rights));
  }
  if (revealed != null) {
    return { kind: 'revealed', text: revealed, showEye: true };
  }
  return { kind: 'masked', text: value ?? WITHHELD_TEXT, showEye: true };
}

function withReason(display: MaskDisplay, reason: RevealDenialReason | undefined): MaskDisplay {
  return reason ? { ...display, reason } : display;
}

/** The server's reason why `field` of this record may not be revealed (undefined: none sent). */
export function denialReason(field: MaskedField, rights: MaskRights): RevealDenialReason | undefined {
  return rights.revealDenials?.find((d) => d.field === field)?.reason;
}

/** The tooltip of a locked or withheld value: the translated reason ({field} is filled in). */
export const DENIAL_TIP_KEYS: Record<RevealDenialReason, MessageKey> = {
  ROLE: 'mask.denied.ROLE',
  API_TOKEN: 'mask.denied.API_TOKEN',
  BASIC_DATA_ONLY: 'mask.denied.BASIC_DATA_ONLY',
  SUMMARY_ONLY: 'sharing.mask.denied.SUMMARY_ONLY',
};

export function denialTipKey(display: MaskDisplay): MessageKey {
  if (display.reason) return DENIAL_TIP_KEYS[display.reason];
  return display.kind === 'withheld' ? 'mask.withheldTip' : 'mask.lockedTip';
}

/** True when the viewer may reveal `field` of this record (the eye is drawn). */
export function canReveal(field: MaskedField, rights: MaskRights): boolean {
  return (
    !rights.hiddenFields?.includes(field) &&
    rights.maskedFields.includes(field) &&
    rights.revealableFields.includes(field)
  );
}

export type RevealedRecordKey = 'name' | 'accountName' | 'phone' | 'email' | 'texts';

/** Which property of a RevealedRecord carries a field's clear value. */
export const REVEALED_KEY: Record<MaskedField, RevealedRecordKey> = {
  NAME: 'name',
  ACCOUNT_NAME: 'accountName',
  PHONE: 'phone',
  EMAIL: 'email',
  TEXT: 'texts',
};

export function revealKey(id: string, field: MaskedField): string {
  return `${id}|${field}`;
}
