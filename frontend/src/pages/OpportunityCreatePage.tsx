import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { CustomerSelect } from '../components/CustomerSelect';
import { RevealAllToggle } from '../components/MaskedText';
import { RevealProvider } from '../components/RevealProvider';
import { useReveal } from '../components/reveal';
import { OpportunityCreateDocument, type OpportunityStage, type OpportunityType } from '../gql/graphql';
import { useCustomerSearch } from '../hooks/useCustomerSearch';
import { useMutation } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage } from '../lib/errors';
import { formatMoney, formatPercent } from '../lib/format';
import { applyUserErrors } from '../lib/formErrors';
import { GraphQLClientError } from '../lib/graphqlClient';
import { isValidRevenue, toDecimalString } from '../lib/validation';
import { useSession } from '../session/context';
import { ConfidenceField, DescriptionField, NameField, RevenueField, StageField, TypeField } from './OpportunityFormFields';

interface CreateValues {
  customerId: string;
  name: string;
  type: OpportunityType;
  stage: OpportunityStage;
  confidence: number;
  description: string;
  amount: string;
}

const STEP_FIELDS: (keyof CreateValues)[][] = [
  ['customerId', 'name', 'type'],
  ['stage', 'confidence', 'description'],
  ['amount'],
];
const ALL_FIELDS = STEP_FIELDS.flat();
const ERROR_ALIASES = { expectedMonthlyRevenue: 'amount', 'expectedMonthlyRevenue.amount': 'amount' };

export function OpportunityCreatePage() {
  return (
    <RevealProvider>
      <OpportunityCreateView />
    </RevealProvider>
  );
}

function OpportunityCreateView() {
  const { t, locale } = useI18n();
  const { viewer } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const reveal = useReveal();
  const [form] = Form.useForm<CreateValues>();
  const [step, setStep] = useState(0);
  const [formError, setFormError] = useState<string | null>(null);
  const [create, { loading: saving }] = useMutation(OpportunityCreateDocument);
  // Only customers assigned to the viewer may get a new opportunity: the search asks for exactly those.
  const customers = useCustomerSearch({ managerId: viewer.user?.id ?? null });
  const values = Form.useWatch([], form) as Partial<CreateValues> | undefined;

  const goNext = async () => {
    try {
      await form.validateFields(STEP_FIELDS[step]);
      setStep((s) => Math.min(s + 1, STEP_FIELDS.length - 1));
    } catch {
      // errors are shown next to the fields
    }
  };

  const submit = async () => {
    setFormError(null);
    let v: CreateValues;
    try {
      await form.validateFields(ALL_FIELDS);
      v = form.getFieldsValue(true) as CreateValues;
    } catch {
      const firstBad = STEP_FIELDS.findIndex((fields) => fields.some((f) => form.getFieldError(f).length > 0));
      if (firstBad >= 0) setStep(firstBad);
      return;
    }
    try {
      const data = await create({
        input: {
          customerId: v.customerId,
          name: v.name.trim(),
          type: v.type,
          stage: v.stage,
          confidence: v.confidence,
          description: (v.description ?? '').trim(),
          expectedMonthlyRevenue: { amount: toDecimalString(v.amount), currency: 'CNY' },
        },
      });
      const payload = data.opportunityCreate;
      if (payload.userErrors.length > 0 || !payload.opportunity) {
        const loose = applyUserErrors(form, payload.userErrors, t, locale, ALL_FIELDS, ERROR_ALIASES);
        const firstBad = STEP_FIELDS.findIndex((fields) => fields.some((f) => form.getFieldError(f).length > 0));
        if (firstBad >= 0) setStep(firstBad);
        setFormError(loose[0] ?? (payload.opportunity ? null : t('error.UNKNOWN')));
        return;
      }
      message.success(t('opportunity.created'));
      navigate(`/opportunities/${encodeURIComponent(payload.opportunity.id)}`);
    } catch (err) {
      setFormError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  const customerLabel = (id: string | undefined) => {
    const c = id ? customers.state.known.get(id) : undefined;
    return c ? (reveal.get(c.id, 'NAME') ?? c.name) : '';
  };

  return (
    <div data-testid="opportunity-create">
      <div className="pc-page-head">
        <Space align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/opportunities')} aria-label={t('common.back')} />
          <Typography.Title level={4} className="pc-page-title">
            {t('opportunity.createTitle')}
          </Typography.Title>
        </Space>
      </div>
      <Card>
        <Steps
          current={step}
          className="pc-steps"
          items={[
            { title: t('opportunity.step.basic') },
            { title: t('opportunity.step.details') },
            { title: t('opportunity.step.revenue') },
          ]}
        />
        {formError && (
          <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} data-testid="opp-form-error" />
        )}
        <Form<CreateValues>
          form={form}
          layout="vertical"
          className="pc-form"
          preserve
          initialValues={{ stage: 'LEAD', confidence: 30, description: '' }}
          onFinish={() => void (step < STEP_FIELDS.length - 1 ? goNext() : submit())}
          data-testid="opp-create-form"
        >
          <div hidden={step !== 0}>
            <Form.Item
              name="customerId"
              label={
                <RevealAllToggle
                  field="NAME"
                  records={customers.records}
                  testId="reveal-create-customers"
                  label={t('opportunity.field.customer')}
                />
              }
              extra={t('opportunity.form.customerHint')}
              rules={[{ required: true, message: t('validation.customerRequired') }]}
            >
              <CustomerSelect
                search={customers}
                placeholder={
                  customers.searchable ? t('opportunity.form.customerSearchPlaceholder') : t('opportunity.form.customerPlaceholder')
                }
                emptyText={t('opportunity.form.noCustomers')}
                testId="opp-form-customer"
              />
            </Form.Item>
            <NameField customerId={values?.customerId} />
            <TypeField />
          </div>
          <div hidden={step !== 1}>
            <StageField />
            <ConfidenceField />
            <DescriptionField />
          </div>
          <div hidden={step !== 2}>
            <RevenueField />
            <Descriptions
              size="small"
              bordered
              column={1}
              title={t('opportunity.form.summary')}
              className="pc-summary"
              data-testid="opp-create-summary"
            >
              <Descriptions.Item label={t('opportunity.field.customer')}>{customerLabel(values?.customerId)}</Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.name')}>{values?.name}</Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.type')}>
                {values?.type ? t(`opportunityType.${values.type}`) : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.stage')}>
                {values?.stage ? t(`stage.${values.stage}`) : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.confidence')}>
                {values?.confidence != null ? formatPercent(values.confidence, locale) : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunity.field.revenue')}>
                {values?.amount && isValidRevenue(values.amount) ? formatMoney(toDecimalString(values.amount), 'CNY', locale) : ''}
              </Descriptions.Item>
            </Descriptions>
          </div>
          <Space className="pc-form-actions">
            <Button onClick={() => navigate('/opportunities')} data-testid="opp-form-cancel">
              {t('common.cancel')}
            </Button>
            {step > 0 && (
              <Button onClick={() => setStep((s) => s - 1)} data-testid="opp-form-prev">
                {t('common.previousStep')}
              </Button>
            )}
            {step < STEP_FIELDS.length - 1 ? (
              <Button type="primary" onClick={goNext} data-testid="opp-form-next">
                {t('common.nextStep')}
              </Button>
            ) : (
              <Button type="primary" htmlType="submit" loading={saving} data-testid="opp-form-submit">
                {t('opportunity.form.submit')}
              </Button>
            )}
          </Space>
        </Form>
      </Card>
    </div>
  );
}
