import { Form, Input, Select, Slider, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { OpportunityNameWarningDocument } from '../gql/graphql';
import { useI18n } from '../i18n/useI18n';
import { client } from '../lib/graphqlClient';
import { formatPercent } from '../lib/format';
import { OPPORTUNITY_STAGES, OPPORTUNITY_TYPES } from '../lib/enums';
import { isValidConfidence, isValidRevenue, OPPORTUNITY_NAME_MAX } from '../lib/validation';

export const DESCRIPTION_MAX = 2000;

/** Asks the server (debounced) whether `name` names the customer, never learning its name. */
function useNamesCustomer(customerId: string | undefined, name: string | undefined): boolean {
  const text = name?.trim() ?? '';
  const key = customerId && text ? `${customerId}\u0000${text}` : '';
  // The answer for the last checked (customer, name); a stale answer is ignored.
  const [answer, setAnswer] = useState<{ key: string; names: boolean }>({ key: '', names: false });
  useEffect(() => {
    if (!customerId || !text) return;
    let current = true;
    const timer = setTimeout(() => {
      client
        .request(OpportunityNameWarningDocument, { customerId, name: text })
        .then((data) => current && setAnswer({ key: `${customerId}\u0000${text}`, names: data.opportunityNameWarning }))
        .catch(() => undefined);
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [customerId, text]);
  return key !== '' && answer.key === key && answer.names;
}

/** The name; with `customerId`, says when the typed name names the customer (masked for others). */
export function NameField({ customerId }: { customerId?: string } = {}) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const name = Form.useWatch('name', form) as string | undefined;
  const namesCustomer = useNamesCustomer(customerId, name);
  return (
    <Form.Item
      name="name"
      label={t('opportunity.field.name')}
      extra={
        namesCustomer ? (
          <Typography.Text type="warning" data-testid="opp-form-name-masked">
            {t('opportunity.form.nameMaskedForOthers')}
          </Typography.Text>
        ) : undefined
      }
      rules={[
        { required: true, whitespace: true, message: t('validation.nameRequired') },
        { max: OPPORTUNITY_NAME_MAX, message: t('validation.maxLength', { max: OPPORTUNITY_NAME_MAX }) },
      ]}
    >
      <Input
        showCount
        maxLength={OPPORTUNITY_NAME_MAX}
        placeholder={t('opportunity.form.namePlaceholder')}
        data-testid="opp-form-name"
      />
    </Form.Item>
  );
}

export function TypeField() {
  const { t } = useI18n();
  return (
    <Form.Item name="type" label={t('opportunity.field.type')} rules={[{ required: true, message: t('validation.typeRequired') }]}>
      <Select
        placeholder={t('common.pleaseSelect')}
        options={OPPORTUNITY_TYPES.map((v) => ({ value: v, label: t(`opportunityType.${v}`) }))}
        data-testid="opp-form-type"
      />
    </Form.Item>
  );
}

export function StageField() {
  const { t } = useI18n();
  return (
    <Form.Item name="stage" label={t('opportunity.field.stage')} rules={[{ required: true, message: t('validation.stageRequired') }]}>
      <Select
        placeholder={t('common.pleaseSelect')}
        options={OPPORTUNITY_STAGES.map((v) => ({ value: v, label: t(`stage.${v}`) }))}
        data-testid="opp-form-stage"
      />
    </Form.Item>
  );
}

export function ConfidenceField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="confidence"
      label={t('opportunity.field.confidence')}
      extra={t('opportunity.form.confidenceHint')}
      rules={[
        {
          validator: (_, v: number | undefined) =>
            isValidConfidence(v) ? Promise.resolve() : Promise.reject(new Error(t('validation.confidence'))),
        },
      ]}
    >
      <ConfidenceInput />
    </Form.Item>
  );
}

export function RevenueField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="amount"
      label={t('opportunity.field.revenue')}
      extra={t('opportunity.form.revenueHint')}
      rules={[
        { required: true, whitespace: true, message: t('validation.revenueRequired') },
        {
          validator: (_, v: string | undefined) =>
            !v || isValidRevenue(v) ? Promise.resolve() : Promise.reject(new Error(t('validation.revenue'))),
        },
      ]}
    >
      <Input
        addonBefore={t('currency.CNY')}
        inputMode="decimal"
        placeholder={t('opportunity.form.revenuePlaceholder')}
        data-testid="opp-form-revenue"
        style={{ maxWidth: 360 }}
      />
    </Form.Item>
  );
}

export function DescriptionField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="description"
      label={t('opportunity.field.description')}
      rules={[{ max: DESCRIPTION_MAX, message: t('validation.maxLength', { max: DESCRIPTION_MAX }) }]}
    >
      <Input.TextArea
        rows={4}
        showCount
        maxLength={DESCRIPTION_MAX}
        placeholder={t('opportunity.form.descriptionPlaceholder')}
        data-testid="opp-form-description"
      />
    </Form.Item>
  );
}

/** The confidence slider with its current value spelled out next to it. */
function ConfidenceInput({ value, onChange }: { value?: number; onChange?: (v: number) => void }) {
  const { locale } = useI18n();
  return (
    <div className="pc-confidence">
      <Slider
        min={0}
        max={100}
        step={10}
        value={value}
        onChange={onChange}
        marks={{ 0: '0%', 20: '20%', 40: '40%', 60: '60%', 80: '80%', 100: '100%' }}
        tooltip={{ formatter: (v) => formatPercent(v ?? 0, locale) }}
        data-testid="opp-form-confidence"
        style={{ flex: 1 }}
      />
      <Typography.Text strong className="pc-confidence__value" data-testid="opp-form-confidence-value">
        {value != null ? formatPercent(value, locale) : ''}
      </Typography.Text>
    </div>
  );
}
