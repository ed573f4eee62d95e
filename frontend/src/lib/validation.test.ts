import { describe, expect, it } from 'vitest';
import { isValidConfidence, isValidOpportunityName, isValidRevenue, toDecimalString } from './validation';

describe('opportunity form rules', () => {
  it('revenue: ≥ 0 with at most two decimals', () => {
    for (const ok of ['0', '12', '12.5', '12.50', '1000000.99']) expect(isValidRevenue(ok)).toBe(true);
    for (const bad of ['-1', '1.234', '', ' ', 'abc', '1e5', '.5', '1.']) expect(isValidRevenue(bad)).toBe(false);
  });

  it('confidence: 0–100 in steps of 10', () => {
    expect([0, 10, 50, 100].every(isValidConfidence)).toBe(true);
    expect([5, -10, 110, 55.5].some(isValidConfidence)).toBe(false);
    expect(isValidConfidence(undefined)).toBe(false);
  });

  it('name: required and at most 200 characters', () => {
    expect(isValidOpportunityName('迁移上云')).toBe(true);
    expect(isValidOpportunityName('   ')).toBe(false);
    expect(isValidOpportunityName('商'.repeat(200))).toBe(true);
    expect(isValidOpportunityName('商'.repeat(201))).toBe(false);
  });

  it('normalises amounts to two decimals', () => {
    expect(toDecimalString('12.5')).toBe('12.50');
    expect(toDecimalString('007')).toBe('7.00');
    expect(toDecimalString(0)).toBe('0.00');
  });
});
