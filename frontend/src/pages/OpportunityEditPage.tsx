import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorResult, ForbiddenResult, NotFoundResult } from '../components/ErrorResult';
import { MaskedText } from '../components/MaskedText';
import { RevealProvider } from '../components/RevealProvider';
import {
  OpportunityDocument,
  OpportunityUpdateDocument,
  type OpportunityDetailFieldsFragment,
  type OpportunityStage,
  type OpportunityType,
  type OpportunityUpdateInput,
} from '../gql/graphql';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage } from '../lib/errors';
import { applyUserErrors } from '../lib/formErrors';
import { GraphQLClientError } from '../lib/graphqlClient';
import { toDecimalString } from '../lib/validation';
import { ConfidenceField, DescriptionField, NameField, RevenueField, StageField, TypeField } from './OpportunityFormFields';

interface EditValues {
  name: string;
  type: OpportunityType;
  stage: OpportunityStage;
  confidence: number;
  description: string;
  amount: string;
}

const FIELDS: (keyof EditValues)[] = ['name', 'type', 'stage', 'confidence', 'description', 'amount'];
const ERROR_ALIASES = { expectedMonthlyRevenue: 'amount', 'expectedMonthlyRevenue.amount': 'amount' };

export function OpportunityEditPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { data, error, refetch } = useQuery(OpportunityDocument, { id });

  if (error && !data) {
    return error.code === 'NOT_FOUND' ? (
      <NotFoundResult onBack={() => navigate('/opportunities')} backTo={t('opportunity.backToList')} />
    ) : (
      <ErrorResult error={error} onRetry={refetch} />
    );
  }
  if (!data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const node = data.node;
  if (!node || node.__typename !== 'Opportunity') {
    return <NotFoundResult onBack={() => navigate('/opportunities')} backTo={t('opportunity.backToList')} />;
  }
  if (!node.viewerCanUpdate) return <ForbiddenResult />;
  return (
    <RevealProvider>
      <EditForm opp={node} />
    </RevealProvider>
  );
}

/** Sends only what changed (every field of OpportunityUpdateInput but id is optional). */
function changes(opp: OpportunityDetailFieldsFragment, v: EditValues): OpportunityUpdateInput {
  const input: OpportunityUpdateInput = { id: opp.id };
  if (v.name.trim() !== opp.name) input.name = v.name.trim();
  if (v.type !== opp.type) input.type = v.type;
  if (v.stage !== opp.stage) input.stage = v.stage;
  if (v.confidence !== opp.confidence) input.confidence = v.confidence;
  if ((v.description ?? '').trim() !== opp.description) input.description = (v.description ?? '').trim();
  const amount = toDecimalString(v.amount);
  if (amount !== toDecimalString(opp.expectedMonthlyRevenue.amount)) {
    input.expectedMonthlyRevenue = { amount, currency: opp.expectedMonthlyRevenue.currency };
  }
  return input;
}

function EditForm({ opp }: { opp: OpportunityDetailFieldsFragment }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<EditValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const [update, { loading }] = useMutation(OpportunityUpdateDocument);
  const detailUrl = `/opportunities/${encodeURIComponent(opp.id)}`;

  const onFinish = async (v: EditValues) => {
    setFormError(null);
    const input = changes(opp, v);
    if (Object.keys(input).length === 1) {
      message.info(t('opportunity.form.noChanges'));
      navigate(detailUrl);
      return;
    }
    try {
      const data = await update({ input });
      const payload = data.opportunityUpdate;
      if (payload.userErrors.length > 0) {
        const loose = applyUserErrors(form, payload.userErrors, t, locale, FIELDS, ERROR_ALIASES);
        setFormError(loose[0] ?? null);
        return;
      }
      message.success(t('opportunity.saved'));
      navigate(detailUrl);
    } catch (err) {
      setFormError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  return (
    <div data-testid="opportunity-edit">
      <div className="pc-page-head">
        <Space align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(detailUrl)} aria-label={t('common.back')} />
          <Typography.Title level={4} className="pc-page-title">
            {t('opportunity.editTitle')}
          </Typography.Title>
        </Space>
      </div>
      <Card>
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} data-testid="opp-form-error" />}
        <Form<EditValues>
          form={form}
          layout="vertical"
          className="pc-form"
          onFinish={onFinish}
          initialValues={{
            name: opp.name,
            type: opp.type,
            stage: opp.stage,
            confidence: opp.confidence,
            description: opp.description,
            amount: opp.expectedMonthlyRevenue.amount,
          }}
          data-testid="opp-edit-form"
        >
          <Form.Item label={t('opportunity.field.customer')}>
            {opp.customer ? (
              <MaskedText id={opp.customer.id} field="NAME" value={opp.customer.name} rights={opp.customer} />
            ) : (
              t('common.none')
            )}
          </Form.Item>
          <NameField customerId={opp.customer?.id} />
          <TypeField />
          <StageField />
          <ConfidenceField />
          <RevenueField />
          <DescriptionField />
          <Space className="pc-form-actions">
            <Button onClick={() => navigate(detailUrl)}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={loading} data-testid="opp-form-submit">
              {t('common.save')}
            </Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
