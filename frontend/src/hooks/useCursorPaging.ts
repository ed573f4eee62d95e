import { useCallback, useState } from 'react';

export const PAGE_SIZES = [20, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export interface CursorVars {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
}

interface PagingState {
  size: PageSize;
  page: number;
  cursor: { after: string } | { before: string } | null;
}

/** Keyset paging: next = first/after(endCursor), previous = last/before(startCursor). */
export function useCursorPaging(initial: PageSize = 20) {
  const [state, setState] = useState<PagingState>({ size: initial, page: 1, cursor: null });

  const vars: CursorVars =
    state.cursor && 'before' in state.cursor
      ? { last: state.size, before: state.cursor.before }
      : { first: state.size, ...(state.cursor ? { after: state.cursor.after } : {}) };

  const next = useCallback((endCursor: string | null | undefined) => {
    if (!endCursor) return;
    setState((s) => ({ ...s, page: s.page + 1, cursor: { after: endCursor } }));
  }, []);
  const previous = useCallback((startCursor: string | null | undefined) => {
    if (!startCursor) return;
    setState((s) => (s.page <= 2 ? { ...s, page: 1, cursor: null } : { ...s, page: s.page - 1, cursor: { before: startCursor } }));
  }, []);
  const reset = useCallback(() => setState((s) => ({ ...s, page: 1, cursor: null })), []);
  const setSize = useCallback((size: PageSize) => setState({ size, page: 1, cursor: null }), []);

  return { vars, page: state.page, size: state.size, next, previous, reset, setSize };
}
