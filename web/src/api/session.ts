import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { ApiError, api, setCsrfToken } from './client.js';
import type { LoginAnswer, Session } from './types.js';

export const sessionKey = ['session'] as const;

export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/api/auth/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000, retry: false });
}

/**
 * The route guard provides the session it checked. Pages read it from here rather than from the
 * query, so a page still on screen while sign-out redirects never sees a missing session.
 */
export const SessionContext = createContext<Session | null>(null);

export function useCurrentSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useCurrentSession used outside a signed-in route');
  return session;
}

let endedByUser = false;

export function storeSession(client: QueryClient, session: Session | null): void {
  if (session) endedByUser = false;
  setCsrfToken(session?.csrfToken ?? null);
  client.setQueryData(sessionKey, session);
}

/** After "Sign out" the next sign-in starts on the overview, not on the previous user's page. */
export function endSessionByUser(client: QueryClient): void {
  endedByUser = true;
  storeSession(client, null);
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
}

export function sessionEndedByUser(): boolean {
  return endedByUser;
}

export function sessionFromAnswer(answer: Extract<LoginAnswer, { status: 'ok' }>): Session {
  const { user, csrfToken, permissions, mfaEnrolmentRequired, passwordChangeRequired } = answer;
  return { user, csrfToken, permissions, mfaEnrolmentRequired, passwordChangeRequired };
}

export function useStoreSession(): (session: Session | null) => void {
  const client = useQueryClient();
  return (session) => storeSession(client, session);
}

export function can(session: Session, permission: string): boolean {
  return session.permissions.includes(permission);
}
