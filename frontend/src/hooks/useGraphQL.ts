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

interface Settled<TResult> {
  /** The request (variables + refetch count) this answer belongs to. */
  request: string;
  data?: TResult;
  error?: GraphQLClientError;
}

/**
 * Runs a query whenever its variables change (compared by value). Keeps the previous data while
 * the next request runs so tables don't flash; aborts superseded requests.
 */
export function useQuery<TResult, TVariables>(
  document: TypedDocument<TResult, TVariables>,
  variables: TVariables,
  options: { skip?: boolean } = {},
): QueryState<TResult> {
  const key = JSON.stringify(variables ?? {});
  const [tick, setTick] = useState(0);
  const [settled, setSettled] = useState<Settled<TResult>>({ request: '' });
  const docRef = useRef(document);
  const skip = options.skip ?? false;
  const request = `${tick}|${key}`;

  useEffect(() => {
    if (skip) return;
    const controller = new AbortController();
    client
      .request(docRef.current, JSON.parse(key) as TVariables, { signal: controller.signal })
      .then((data) => {
        if (!controller.signal.aborted) setSettled({ request: `${tick}|${key}`, data });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setSettled((s) => ({ request: `${tick}|${key}`, data: s.data, error: asClientError(err) }));
      });
    return () => controller.abort();
  }, [key, tick, skip]);

  const refetch = useCallback(() => setTick((n) => n + 1), []);
  return {
    data: settled.data,
    error: settled.request === request ? settled.error : undefined,
    loading: !skip && settled.request !== request,
    refetch,
  };
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
