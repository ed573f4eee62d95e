import { App } from 'antd';
import { type ReactNode, useCallback, useMemo, useRef, useState } from 'react';
import { MaskedFieldsRevealDocument, type MaskedField } from '../gql/graphql';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage, userErrorMessage } from '../lib/errors';
import { client, GraphQLClientError } from '../lib/graphqlClient';
import { REVEALED_KEY, revealKey } from '../lib/masking';
import { RevealContext, type RevealApi, type RevealItem } from './reveal';
import { rememberReason, sessionReason, type GivenReason } from '../lib/revealReason';
import { useSession } from '../session/context';
import { RevealReasonDialog } from './RevealReasonDialog';

const NO_REASON = { reason: null, reasonText: '' } as const;

/**
 * Holds clear values revealed on one page, in memory only: leaving the page or reloading
 * forgets them, and hiding drops the value. Every reveal sends a reason: asked once in a small
 * dialog and remembered for the browser session (each reveal still records it on the server).
 */
export function RevealProvider({ children }: { children: ReactNode }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [revealed, setRevealed] = useState<ReadonlyMap<string, string>>(new Map());
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [asking, setAsking] = useState(false);
  const askReason = useSession().caps.revealReason;
  const answer = useRef<Promise<GivenReason | typeof NO_REASON | null> | null>(null);
  const settle = useRef<((given: GivenReason | null) => void) | null>(null);

  /** The session's reason, or the dialog's answer (null when cancelled); one dialog at a time.
   * Roles the deployment does not ask a reason of reveal at once (an empty reason). */
  const reasonFor = useCallback((): Promise<GivenReason | typeof NO_REASON | null> => {
    if (!askReason) return Promise.resolve(NO_REASON);
    const known = sessionReason();
    if (known) return Promise.resolve(known);
    if (!answer.current) {
      answer.current = new Promise<GivenReason | typeof NO_REASON | null>((resolve) => {
        settle.current = resolve;
      });
      setAsking(true);
    }
    return answer.current;
  }, [askReason]);

  const finishAsking = useCallback((given: GivenReason | null) => {
    if (given) rememberReason(given);
    setAsking(false);
    settle.current?.(given);
    settle.current = null;
    answer.current = null;
  }, []);

  const fetchClear = useCallback(
    async (ids: string[], fields: MaskedField[]) => {
      const given = await reasonFor();
      if (!given) return;
      const keys = ids.flatMap((id) => fields.map((field) => revealKey(id, field)));
      setPending((p) => new Set([...p, ...keys]));
      try {
        const data = await client.request(MaskedFieldsRevealDocument, {
          input: { ids, fields, reason: given.reason ?? null, reasonText: given.reasonText || null },
        });
        const payload = data.maskedFieldsReveal;
        if (payload.userErrors.length > 0) {
          // A reason the server refuses (e.g. OTHER without text) is asked again next time.
          if (payload.userErrors.some((e) => e.field === 'reason' || e.field === 'reasonText')) rememberReason(null);
          message.error(userErrorMessage(t, locale, payload.userErrors[0]));
        }
        const found = new Map<string, string>();
        for (const record of payload.records) {
          for (const field of fields) {
            const value: unknown = record[REVEALED_KEY[field]];
            // TEXT: the record's clear texts by field, kept as JSON like any other revealed value.
            if (value != null) found.set(revealKey(record.id, field), typeof value === 'string' ? value : JSON.stringify(value));
          }
        }
        if (found.size > 0) setRevealed((prev) => new Map([...prev, ...found]));
      } catch (err) {
        if (err instanceof GraphQLClientError) message.error(requestErrorMessage(t, err));
        else throw err;
      } finally {
        setPending((p) => {
          const next = new Set(p);
          for (const k of keys) next.delete(k);
          return next;
        });
      }
    },
    [message, t, locale, reasonFor],
  );

  const hide = useCallback((items: RevealItem[]) => {
    setRevealed((prev) => {
      const next = new Map(prev);
      for (const { id, field } of items) next.delete(revealKey(id, field));
      return next;
    });
  }, []);

  const api = useMemo<RevealApi>(() => {
    const allRevealed = (items: RevealItem[]) =>
      items.length > 0 && items.every(({ id, field }) => revealed.has(revealKey(id, field)));
    return {
      get: (id, field) => revealed.get(revealKey(id, field)),
      isPending: (id, field) => pending.has(revealKey(id, field)),
      allRevealed,
      toggle: async (id, field) => {
        if (revealed.has(revealKey(id, field))) hide([{ id, field }]);
        else await fetchClear([id], [field]);
      },
      toggleWith: async (item, companions) => {
        const all = [item, ...companions];
        if (revealed.has(revealKey(item.id, item.field))) {
          hide(all);
          return;
        }
        const ids = [...new Set(all.map((i) => i.id))];
        const fields = [...new Set(all.map((i) => i.field))];
        await fetchClear(ids, fields);
      },
      toggleMany: async (items) => {
        if (items.length === 0) return;
        if (items.every(({ id, field }) => revealed.has(revealKey(id, field)))) {
          hide(items);
          return;
        }
        const byField = new Map<MaskedField, string[]>();
        for (const { id, field } of items) {
          if (revealed.has(revealKey(id, field))) continue;
          const ids = byField.get(field) ?? [];
          if (!ids.includes(id)) ids.push(id);
          byField.set(field, ids);
        }
        await Promise.all([...byField].map(([field, ids]) => fetchClear(ids, [field])));
      },
    };
  }, [revealed, pending, fetchClear, hide]);

  return (
    <RevealContext.Provider value={api}>
      {children}
      {asking && <RevealReasonDialog open onOk={finishAsking} onCancel={() => finishAsking(null)} />}
    </RevealContext.Provider>
  );
}
