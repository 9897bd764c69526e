import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api/client.js';
import { sessionKey, storeSession } from './api/session.js';

/**
 * A 401 on any call means the session ended (expired, revoked, signed out in another tab): drop it,
 * and the route guard sends the user to the login page.
 */
function onError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401 && error.code === 'AUTH_REQUIRED') {
    if (queryClient.getQueryData(sessionKey)) storeSession(queryClient, null);
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});
