import { describe, expect, it } from 'vitest';
import {
  customerOptionsFilter,
  customerSearchReducer,
  INITIAL_SEARCH_STATE,
  isNameSearchForbidden,
  optionRecords,
  unknownSelected,
  type CustomerOption,
  type CustomerPage,
} from './customerSearch';
import { GraphQLClientError } from './graphqlClient';

function customer(id: string, revealable = true): CustomerOption {
  return {
    id,
    name: `客户**${id}`,
    industry: 'FINANCE',
    region: '华东',
    maskedFields: ['NAME', 'ACCOUNT_NAME', 'PHONE', 'EMAIL'],
    revealableFields: revealable ? ['NAME'] : [],
    hiddenFields: [],
    revealDenials: revealable ? [] : [{ field: 'NAME', reason: 'ROLE' }],
    manager: null,
  };
}

function page(ids: string[], hasNextPage = false, revealable = true): CustomerPage {
  return {
    pageInfo: { hasNextPage, endCursor: ids.at(-1) ?? null },
    nodes: ids.map((id) => customer(id, revealable)),
  };
}

describe('customerOptionsFilter', () => {
  it('searches by name only while name search is allowed, and scopes to a manager', () => {
    expect(customerOptionsFilter('  杭州 ', 'unknown')).toEqual({ name: '杭州' });
    expect(customerOptionsFilter('杭州', 'yes', 'U1')).toEqual({ name: '杭州', managerIds: ['U1'] });
    expect(customerOptionsFilter('杭州', 'no')).toEqual({});
    expect(customerOptionsFilter('   ', 'yes')).toEqual({});
  });
});

describe('customerSearchReducer', () => {
  it('replaces the results on a new search and appends on load more, remembering every customer', () => {
    let s = customerSearchReducer(INITIAL_SEARCH_STATE, { type: 'page', query: '', page: page(['a', 'b'], true), append: false });
    expect(s.results.map((r) => r.id)).toEqual(['a', 'b']);
    expect(s.hasNext).toBe(true);
    s = customerSearchReducer(s, { type: 'page', query: '', page: page(['b', 'c']), append: true });
    expect(s.results.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(s.hasNext).toBe(false);
    s = customerSearchReducer(s, { type: 'page', query: '杭', page: page(['z']), append: false });
    expect(s.results.map((r) => r.id)).toEqual(['z']);
    expect([...s.known.keys()].sort()).toEqual(['a', 'b', 'c', 'z']);
  });

  it('learns from the first page whether the role may search by name', () => {
    const yes = customerSearchReducer(INITIAL_SEARCH_STATE, { type: 'page', query: '', page: page(['a']), append: false });
    expect(yes.nameSearch).toBe('yes');
    const no = customerSearchReducer(INITIAL_SEARCH_STATE, {
      type: 'page',
      query: '',
      page: page(['a'], false, false),
      append: false,
    });
    expect(no.nameSearch).toBe('no');
    const empty = customerSearchReducer(INITIAL_SEARCH_STATE, { type: 'page', query: '', page: page([]), append: false });
    expect(empty.nameSearch).toBe('unknown');
  });

  it('falls back to paging for good once the API refuses a name search', () => {
    const s = customerSearchReducer(INITIAL_SEARCH_STATE, { type: 'nameSearchForbidden' });
    expect(s.nameSearch).toBe('no');
    const after = customerSearchReducer(s, { type: 'page', query: '', page: page(['a']), append: false });
    expect(after.nameSearch).toBe('no');
  });
});

describe('isNameSearchForbidden', () => {
  it('is a FORBIDDEN answer to a request that searched by name', () => {
    const forbidden = new GraphQLClientError('FORBIDDEN', 'Filtering by NAME needs the right to reveal it.');
    expect(isNameSearchForbidden(forbidden, { name: '杭州' })).toBe(true);
    expect(isNameSearchForbidden(forbidden, {})).toBe(false);
    expect(isNameSearchForbidden(new GraphQLClientError('NETWORK', 'down'), { name: '杭州' })).toBe(false);
  });
});

describe('optionRecords', () => {
  it('keeps chosen customers (and their labels) while another search is shown', () => {
    let s = customerSearchReducer(INITIAL_SEARCH_STATE, { type: 'page', query: '', page: page(['a', 'b']), append: false });
    s = customerSearchReducer(s, { type: 'page', query: '杭', page: page(['c']), append: false });
    expect(optionRecords(s, ['a', 'c']).map((r) => r.id)).toEqual(['a', 'c']);
    expect(unknownSelected(s, ['a', 'x'])).toEqual(['x']);
    s = customerSearchReducer(s, { type: 'known', records: [customer('x')] });
    expect(optionRecords(s, ['x']).map((r) => r.id)).toEqual(['x', 'c']);
  });
});
