import { App, Alert, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import {
  PcePartnersDocument,
  VendorSharedOpportunityShareDocument,
  type Industry,
  type OpportunityType,
} from '../../gql/graphql';
import { useMutation, useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { INDUSTRIES, OPPORTUNITY_TYPES } from '../../lib/enums';
import { requestErrorMessage } from '../../lib/errors';
import { applyUserErrors } from '../../lib/formErrors';
import { GraphQLClientError } from '../../lib/graphqlClient';

interface Values {
  partnerId: string;
  title: string;
  customerName: string;
  industry: Industry;
  region: string;
  need: string;
  revenue: number;
  contactPhone?: string;
  contactEmail?: string;
  opportunityType: OpportunityType;
  description?: string;
}

const FIELDS = ['partnerId', 'title', 'customerName', 'industry', 'region', 'need', 'revenue', 'contactPhone', 'contactEmail', 'description'];

/** A PDM shares an opportunity with an eligible PCE partner (the API decides eligibility again). */
export function ShareHoModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [loose, setLoose] = useState<string[]>([]);
  const partners = useQuery(PcePartnersDocument, {}, { skip: !open });
  const [share, { loading }] = useMutation(VendorSharedOpportunityShareDocument);

  const onFinish = async (v: Values) => {
    try {
      const data = await share({
        input: {
          partnerId: v.partnerId,
          title: v.title,
          customerName: v.customerName,
          industry: v.industry,
          region: v.region ?? '',
          need: v.need,
          expectedMonthlyRevenue: { amount: String(v.revenue ?? 0), currency: 'CNY' },
          contactPhone: v.contactPhone ?? '',
          contactEmail: v.contactEmail ?? '',
          opportunityType: v.opportunityType,
          description: v.description ?? '',
        },
      });
      const errs = data.vendorSharedOpportunityShare.userErrors;
      if (errs.length > 0) {
        setLoose(applyUserErrors(form, errs, t, locale, FIELDS, { expectedMonthlyRevenue: 'revenue' }));
        return;
      }
      message.success(t('sharing.ho.shared'));
      form.resetFields();
      onClose();
      onDone();
    } catch (err) {
      setLoose([err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN')]);
    }
  };

  return (
    <Modal
      open={open}
      width={640}
      title={t('sharing.ho.shareTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('sharing.ho.share')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      destroyOnHidden
      data-testid="ho-share-modal"
    >
      <Alert type="info" showIcon message={t('sharing.ho.shareHint')} style={{ marginBottom: 12 }} />
      {loose.map((m) => (
        <Alert key={m} type="error" showIcon message={m} style={{ marginBottom: 12 }} />
      ))}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ opportunityType: 'NEW_PURCHASE', industry: 'INTERNET' }}
        requiredMark
      >
        <Form.Item name="partnerId" label={t('sharing.ho.partner')} rules={[{ required: true, message: t('common.pleaseSelect') }]}>
          <Select
            loading={partners.loading}
            showSearch
            optionFilterProp="search"
            data-testid="ho-share-partner"
            options={(partners.data?.pcePartners ?? []).map((p) => ({
              value: p.organization.id,
              search: p.organization.name,
              disabled: !p.eligibility.eligible,
              label: (
                <Space size={6}>
                  {p.organization.name}
                  <Tag bordered={false}>{t(`sharing.pathStage.${p.organization.pathStage}`)}</Tag>
                  {!p.eligibility.eligible && <Tag color="default">{t('sharing.ho.notEligible')}</Tag>}
                </Space>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('sharing.ho.title')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
          <Form.Item name="customerName" label={t('sharing.ho.customer')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          </Col>
          <Col span={6}>
          <Form.Item name="industry" label={t('sharing.ho.industry')}>
            <Select options={INDUSTRIES.map((i) => ({ value: i, label: t(`industry.${i}`) }))} />
          </Form.Item>
          </Col>
          <Col span={6}>
          <Form.Item name="region" label={t('sharing.ho.region')}>
            <Input maxLength={64} />
          </Form.Item>
          </Col>
        </Row>
        <Form.Item name="need" label={t('sharing.ho.need')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
          <Form.Item name="revenue" label={t('sharing.ho.revenue')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          </Col>
          <Col span={12}>
          <Form.Item name="opportunityType" label={t('sharing.ho.type')}>
            <Select options={OPPORTUNITY_TYPES.map((o) => ({ value: o, label: t(`opportunityType.${o}`) }))} />
          </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
          <Form.Item name="contactPhone" label={t('sharing.ho.contactPhone')}>
            <Input maxLength={32} />
          </Form.Item>
          </Col>
          <Col span={12}>
          <Form.Item name="contactEmail" label={t('sharing.ho.contactEmail')}>
            <Input maxLength={200} />
          </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('sharing.ho.description')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
