import type { AssociationLogAction, KnowledgeKind } from '../gql/graphql';
import { useI18n } from '../i18n/useI18n';
import { userErrorMessage, type UserErrorLike } from './errors';

export const LOG_ACTIONS: readonly AssociationLogAction[] = [
  'BIND',
  'SWITCH_REQUESTED',
  'UNBIND_REQUESTED',
  'CONFIRMED',
  'DECLINED',
  'EXPIRED',
  'APPROVED',
  'REJECTED',
  'SWITCHED',
  'UNBOUND',
];
export const KNOWLEDGE_KINDS: readonly KnowledgeKind[] = ['PRODUCT', 'INDUSTRY_CASE', 'SOLUTION'];

/** The first userError of a payload in the user's language (or null when there is none). */
export function useUserErrorText() {
  const { t, locale } = useI18n();
  return (errors: readonly UserErrorLike[]) => (errors.length ? userErrorMessage(t, locale, errors[0]) : null);
}

