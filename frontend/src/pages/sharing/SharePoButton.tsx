import { ShareAltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { PartnerSharedOpportunityShareDocument, type SupportKind } from '../../gql/graphql';
import { useMutation } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage } from '../../lib/errors';
import { applyUserErrors } from '../../lib/formErrors';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { SUPPORT_KINDS, testId } from './sharingEnums';

interface Values {
  supportKind: SupportKind;
  need: string;
}

/** 共享给华为 from an opportunity's detail page (partner admin or the opportunity's owner). */
export function SharePoButton({ opportunityId }: { opportunityId: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [loose, setLoose] = useState<string[]>([]);
  const [form] = Form.useForm<Values>();
  const [share, { loading }] = useMutation(PartnerSharedOpportunityShareDocument);

  const onFinish = async (v: Values) => {
    try {
      const data = await share({ input: { opportunityId, supportKind: v.supportKind, need: v.need } });
      const errs = data.partnerSharedOpportunityShare.userErrors;
      if (errs.length > 0) {
        setLoose(applyUserErrors(form, errs, t, locale, ['supportKind', 'need']));
        return;
      }
      setOpen(false);
      form.resetFields();
      message.success({
        content: t('sharing.po.shared'),
        onClick: () => navigate('/sharing?tab=po'),
      });
    } catch (err) {
      setLoose([err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN')]);
    }
  };

  return (
    <>
      <Button icon={<ShareAltOutlined />} onClick={() => setOpen(true)} data-testid="po-share-open">
        {t('sharing.po.shareButton')}
      </Button>
      <Modal
        open={open}
        title={t('sharing.po.shareTitle')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('sharing.po.shareButton')}
        okButtonProps={testId('po-share-ok')}
        cancelText={t('common.cancel')}
        confirmLoading={loading}
        destroyOnHidden
        data-testid="po-share-modal"
      >
        <Alert type="warning" showIcon message={t('sharing.po.noWithdraw')} style={{ marginBottom: 12 }} />
        {loose.map((m) => (
          <Alert key={m} type="error" showIcon message={m} style={{ marginBottom: 12 }} data-testid="po-share-error" />
        ))}
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} initialValues={{ supportKind: 'TECHNICAL_CONSULTING' }}>
          <Form.Item name="supportKind" label={t('sharing.po.supportKind')} rules={[{ required: true }]}>
            <Select
              options={SUPPORT_KINDS.map((k) => ({ value: k, label: t(`sharing.supportKind.${k}`) }))}
              data-testid="po-share-kind"
            />
          </Form.Item>
          <Form.Item name="need" label={t('sharing.po.need')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={5000} showCount placeholder={t('sharing.po.needPlaceholder')} data-testid="po-share-need" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
