import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, minutesSince } from './format.js';

const now = Date.parse('2026-11-26T10:00:00Z');

describe('minutesSince', () => {
  it('counts whole minutes and never goes below zero', () => {
    expect(minutesSince('2026-11-26T09:47:30Z', now)).toBe(12);
    expect(minutesSince('2026-11-26T10:05:00Z', now)).toBe(0);
  });

  it('answers null for a time it cannot read', () => {
    expect(minutesSince('yesterday', now)).toBeNull();
  });
});

describe('formatAge', () => {
  it('speaks minutes, then hours, then days, in the reader language', () => {
    expect(formatAge(12, 'en')).toBe('12 minutes ago');
    expect(formatAge(0, 'en')).toBe('this minute');
    expect(formatAge(180, 'en')).toBe('3 hours ago');
    expect(formatAge(3 * 24 * 60, 'en')).toBe('3 days ago');
    expect(formatAge(12, 'nl')).toBe('12 minuten geleden');
    expect(formatAge(12, 'fr')).toBe('il y a 12 minutes');
  });
});

describe('formatBytes', () => {
  it('uses binary units with the locale decimal sign', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KiB');
    expect(formatBytes(1536, 'nl')).toBe('1,5 KiB');
    expect(formatBytes(5 * 1024 * 1024, 'fr')).toBe('5,0 MiB');
  });
});
