import type { MaskedField } from '../gql/graphql';

/** What the API says about one record's identifiers. */
export interface MaskRights {
  maskedFields: readonly MaskedField[];
  revealableFields: readonly MaskedField[];
  hiddenFields?: readonly MaskedField[] | null;
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
    return { kind: 'withheld', text: WITHHELD_TEXT, showEye: false };
  }
  const masked = rights.maskedFields.includes(field);
  if (!masked) {
    return { kind: 'plain', text: value ?? WITHHELD_TEXT, showEye: false };
  }
  if (!rights.revealableFields.includes(field)) {
    return { kind: 'locked', text: value ?? WITHHELD_TEXT, showEye: false };
  }
  if (revealed != null) {
    return { kind: 'revealed', text: revealed, showEye: true };
  }
  return { kind: 'masked', text: value ?? WITHHELD_TEXT, showEye: true };
}

/** True when the viewer may reveal `field` of this record (the eye is drawn). */
export function canReveal(field: MaskedField, rights: MaskRights): boolean {
  return (
    !rights.hiddenFields?.includes(field) &&
    rights.maskedFields.includes(field) &&
    rights.revealableFields.includes(field)
  );
}

export type RevealedRecordKey = 'name' | 'accountName' | 'phone' | 'email';

/** Which property of a RevealedRecord carries a field's clear value. */
export const REVEALED_KEY: Record<MaskedField, RevealedRecordKey> = {
  NAME: 'name',
  ACCOUNT_NAME: 'accountName',
  PHONE: 'phone',
  EMAIL: 'email',
};

export function revealKey(id: string, field: MaskedField): string {
  return `${id}|${field}`;
}
