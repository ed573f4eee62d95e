import { describe, expect, it } from 'vitest';
import { SubmissionKey, cents, splitPayment } from './couponsUtil';

const coupon = (amount: string) => ({ remaining: { amount } });

describe('cents', () => {
  it('reads decimal strings exactly', () => {
    expect(cents('177.30')).toBe(17730);
    expect(cents('0.07')).toBe(7);
    expect(cents('12')).toBe(1200);
    expect(cents('99999999.99')).toBe(9999999999);
  });
});

describe('splitPayment', () => {
  it('draws the voucher, then cash coupons in order, then the balance', () => {
    expect(splitPayment(17730, coupon('50.00'), [coupon('80.00'), coupon('60.00')])).toEqual({
      voucherPart: 5000,
      cashPart: 12730,
      balancePart: 0,
    });
    expect(splitPayment(35460, coupon('100.00'), [coupon('80.00'), coupon('60.00')])).toEqual({
      voucherPart: 10000,
      cashPart: 14000,
      balancePart: 11460,
    });
  });

  it('never draws more than is due', () => {
    expect(splitPayment(3000, coupon('50.00'), [coupon('80.00')])).toEqual({ voucherPart: 3000, cashPart: 0, balancePart: 0 });
    expect(splitPayment(3000, undefined, [])).toEqual({ voucherPart: 0, cashPart: 0, balancePart: 3000 });
  });
});

describe('SubmissionKey', () => {
  it('keeps the key across a retry and renews it once answered', () => {
    const submission = new SubmissionKey();
    const first = submission.current;
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(100);
    expect(submission.current).toBe(first);
    submission.answered();
    expect(submission.current).not.toBe(first);
  });
});
