import { createContext, useContext } from 'react';
import type { MaskedField } from '../gql/graphql';

export interface RevealItem {
  id: string;
  field: MaskedField;
}

export interface RevealApi {
  /** The clear value held for this page, or undefined while hidden. */
  get: (id: string, field: MaskedField) => string | undefined;
  isPending: (id: string, field: MaskedField) => boolean;
  /** Reveals (one mutation) or hides (local only) one value. */
  toggle: (id: string, field: MaskedField) => Promise<void>;
  /** Reveals every item not shown yet in one mutation per field; hides them all if all are shown. */
  toggleMany: (items: RevealItem[]) => Promise<void>;
  /**
   * Reveals `item` together with `companions` in one mutation (e.g. a customer's name and the
   * texts of its opportunity), or hides them all if `item` is shown.
   */
  toggleWith: (item: RevealItem, companions: RevealItem[]) => Promise<void>;
  /** Whether every item is currently revealed. */
  allRevealed: (items: RevealItem[]) => boolean;
}

export const RevealContext = createContext<RevealApi | null>(null);

export function useReveal(): RevealApi {
  const api = useContext(RevealContext);
  if (!api) throw new Error('useReveal outside <RevealProvider>');
  return api;
}
