/**
 * The envelope of a Windows event as EVTX-to-JSON converters print it (`{"Event":{"System":…,
 * "EventData":…}}`), and the running state (record numbers, the clock) shared by every builder.
 */
import type { Random } from './random.js';
import { DOMAIN, fqdn, HOSTS, PEOPLE, type Person } from './vocabulary.js';

export type EventData = Record<string, string | number | null>;

export interface Provider {
  readonly name: string;
  readonly guid: string;
  readonly channel: string;
  readonly keywords: string;
}

export const SYSMON: Provider = {
  name: 'Microsoft-Windows-Sysmon',
  guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}',
  channel: 'Microsoft-Windows-Sysmon/Operational',
  keywords: '0x8000000000000000',
};

export const SECURITY: Provider = {
  name: 'Microsoft-Windows-Security-Auditing',
  guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
  channel: 'Security',
  keywords: '0x8020000000000000',
};

export const POWERSHELL: Provider = {
  name: 'Microsoft-Windows-PowerShell',
  guid: '{A0C1853B-5C40-4B15-8766-3CF1C58F985A}',
  channel: 'Microsoft-Windows-PowerShell/Operational',
  keywords: '0x0',
};

/** Where the generator is in its run: one host's point of view per event, time moving forward. */
export class Scene {
  private recordId = 0;
  private clockMs = Date.UTC(2026, 2, 2, 7, 0, 0);
  host = 'WS-0001';
  person: Person = PEOPLE[0] as Person;

  constructor(readonly random: Random) {}

  /** Moves to the next event: a little later, usually another workstation and user. */
  advance(): void {
    this.recordId++;
    this.clockMs += this.random.int(0, 60);
    this.host = this.random.pick(HOSTS);
    this.person = this.random.pick(PEOPLE);
  }

  get account(): string {
    return `${DOMAIN}\\${this.person.name}`;
  }

  /** Sysmon's `UtcTime` format. */
  get utcTime(): string {
    return new Date(this.clockMs).toISOString().replace('T', ' ').replace('Z', '');
  }

  get systemTime(): string {
    return `${new Date(this.clockMs).toISOString().slice(0, -1)}000Z`;
  }

  processId(): number {
    return this.random.int(1, 16_000) * 4;
  }

  logonId(): string {
    return `0x${this.random.hex(6)}`;
  }

  ip(): string {
    return `10.${this.random.int(10, 40)}.${this.random.int(0, 255)}.${this.random.int(1, 254)}`;
  }

  envelope(
    provider: Provider,
    eventId: number,
    task: number,
    data: EventData,
    userId: string | null,
  ): object {
    return {
      Event: {
        '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
        System: {
          Provider: { '#attributes': { Name: provider.name, Guid: provider.guid } },
          EventID: eventId,
          Version: provider === SYSMON ? 5 : provider === POWERSHELL ? 1 : 2,
          Level: provider === POWERSHELL ? 5 : provider === SYSMON ? 4 : 0,
          Task: task,
          Opcode: provider === POWERSHELL ? 15 : 0,
          Keywords: provider.keywords,
          TimeCreated: { '#attributes': { SystemTime: this.systemTime } },
          EventRecordID: this.recordId,
          Correlation: null,
          Execution: { '#attributes': { ProcessID: this.random.int(400, 9000), ThreadID: this.processId() } },
          Channel: provider.channel,
          Computer: fqdn(this.host),
          Security: userId === null ? null : { '#attributes': { UserID: userId } },
        },
        EventData: data,
      },
    };
  }
}
