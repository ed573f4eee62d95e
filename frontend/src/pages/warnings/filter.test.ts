import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toWarningFilter } from './filter';

describe('toWarningFilter', () => {
  it('keeps the tab kind and only what the user set', () => {
    expect(toWarningFilter('CHURN', {})).toEqual({ kinds: ['CHURN'] });
    expect(toWarningFilter('RESOURCE', { states: [], levels: ['HIGH'], customerIds: ['c1'] })).toEqual({
      kinds: ['RESOURCE'],
      levels: ['HIGH'],
      customerIds: ['c1'],
    });
  });

  it('turns a date range into whole days', () => {
    const f = toWarningFilter('CHURN', { createdAt: [dayjs('2026-11-01T10:00:00'), null] });
    expect(f.createdAt?.from).toBe(dayjs('2026-11-01T00:00:00').toISOString());
    expect(f.createdAt?.to).toBeUndefined();
  });
});
