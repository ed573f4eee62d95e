/** Fired on window after messages are marked read, so the header badge refreshes at once. */
export const MESSAGES_CHANGED = 'pc:messages-changed';

export function announceMessagesChanged(): void {
  window.dispatchEvent(new Event(MESSAGES_CHANGED));
}
