import type { Kysely } from 'kysely';
import { CensusStore } from '../store/census-store.js';
import { DeviceStore } from '../store/device-store.js';
import { KitStore } from '../store/kit-store.js';
import { MirrorStore } from '../store/mirror-store.js';
import { SettingsStore } from '../store/settings-store.js';
import { SourceStore } from '../store/source-store.js';

export interface ContinuityStores {
  mirror: MirrorStore;
  census: CensusStore;
  kits: KitStore;
  devices: DeviceStore;
  settings: SettingsStore;
  sources: SourceStore;
}

export function continuityStores(db: Kysely<any>): ContinuityStores {
  return {
    mirror: new MirrorStore(db),
    census: new CensusStore(db),
    kits: new KitStore(db),
    devices: new DeviceStore(db),
    settings: new SettingsStore(db),
    sources: new SourceStore(db),
  };
}
