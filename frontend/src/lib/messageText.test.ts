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
    expect(lines[0]).toMatch(/^Deadline: /);
    expect(lines[1]).toBe('Reason: Not handled in time');
    expect(messageDetails(zh, 'zh-CN', null)).toEqual([]);
  });
});
