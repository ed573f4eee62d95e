import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { CustomerOptionsByIdsDocument, CustomerOptionsDocument, type CustomerFilter } from '../gql/graphql';
import {
  CUSTOMER_PAGE_SIZE,
  CUSTOMER_SEARCH_DEBOUNCE_MS,
  customerOptionsFilter,
  customerSearchReducer,
  INITIAL_SEARCH_STATE,
  isNameSearchForbidden,
  type CustomerOption,
  type CustomerSearchState,
} from '../lib/customerSearch';
import { client, GraphQLClientError } from '../lib/graphqlClient';

export interface CustomerSearch {
  state: CustomerSearchState;
  /** The text typed in the picker (searched once typing pauses). */
  term: string;
  setTerm: (term: string) => void;
  /** False once the viewer's role turned out not to be allowed to search by name. */
  searchable: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: GraphQLClientError | null;
  loadMore: () => void;
  /** Fetches the labels of chosen customers not seen yet (e.g. an id from the URL). */
  ensureKnown: (ids: readonly string[]) => void;
  /** The current page's customers (what the "reveal this list" eye applies to). */
  records: CustomerOption[];
}

function asClientError(err: unknown): GraphQLClientError {
  return err instanceof GraphQLClientError ? err : new GraphQLClientError('UNKNOWN', String(err));
}

/**
 * Server-side customer search for the pickers: `customers(first: 20, filter: {name})` once typing
 * pauses, more pages on demand. A role that may not filter by name (FORBIDDEN) falls back to paging.
 */
export function useCustomerSearch({ managerId }: { managerId?: string | null } = {}): CustomerSearch {
  const [state, dispatch] = useReducer(customerSearchReducer, INITIAL_SEARCH_STATE);
  const [term, setTerm] = useState('');
  const [query, setQuery] = useState('');
  /** The filter the last answer (page or error) belongs to: loading while it is not the current one. */
  const [settled, setSettled] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<GraphQLClientError | null>(null);
  const asked = useRef(new Set<string>());

  useEffect(() => {
    const timer = setTimeout(() => setQuery(term.trim()), CUSTOMER_SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [term]);

  const filterKey = JSON.stringify(customerOptionsFilter(query, state.nameSearch, managerId));
  const loading = settled !== filterKey;

  useEffect(() => {
    const filter = JSON.parse(filterKey) as CustomerFilter;
    const controller = new AbortController();
    client
      .request(CustomerOptionsDocument, { first: CUSTOMER_PAGE_SIZE, filter }, { signal: controller.signal })
      .then((data) => {
        if (controller.signal.aborted) return;
        dispatch({ type: 'page', query: filter.name ?? '', page: data.customers, append: false });
        setError(null);
        setSettled(filterKey);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        const e = asClientError(err);
        if (isNameSearchForbidden(e, filter)) {
          dispatch({ type: 'nameSearchForbidden' }); // the filter changes: the plain list is fetched
        } else {
          setError(e);
          setSettled(filterKey);
        }
      });
    return () => controller.abort();
  }, [filterKey]);

  const loadMore = useCallback(() => {
    if (!state.hasNext || loading || loadingMore) return;
    const filter = JSON.parse(filterKey) as CustomerFilter;
    setLoadingMore(true);
    client
      .request(CustomerOptionsDocument, { first: CUSTOMER_PAGE_SIZE, after: state.endCursor, filter })
      .then((data) => dispatch({ type: 'page', query: filter.name ?? '', page: data.customers, append: true }))
      .catch((err: unknown) => setError(asClientError(err)))
      .finally(() => setLoadingMore(false));
  }, [state.hasNext, state.endCursor, loading, loadingMore, filterKey]);

  const ensureKnown = useCallback(
    (ids: readonly string[]) => {
      const missing = ids.filter((id) => !state.known.has(id) && !asked.current.has(id));
      if (missing.length === 0) return;
      for (const id of missing) asked.current.add(id);
      client
        .request(CustomerOptionsByIdsDocument, { ids: missing })
        .then((data) => {
          const records = data.nodes.flatMap((n) => (n && n.__typename === 'Customer' ? [n] : []));
          dispatch({ type: 'known', records });
        })
        .catch(() => {
          /* the chosen id keeps showing without a label; the list itself still works */
        });
    },
    [state.known],
  );

  return useMemo(
    () => ({
      state,
      term,
      setTerm,
      searchable: state.nameSearch !== 'no',
      loading,
      loadingMore,
      error,
      loadMore,
      ensureKnown,
      records: state.results,
    }),
    [state, term, loading, loadingMore, error, loadMore, ensureKnown],
  );
}
