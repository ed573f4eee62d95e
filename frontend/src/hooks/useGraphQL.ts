import { useCallback, useEffect, useRef, useState } from 'react';
import { client, GraphQLClientError, type TypedDocument } from '../lib/graphqlClient';

export interface QueryState<TResult> {
  data: TResult | undefined;
  error: GraphQLClientError | undefined;
  loading: boolean;
  refetch: () => void;
}

function asClientError(err: unknown): GraphQLClientError {
  return err instanceof GraphQLClientError ? err : new GraphQLClientError('UNKNOWN', String(err));
}

/**
 * Runs a query whenever its variables change (compared by value). Keeps the previous data while
 * the next page loads so tables don't flash; aborts superseded requests.
 */
export function useQuery<TResult, TVariables>(
  document: TypedDocument<TResult, TVariables>,
  variables: TVariables,
  options: { skip?: boolean } = {},
): QueryState<TResult> {
  const key = JSON.stringify(variables ?? {});
  const [state, setState] = useState<{ data?: TResult; error?: GraphQLClientError; loading: boolean }>({
    loading: !options.skip,
  });
  const [tick, setTick] = useState(0);
  const docRef = useRef(document);
  const skip = options.skip ?? false;

  useEffect(() => {
    if (skip) return;
    const controller = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    client
      .request(docRef.current, JSON.parse(key) as TVariables, { signal: controller.signal })
      .then((data) => {
        if (!controller.signal.aborted) setState({ data, loading: false });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ data: s.data, error: asClientError(err), loading: false }));
      });
    return () => controller.abort();
  }, [key, tick, skip]);

  const refetch = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, refetch };
}

export interface MutationState {
  loading: boolean;
}

/** Returns a function that runs the mutation; errors are thrown as GraphQLClientError. */
export function useMutation<TResult, TVariables>(
  document: TypedDocument<TResult, TVariables>,
): [(variables: TVariables) => Promise<TResult>, MutationState] {
  const [loading, setLoading] = useState(false);
  const run = useCallback(
    async (variables: TVariables) => {
      setLoading(true);
      try {
        return await client.request(document, variables);
      } catch (err) {
        throw asClientError(err);
      } finally {
        setLoading(false);
      }
    },
    [document],
  );
  return [run, { loading }];
}
