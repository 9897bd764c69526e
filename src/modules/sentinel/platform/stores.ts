import type { Kysely } from 'kysely';
import { DetectionStore } from './detection-store.js';
import { LeaseStore } from './lease-store.js';
import { ShareStore } from './share-store.js';

export interface SentinelStores {
  shares: ShareStore;
  detections: DetectionStore;
  leases: LeaseStore;
}

export function sentinelStores(db: Kysely<any>): SentinelStores {
  return { shares: new ShareStore(db), detections: new DetectionStore(db), leases: new LeaseStore(db) };
}
