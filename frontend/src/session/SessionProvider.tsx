import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { LogoutDocument, ViewerDocument, type ViewerFieldsFragment } from '../gql/graphql';
import { client, GraphQLClientError } from '../lib/graphqlClient';
import { AuthContext, type AuthValue } from './context';

/** Loads the viewer once; an UNAUTHENTICATED answer anywhere signs the UI out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [viewer, setViewerState] = useState<ViewerFieldsFragment | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<GraphQLClientError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    client.setOnUnauthenticated(() => setViewerState(null));
    return () => client.setOnUnauthenticated(undefined);
  }, []);

  useEffect(() => {
    let cancelled = false;
    client
      .request(ViewerDocument, {})
      .then((data) => {
        if (cancelled) return;
        setViewerState(data.viewer);
        setLoadError(null);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        setViewerState(null);
        const e = err instanceof GraphQLClientError ? err : new GraphQLClientError('UNKNOWN', String(err));
        setLoadError(e.code === 'UNAUTHENTICATED' ? null : e);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const signOut = useCallback(async () => {
    try {
      await client.request(LogoutDocument, {});
    } finally {
      setViewerState(null);
    }
  }, []);

  const value = useMemo<AuthValue>(
    () => ({
      viewer,
      loading,
      loadError,
      reload: () => {
        setLoading(true);
        setAttempt((n) => n + 1);
      },
      setViewer: (v) => {
        setLoadError(null);
        setViewerState(v);
      },
      signOut,
    }),
    [viewer, loading, loadError, signOut],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
