import { describe, expect, it } from 'vitest';
import { canReveal, denialTipKey, maskDisplay, REVEALED_KEY, WITHHELD_TEXT } from './masking';

const managerView = {
  maskedFields: ['NAME', 'ACCOUNT_NAME', 'PHONE', 'EMAIL'] as const,
  revealableFields: ['NAME', 'ACCOUNT_NAME', 'PHONE', 'EMAIL'] as const,
  hiddenFields: [] as const,
};
const financeView = {
  maskedFields: ['NAME', 'ACCOUNT_NAME', 'PHONE', 'EMAIL'] as const,
  revealableFields: ['NAME', 'ACCOUNT_NAME'] as const,
  hiddenFields: [] as const,
};
const distributorOnResellerCustomer = {
  maskedFields: ['NAME', 'ACCOUNT_NAME'] as const,
  revealableFields: ['NAME', 'ACCOUNT_NAME'] as const,
  hiddenFields: ['PHONE', 'EMAIL'] as const,
};

describe('maskDisplay', () => {
  it('shows a revealable masked value with an eye, and the clear value once revealed', () => {
    expect(maskDisplay('华为**有限公司', 'NAME', managerView)).toEqual({
      kind: 'masked',
      text: '华为**有限公司',
      showEye: true,
    });
    expect(maskDisplay('华为**有限公司', 'NAME', managerView, '华为技术有限公司')).toEqual({
      kind: 'revealed',
      text: '华为技术有限公司',
      showEye: true,
    });
  });

  it('hiding drops back to the masked value (no clear value kept)', () => {
    expect(maskDisplay('138****5678', 'PHONE', managerView, undefined).text).toBe('138****5678');
    expect(maskDisplay('138****5678', 'PHONE', managerView, null).kind).toBe('masked');
  });

  it('draws no eye for a masked field the role may not reveal, and ignores a stray clear value', () => {
    expect(maskDisplay('138****5678', 'PHONE', financeView)).toEqual({
      kind: 'locked',
      text: '138****5678',
      showEye: false,
    });
    expect(maskDisplay('138****5678', 'PHONE', financeView, '13812345678').text).toBe('138****5678');
  });

  it('shows withheld fields as a dash even if the API sent something', () => {
    expect(maskDisplay(null, 'EMAIL', distributorOnResellerCustomer)).toEqual({
      kind: 'withheld',
      text: WITHHELD_TEXT,
      showEye: false,
    });
    expect(maskDisplay('z***@example.com', 'EMAIL', distributorOnResellerCustomer).kind).toBe('withheld');
  });

  it('shows unmasked values as they are (e.g. one’s own name)', () => {
    const self = { maskedFields: [], revealableFields: [] };
    expect(maskDisplay('周娜', 'NAME', self)).toEqual({ kind: 'plain', text: '周娜', showEye: false });
    expect(maskDisplay(null, 'PHONE', self).text).toBe(WITHHELD_TEXT);
  });
});

describe('reveal denials', () => {
  const financeWithReasons = {
    ...financeView,
    revealDenials: [
      { field: 'PHONE', reason: 'ROLE' },
      { field: 'EMAIL', reason: 'ROLE' },
    ] as const,
  };
  const resellerWithReasons = {
    ...distributorOnResellerCustomer,
    revealDenials: [
      { field: 'PHONE', reason: 'BASIC_DATA_ONLY' },
      { field: 'EMAIL', reason: 'BASIC_DATA_ONLY' },
    ] as const,
  };
  const token = {
    maskedFields: ['NAME', 'ACCOUNT_NAME', 'PHONE', 'EMAIL'] as const,
    revealableFields: [] as const,
    revealDenials: [{ field: 'NAME', reason: 'API_TOKEN' }] as const,
  };

  it('carries the server’s reason on locked and withheld values', () => {
    expect(maskDisplay('138****5678', 'PHONE', financeWithReasons).reason).toBe('ROLE');
    expect(maskDisplay(null, 'EMAIL', resellerWithReasons).reason).toBe('BASIC_DATA_ONLY');
    expect(maskDisplay('华为**有限公司', 'NAME', token).reason).toBe('API_TOKEN');
    expect(maskDisplay('华为**有限公司', 'NAME', financeWithReasons).reason).toBeUndefined();
  });

  it('picks the tooltip of the reason, or the generic one when none was sent', () => {
    expect(denialTipKey(maskDisplay('138****5678', 'PHONE', financeWithReasons))).toBe('mask.denied.ROLE');
    expect(denialTipKey(maskDisplay(null, 'PHONE', resellerWithReasons))).toBe('mask.denied.BASIC_DATA_ONLY');
    expect(denialTipKey(maskDisplay('华为**有限公司', 'NAME', token))).toBe('mask.denied.API_TOKEN');
    expect(denialTipKey(maskDisplay('138****5678', 'PHONE', financeView))).toBe('mask.lockedTip');
    expect(denialTipKey(maskDisplay(null, 'PHONE', distributorOnResellerCustomer))).toBe('mask.withheldTip');
  });
});

describe('canReveal', () => {
  it('needs the field masked, revealable and not withheld', () => {
    expect(canReveal('NAME', managerView)).toBe(true);
    expect(canReveal('PHONE', financeView)).toBe(false);
    expect(canReveal('PHONE', distributorOnResellerCustomer)).toBe(false);
    expect(canReveal('NAME', { maskedFields: [], revealableFields: ['NAME'] })).toBe(false);
  });
});

describe('REVEALED_KEY', () => {
  it('maps every masked field to a RevealedRecord property', () => {
    expect(REVEALED_KEY).toEqual({
      NAME: 'name',
      ACCOUNT_NAME: 'accountName',
      PHONE: 'phone',
      EMAIL: 'email',
      TEXT: 'texts',
    });
  });
});
