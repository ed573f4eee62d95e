import { App, DatePicker, Form, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { PartnerSharedOpportunityRecordDeliveryDocument, type PoListFieldsFragment } from '../../gql/graphql';
import { useMutation } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage, userErrorMessage } from '../../lib/errors';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { testId } from './sharingEnums';

interface Values {
  signedAt: Dayjs;
  deliveredAt: Dayjs;
}

/** A PDM records when an approved PO was signed and delivered (it counts towards PCE eligibility). */
export function DeliveryModal({ po, onClose, onDone }: { po: PoListFieldsFragment; onClose: () => void; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [record, { loading }] = useMutation(PartnerSharedOpportunityRecordDeliveryDocument);

  const onFinish = async (v: Values) => {
    try {
      const data = await record({
        input: { id: po.id, signedAt: v.signedAt.toISOString(), deliveredAt: v.deliveredAt.toISOString() },
      });
      const errs = data.partnerSharedOpportunityRecordDelivery.userErrors;
      if (errs.length > 0) {
        setError(userErrorMessage(t, locale, errs[0]));
        return;
      }
      message.success(t('sharing.po.deliveryRecorded'));
      onDone();
    } catch (err) {
      setError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  return (
    <Modal
      open
      title={t('sharing.po.recordDelivery')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={testId('po-delivery-ok')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      destroyOnHidden
      data-testid="po-delivery-modal"
    >
      <Typography.Paragraph type="secondary">{t('sharing.po.deliveryHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item name="signedAt" label={t('sharing.po.signedAt')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="deliveredAt" label={t('sharing.po.deliveredAt')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}
