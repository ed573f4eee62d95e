export const OPPORTUNITY_NAME_MAX = 200;
export const CONFIDENCE_STEP = 10;

/** Non-negative decimal with at most two fractional digits ("0", "12", "12.5", "12.50"). */
export function isValidRevenue(value: string | number | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  const s = typeof value === 'number' ? String(value) : value.trim();
  return /^\d+(\.\d{1,2})?$/.test(s);
}

export function isValidConfidence(value: number | null | undefined): boolean {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100 && value % CONFIDENCE_STEP === 0
  );
}

export function isValidOpportunityName(value: string | null | undefined): boolean {
  const s = (value ?? '').trim();
  return s.length > 0 && [...s].length <= OPPORTUNITY_NAME_MAX;
}

/** Normalises user input to the API's decimal string ("12.5" → "12.50"). */
export function toDecimalString(value: string | number): string {
  const s = typeof value === 'number' ? String(value) : value.trim();
  const [int, frac = ''] = s.split('.');
  return `${int.replace(/^0+(?=\d)/, '')}.${frac.padEnd(2, '0')}`;
}
