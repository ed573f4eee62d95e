import { createContext, useContext } from 'react';
import type { ViewerFieldsFragment } from '../gql/graphql';
import type { GraphQLClientError } from '../lib/graphqlClient';
import { capabilities, type Capabilities } from '../lib/roles';

export interface AuthValue {
  viewer: ViewerFieldsFragment | null;
  loading: boolean;
  /** Set when the viewer could not be loaded for another reason than being signed out. */
  loadError: GraphQLClientError | null;
  reload: () => void;
  setViewer: (viewer: ViewerFieldsFragment | null) => void;
  signOut: () => Promise<void>;
}

export interface SessionValue {
  viewer: ViewerFieldsFragment;
  caps: Capabilities;
  signOut: () => Promise<void>;
}

export const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <SessionProvider>');
  return value;
}

const capsCache = new WeakMap<ViewerFieldsFragment, Capabilities>();

/** The signed-in viewer; only valid below <RequireSession>. */
export function useSession(): SessionValue {
  const auth = useAuth();
  const viewer = auth.viewer;
  if (!viewer) throw new Error('useSession without a viewer');
  let caps = capsCache.get(viewer);
  if (!caps) {
    caps = capabilities(viewer.capabilities, viewer.organization.kinds);
    capsCache.set(viewer, caps);
  }
  return { viewer, caps, signOut: auth.signOut };
}
