import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { ApiToken } from '../../api/types.js';

const tokensKey = ['tokens'] as const;

export interface NewToken {
  name: string;
  scopes: string[];
  expiresInDays?: number;
}

export function useTokens() {
  return useQuery({
    queryKey: tokensKey,
    queryFn: async () => (await api.get<{ tokens: ApiToken[] }>('/api/tokens')).tokens,
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewToken) => api.post<{ token: ApiToken; secret: string }>('/api/tokens', body),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: ApiToken) => api.delete(`/api/tokens/${encodeURIComponent(token.id)}`),
    onSettled: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function tokenStatus(token: ApiToken, now: number): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}
