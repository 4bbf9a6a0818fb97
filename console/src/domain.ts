// The wire values of domain.md and api-contract.md that the forms offer.
export const subtypes: Record<string, string[]> = {
  repair: ['no-power', 'partial-outage', 'voltage-problem', 'meter-fault', 'line-damage', 'other'],
  business: ['new-connection', 'capacity-increase', 'capacity-decrease', 'suspension', 'temporary-replacement', 'temporary-removal',
    'meter-removal', 'account-closure', 'meter-relocation', 'voltage-change', 'tariff-change', 'reconnection'],
  inquiry: ['outage-info', 'policy', 'bill', 'meter-reading', 'safety', 'other'],
  complaint: ['service-attitude', 'service-efficiency', 'power-quality', 'outage', 'billing', 'construction', 'other'],
  report: ['electricity-theft', 'misconduct', 'other'],
};
export const kinds = Object.keys(subtypes);
export const channels = ['phone', 'counter', 'web', 'app'];
export const areas = ['urban', 'rural', 'remote'];
export const tiers = ['A', 'B', 'C', 'D'];
export const specialCare = ['elderly', 'disabled', 'living-alone'];
export const roles = ['agent', 'crew', 'supervisor', 'integrator'] as const;
export type Role = (typeof roles)[number];
export const callbackOutcomes = ['satisfied', 'basically-satisfied', 'unsatisfied', 'unreachable'];
export const completionResults = ['restored', 'customer-side-fault', 'referred'];
/** An order still being worked on (anything but closed) counts for the repeat warning. */
export const isOpen = (status: string) => status !== 'closed';
