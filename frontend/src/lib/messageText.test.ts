import { describe, expect, it } from 'vitest';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import { messageDetails, messageTitle } from './messageText';

const zh = (key: MessageKey, params?: MessageParams) => translate('zh-CN', key, params);
const en = (key: MessageKey, params?: MessageParams) => translate('en', key, params);

describe('message text', () => {
  it('words every kind in both languages', () => {
    expect(messageTitle(zh, 'HO_SHARED')).toBe('华为云向您共享了新的机会点');
    expect(messageTitle(en, 'PO_REJECTED')).toBe('The opportunity you shared was rejected');
  });

  it('shows known params, labelled, and ignores the rest', () => {
    const lines = messageDetails(en, 'en', { deadline: '2026-11-25T16:00:00Z', secret: 'x', reason: 'EXPIRED' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('Reason: Not handled in time');
    expect(lines[1]).toMatch(/^Deadline: /);
    expect(messageDetails(zh, 'zh-CN', null)).toEqual([]);
  });

  it('translates the enum values other slices send, and shows amounts with their currency', () => {
    expect(messageDetails(zh, 'zh-CN', { supportKind: 'TECHNICAL_CONSULTING', rejection: 'BY_VENDOR' })).toEqual([
      '支持类型：技术咨询',
      '驳回方式：华为云驳回',
    ]);
    expect(messageDetails(en, 'en', { reason: 'REGION_NOT_COVERED' })).toEqual(['Reason: Region not covered']);
    expect(messageDetails(zh, 'zh-CN', { kind: 'CASH', amount: '100.00', currency: 'CNY' })).toEqual([
      '类型：现金券',
      '金额：100.00 CNY',
    ]);
    expect(messageDetails(en, 'en', { requestKind: 'SWITCH_TYPE', associationType: 'RESALE' })).toEqual([
      'Request: Switch association type',
      'Association: Resale',
    ]);
  });
});
