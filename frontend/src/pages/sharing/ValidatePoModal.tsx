import { App, Descriptions, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { PartnerSharedOpportunityValidateDocument, type PoDecision, type PoListFieldsFragment } from '../../gql/graphql';
import { useMutation } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage, userErrorMessage } from '../../lib/errors';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { testId } from './sharingEnums';

const REASON_MAX = 1000;

/** A PDM approves a PO, or rejects it with a reason. */
export function ValidatePoModal({
  po,
  decision,
  onClose,
  onDone,
}: {
  po: PoListFieldsFragment;
  decision: PoDecision;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [validate, { loading }] = useMutation(PartnerSharedOpportunityValidateDocument);
  const reject = decision === 'REJECT';

  const submit = async () => {
    if (reject && !reason.trim()) {
      setError(t('sharing.po.reasonPlaceholder'));
      return;
    }
    try {
      const data = await validate({ input: { id: po.id, decision, reason: reason.trim() } });
      const errs = data.partnerSharedOpportunityValidate.userErrors;
      if (errs.length > 0) {
        const e = errs[0];
        setError(e.code === 'DUPLICATE' ? t('sharing.userError.DUPLICATE') : userErrorMessage(t, locale, e));
        return;
      }
      message.success(t(reject ? 'sharing.po.rejectedDone' : 'sharing.po.approved'));
      onDone();
    } catch (err) {
      setError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  return (
    <Modal
      open
      title={reject ? t('sharing.po.rejectTitle') : t('sharing.po.approve')}
      onCancel={onClose}
      onOk={submit}
      okText={reject ? t('sharing.po.reject') : t('sharing.po.approve')}
      okButtonProps={{ danger: reject, ...testId('po-validate-ok') }}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      destroyOnHidden
      data-testid="po-validate-modal"
    >
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('sharing.po.partner')}>{po.partnerName}</Descriptions.Item>
        <Descriptions.Item label={t('sharing.po.opportunity')}>{po.opportunity?.name ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('sharing.po.supportKind')}>{t(`sharing.supportKind.${po.supportKind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('sharing.po.need')}>{po.need}</Descriptions.Item>
      </Descriptions>
      {reject && (
        <Input.TextArea
          rows={3}
          maxLength={REASON_MAX}
          showCount
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setError(null);
          }}
          placeholder={t('sharing.po.reasonPlaceholder')}
          status={error ? 'error' : undefined}
          data-testid="po-reject-reason-input"
        />
      )}
      {error && (
        <Typography.Text type="danger" data-testid="po-validate-error">
          {error}
        </Typography.Text>
      )}
    </Modal>
  );
}
