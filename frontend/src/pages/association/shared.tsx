import { Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { MaskedText } from '../../components/MaskedText';
import type {
  AssociationRequestInitiator,
  AssociationRequestKind,
  AssociationRequestState,
  AssociationType,
  PersonLabelFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/useI18n';
import type { MaskRights } from '../../lib/masking';

const STATE_COLORS: Record<AssociationRequestState, string> = {
  PENDING: 'processing',
  CONFIRMED: 'success',
  APPROVED: 'success',
  DECLINED: 'default',
  REJECTED: 'error',
  EXPIRED: 'warning',
};

export function RequestStateTag({ state }: { state: AssociationRequestState }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="request-state" data-state={state}>
      {t(`association.requestState.${state}`)}
    </Tag>
  );
}

export function RequestKindText({ kind, initiator }: { kind: AssociationRequestKind; initiator?: AssociationRequestInitiator }) {
  const { t } = useI18n();
  return (
    <span>
      {t(`association.requestKind.${kind}`)}
      {initiator && (
        <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
          {t(`association.initiator.${initiator}`)}
        </Typography.Text>
      )}
    </span>
  );
}

export function TypeChange({ from, to }: { from: AssociationType | null; to: AssociationType | null }) {
  const { t } = useI18n();
  if (!from && !to) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <span data-testid="type-change">
      {from ? t(`associationType.${from}`) : ''}
      {from && to ? ' → ' : ''}
      {to ? t(`associationType.${to}`) : ''}
    </span>
  );
}

export function PersonCell({ person, system, testId }: { person: PersonLabelFragment | null; system?: boolean; testId?: string }) {
  const { t } = useI18n();
  if (system) return <Tag bordered={false}>{t('association.log.system')}</Tag>;
  if (!person) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return <MaskedText id={person.id} field="NAME" value={person.name} rights={person} testId={testId} />;
}

interface CustomerLike extends MaskRights {
  id: string;
  name: string;
}

export function CustomerCell({ customer, link = true }: { customer: CustomerLike | null; link?: boolean }) {
  const { t } = useI18n();
  if (!customer) return <Typography.Text type="secondary">{t('association.log.customerGone')}</Typography.Text>;
  return (
    <MaskedText
      id={customer.id}
      field="NAME"
      value={customer.name}
      rights={customer}
      testId="log-customer"
      wrap={link ? (text) => <Link to={`/customers/${encodeURIComponent(customer.id)}`}>{text}</Link> : undefined}
    />
  );
}
