import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Role, User } from '../../api/types.js';

export const usersKey = ['users'] as const;

export function useUsers() {
  return useQuery({
    queryKey: usersKey,
    queryFn: async () => (await api.get<{ users: User[] }>('/api/users')).users,
  });
}

export interface NewUser {
  username: string;
  displayName: string;
  email?: string;
  role: Role;
  password?: string;
}

export interface UserChange {
  displayName?: string;
  email?: string | null;
  role?: Role;
  disabled?: boolean;
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => api.post<{ user: User; initialPassword?: string }>('/api/users', body),
    onSuccess: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: UserChange }) =>
      api.patch<{ user: User }>(`/api/users/${encodeURIComponent(id)}`, change),
    onSettled: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useUserAction(action: 'reset-mfa' | 'unlock') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<void>(`/api/users/${encodeURIComponent(id)}/${action}`),
    onSuccess: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}
