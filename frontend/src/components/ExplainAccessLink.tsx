import { QuestionCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, List, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ExplainAccessDocument, type ExplainAccessQuery } from '../gql/graphql';
import { useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { formatDate } from '../lib/format';

type Explanation = NonNullable<ExplainAccessQuery['explainAccess']>;
type Step = Explanation['chain'][number];

const STATE_COLORS: Record<string, string> = { CLEAR: 'green', REVEALABLE: 'blue', MASKED: 'orange', WITHHELD: 'red' };

function StepText({ step }: { step: Step }) {
  const { t, locale } = useI18n();
  const person = step.person?.name ?? t('explain.someone');
  const organization = step.organizationName ?? '';
  if (step.kind === 'OWNS' && step.since)
    return <>{t('explain.step.OWNS_SINCE', { person, since: formatDate(step.since, locale) })}</>;
  return <>{t(`explain.step.${step.kind}`, { person, organization })}</>;
}

function ExplainBody({ id }: { id: string }) {
  const { t } = useI18n();
  const { data, loading, error } = useQuery(ExplainAccessDocument, { id });
  if (loading && !data) return <Skeleton active />;
  if (error) return <Alert type="error" message={error.message} />;
  const e = data?.explainAccess;
  if (!e) return <Alert type="info" message={t('audit.empty')} />;
  return (
    <div data-testid="explain-access">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('explain.rule')}>
          <span data-testid="explain-rule">{t(`explain.rule.${e.rule}`)}</span>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('explain.chain')}
      </Typography.Title>
      <List
        size="small"
        bordered
        dataSource={e.chain}
        renderItem={(step, i) => (
          <List.Item data-testid="explain-step" key={i}>
            <StepText step={step} />
          </List.Item>
        )}
      />
      {e.fields.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('explain.fields')}
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={e.fields}
            renderItem={(f) => (
              <List.Item data-testid={`explain-field-${f.field}`} key={f.field}>
                <span>{t(`explain.field.${f.field}`)}</span>
                <span>
                  <Tag color={STATE_COLORS[f.state]}>{t(`explain.state.${f.state}`)}</Tag>
                  {f.reason && <Typography.Text type="secondary">{t(`explain.reason.${f.reason}`)}</Typography.Text>}
                </span>
              </List.Item>
            )}
          />
        </>
      )}
    </div>
  );
}

/** 为什么我能看到: opens a drawer with the server's explanation of the viewer's access. */
export function ExplainAccessLink({ id }: { id: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="link" icon={<QuestionCircleOutlined />} onClick={() => setOpen(true)} data-testid="explain-access-link">
        {t('explain.link')}
      </Button>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('explain.title')} width={480} destroyOnHidden>
        {open && <ExplainBody id={id} />}
      </Drawer>
    </>
  );
}
