import type { CustomerFilter, CustomerOptionFieldsFragment } from '../gql/graphql';
import type { GraphQLClientError } from './graphqlClient';

/** One page of the customer pickers, and how long typing must pause before a search is sent. */
export const CUSTOMER_PAGE_SIZE = 20;
export const CUSTOMER_SEARCH_DEBOUNCE_MS = 300;

export type CustomerOption = CustomerOptionFieldsFragment;

/**
 * Searching by name needs the right to reveal names (the API answers FORBIDDEN otherwise).
 * 'unknown' until the first page says (a record whose NAME is revealable means the role may);
 * 'no' once the API refused a name search, after which the picker pages without searching.
 */
export type NameSearch = 'unknown' | 'yes' | 'no';

export interface CustomerSearchState {
  /** The search the current results belong to ('' = no search). */
  query: string;
  results: CustomerOption[];
  endCursor: string | null;
  hasNext: boolean;
  nameSearch: NameSearch;
  /** Every customer seen so far, by id: labels of chosen values survive a new search. */
  known: ReadonlyMap<string, CustomerOption>;
}

export const INITIAL_SEARCH_STATE: CustomerSearchState = {
  query: '',
  results: [],
  endCursor: null,
  hasNext: false,
  nameSearch: 'unknown',
  known: new Map(),
};

export interface CustomerPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: CustomerOption[];
}

export type CustomerSearchAction =
  | { type: 'page'; query: string; page: CustomerPage; append: boolean }
  | { type: 'known'; records: CustomerOption[] }
  | { type: 'nameSearchForbidden' };

function remember(known: ReadonlyMap<string, CustomerOption>, records: CustomerOption[]): ReadonlyMap<string, CustomerOption> {
  if (records.length === 0) return known;
  const next = new Map(known);
  for (const r of records) next.set(r.id, r);
  return next;
}

export function customerSearchReducer(state: CustomerSearchState, action: CustomerSearchAction): CustomerSearchState {
  switch (action.type) {
    case 'page': {
      const { page } = action;
      const results = action.append
        ? [...state.results, ...page.nodes.filter((n) => !state.results.some((r) => r.id === n.id))]
        : page.nodes;
      let nameSearch = state.nameSearch;
      if (nameSearch === 'unknown' && page.nodes.length > 0) {
        nameSearch = page.nodes.some((n) => n.revealableFields.includes('NAME')) ? 'yes' : 'no';
      }
      return {
        ...state,
        query: action.query,
        results,
        endCursor: page.pageInfo.endCursor,
        hasNext: page.pageInfo.hasNextPage,
        nameSearch,
        known: remember(state.known, page.nodes),
      };
    }
    case 'known':
      return { ...state, known: remember(state.known, action.records) };
    case 'nameSearchForbidden':
      return { ...state, nameSearch: 'no' };
  }
}

/** The API filter of one request: the search term only while name search is allowed. */
export function customerOptionsFilter(term: string, nameSearch: NameSearch, managerId?: string | null): CustomerFilter {
  const f: CustomerFilter = {};
  const name = term.trim();
  if (name && nameSearch !== 'no') f.name = name;
  if (managerId) f.managerIds = [managerId];
  return f;
}

/** The API refused the search itself: the viewer's role may not filter by customer name. */
export function isNameSearchForbidden(err: GraphQLClientError, filter: CustomerFilter): boolean {
  return err.code === 'FORBIDDEN' && Boolean(filter.name);
}

/**
 * The options to draw: this page's results, plus chosen customers that are not on it (so that a
 * chosen value keeps its label while another search is shown).
 */
export function optionRecords(state: CustomerSearchState, selected: readonly string[]): CustomerOption[] {
  const extra = selected
    .filter((id) => !state.results.some((r) => r.id === id))
    .flatMap((id) => {
      const known = state.known.get(id);
      return known ? [known] : [];
    });
  return [...extra, ...state.results];
}

/** Chosen ids whose label is unknown yet (to be fetched by id). */
export function unknownSelected(state: CustomerSearchState, selected: readonly string[]): string[] {
  return selected.filter((id) => !state.known.has(id));
}
