import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { continuityKeys } from '../queryKeys.js';
import type { Device } from '../types.js';

const REFRESH_MS = 30_000;

export interface NewDevice {
  deviceId: string;
  name: string;
  scope: string;
}

export function useDevices() {
  return useQuery({
    queryKey: continuityKeys.devices,
    queryFn: async () => (await api.get<{ devices: Device[] }>('/api/continuity/devices')).devices,
    refetchInterval: REFRESH_MS,
  });
}

export function useRegisterDevice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (device: NewDevice) =>
      api.post<{ device: Device; keyFile: string }>('/api/continuity/devices', device),
    onSettled: () => client.invalidateQueries({ queryKey: continuityKeys.all }),
  });
}

export function useRevokeDevice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (device: Device) =>
      api.post<{ revoked: string }>(`/api/continuity/devices/${encodeURIComponent(device.deviceId)}/revoke`),
    onSettled: () => client.invalidateQueries({ queryKey: continuityKeys.all }),
  });
}
