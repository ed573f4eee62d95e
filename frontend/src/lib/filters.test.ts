import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toCustomerFilter, toOpportunityFilter } from './filters';

describe('toOpportunityFilter', () => {
  it('sends nothing for an untouched form', () => {
    expect(toOpportunityFilter({ confidence: [0, 100], search: '  ', industries: [] })).toEqual({});
  });

  it('maps every filter to the API input', () => {
    const from = dayjs('2026-01-01T10:00:00');
    const to = dayjs('2026-01-31T10:00:00');
    const f = toOpportunityFilter({
      search: ' ECS ',
      industries: ['FINANCE'],
      types: ['RENEWAL'],
      stages: ['WON', 'LOST'],
      confidence: [30, 80],
      ownerIds: ['VXNlcjo2'],
      customerIds: ['Q3VzdG9tZXI6MQ=='],
      revenueMin: 1000,
      revenueMax: null,
      updatedAt: [from, to],
    });
    expect(f).toEqual({
      search: 'ECS',
      industries: ['FINANCE'],
      types: ['RENEWAL'],
      stages: ['WON', 'LOST'],
      confidence: { min: 30, max: 80 },
      ownerIds: ['VXNlcjo2'],
      customerIds: ['Q3VzdG9tZXI6MQ=='],
      expectedMonthlyRevenue: { min: '1000.00' },
      updatedAt: { from: from.startOf('day').toISOString(), to: to.endOf('day').toISOString() },
    });
  });
});

describe('toCustomerFilter', () => {
  it('keeps the distributor tab and trims text filters', () => {
    expect(toCustomerFilter({ name: ' 华为技术有限公司 ', associationTypes: ['RESALE'] }, 'RESELLERS')).toEqual({
      view: 'RESELLERS',
      name: '华为技术有限公司',
      associationTypes: ['RESALE'],
    });
    expect(toCustomerFilter({}, null)).toEqual({});
  });
});
