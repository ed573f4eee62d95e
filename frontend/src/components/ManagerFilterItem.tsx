import { Col, Form, Select } from 'antd';
import { AssignableManagersDocument } from '../gql/graphql';
import { useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { RevealAllToggle } from './MaskedText';
import { useReveal } from './reveal';

interface ManagerFilterItemProps {
  /** Form field holding the chosen user IDs (managerIds, ownerIds). */
  name: string;
  label: string;
  /** Prefix of the test IDs: `filter-<prefix>s`, `reveal-<prefix>-options`, `<prefix>-option`. */
  testIdPrefix: string;
}

/** A multi-select of the people the viewer may filter by, with a reveal-all eye on the label. */
export function ManagerFilterItem({ name, label, testIdPrefix }: ManagerFilterItemProps) {
  const { t } = useI18n();
  const reveal = useReveal();
  const managers = useQuery(AssignableManagersDocument, {});
  const records = managers.data?.assignableManagers ?? [];
  const options = records.map((m) => ({
    value: m.id,
    label: reveal.get(m.id, 'NAME') ?? m.name,
    title: t(`role.${m.role}`),
  }));
  return (
    <Col xs={24} md={12} xl={6}>
      <Form.Item
        name={name}
        label={
          <RevealAllToggle field="NAME" records={records} testId={`reveal-${testIdPrefix}-options`} label={label} />
        }
      >
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('filter.all')}
          loading={managers.loading}
          options={options}
          optionFilterProp="label"
          data-testid={`filter-${testIdPrefix}s`}
          popupClassName={`pc-${testIdPrefix}-options`}
          optionRender={(o) => (
            <span data-testid={`${testIdPrefix}-option`} data-user-id={String(o.value)}>
              {o.label}
            </span>
          )}
        />
      </Form.Item>
    </Col>
  );
}
