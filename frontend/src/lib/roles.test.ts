import { describe, expect, it } from 'vitest';
import { capabilities, type ServerCapability } from './roles';

const cap = (resource: string, action: string, allowed = true): ServerCapability => ({ resource, action, allowed });

describe('capabilities', () => {
  it('offers what the server allows and nothing it denies or does not list', () => {
    const caps = capabilities(
      [cap('Opportunity', 'list'), cap('Opportunity', 'create', false), cap('Workbench', 'view')],
      ['RESELLER'],
    );
    expect(caps.opportunities).toBe(true);
    expect(caps.home).toBe(true);
    expect(caps.createOpportunity).toBe(false);
    expect(caps.customers).toBe(false);
    expect(Object.values(caps).filter(Boolean)).toHaveLength(2);
  });

  it('shows the reseller customers tab to a distributor only', () => {
    const server = [cap('Customer', 'list'), cap('Customer', 'listResellerCustomers')];
    expect(capabilities(server, ['DISTRIBUTOR']).resellerCustomersTab).toBe(true);
    expect(capabilities(server, ['RESELLER']).resellerCustomersTab).toBe(false);
  });
});
