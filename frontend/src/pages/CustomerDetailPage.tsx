import { ArrowLeftOutlined, FundOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorResult, NotFoundResult } from '../components/ErrorResult';
import { MaskedText } from '../components/MaskedText';
import { RevealProvider } from '../components/RevealProvider';
import { CustomerAssociationMenu } from './association/CustomerAssociationMenu';
import { CustomerAssociationTabs } from './association/CustomerAssociationTabs';
import { CustomerDocument } from '../gql/graphql';
import { useQuery } from '../hooks/useGraphQL';
import { ExplainAccessLink } from '../components/ExplainAccessLink';
import { useI18n } from '../i18n/useI18n';
import { ASSOCIATION_COLORS } from '../lib/enums';
import { formatDateTime } from '../lib/format';
import { useSession } from '../session/context';

export function CustomerDetailPage() {
  return (
    <RevealProvider>
      <CustomerDetailView />
    </RevealProvider>
  );
}

function CustomerDetailView() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { caps } = useSession();
  const navigate = useNavigate();
  const { data, error, refetch } = useQuery(CustomerDocument, { id });
  const [changes, setChanges] = useState(0);

  const back = () => navigate('/customers');
  if (error && !data) {
    return error.code === 'NOT_FOUND' ? (
      <NotFoundResult onBack={back} backTo={t('customer.backToList')} />
    ) : (
      <ErrorResult error={error} onRetry={refetch} />
    );
  }
  if (!data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const c = data.node;
  if (!c || c.__typename !== 'Customer') return <NotFoundResult onBack={back} backTo={t('customer.backToList')} />;

  return (
    <div data-testid="customer-detail" data-customer-id={c.id}>
      <div className="pc-page-head">
        <Space align="center" wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('common.back')} />
          <Typography.Title level={4} className="pc-page-title">
            <MaskedText id={c.id} field="NAME" value={c.name} rights={c} testId="customer-detail-name-title" />
          </Typography.Title>
          <Tag color={ASSOCIATION_COLORS[c.associationType]}>{t(`associationType.${c.associationType}`)}</Tag>
          {c.isResellerCustomer && <Tag color="purple">{t('customer.resellerCustomer')}</Tag>}
        </Space>
        <Space wrap>
        <ExplainAccessLink id={c.id} />
        <CustomerAssociationMenu
          customer={c}
          onChanged={() => {
            refetch();
            setChanges((n) => n + 1);
          }}
        />
        {caps.opportunities && !c.isResellerCustomer && (
          <Button
            icon={<FundOutlined />}
            onClick={() => navigate(`/opportunities?customerId=${encodeURIComponent(c.id)}`)}
            data-testid="customer-opportunities"
          >
            {t('customer.viewOpportunities')}
          </Button>
        )}
        </Space>
      </div>
      <Card title={t('customer.section.basic')} size="small">
        <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}>
          <Descriptions.Item label={t('customer.field.name')}>
            <MaskedText id={c.id} field="NAME" value={c.name} rights={c} testId="customer-detail-name" />
          </Descriptions.Item>
          <Descriptions.Item label={t('customer.field.accountName')}>
            <MaskedText id={c.id} field="ACCOUNT_NAME" value={c.accountName} rights={c} testId="customer-detail-account" />
          </Descriptions.Item>
          <Descriptions.Item label={t('customer.field.phone')}>
            <MaskedText id={c.id} field="PHONE" value={c.phone} rights={c} testId="customer-detail-phone" />
          </Descriptions.Item>
          <Descriptions.Item label={t('customer.field.email')}>
            <MaskedText id={c.id} field="EMAIL" value={c.email} rights={c} testId="customer-detail-email" />
          </Descriptions.Item>
          <Descriptions.Item label={t('customer.field.industry')}>{t(`industry.${c.industry}`)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.field.region')}>{c.region || t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('customer.field.associationType')}>
            {t(`associationType.${c.associationType}`)}
            <Typography.Text type="secondary" className="pc-hint">
              {t(`associationType.${c.associationType}.hint`)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('customer.field.associatedAt')}>{formatDateTime(c.associatedAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.field.manager')}>
            {c.manager ? (
              <MaskedText id={c.manager.id} field="NAME" value={c.manager.name} rights={c.manager} testId="customer-detail-manager" />
            ) : (
              t('customer.unassigned')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('customer.field.partner')}>{c.partner?.name ?? t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('customer.field.tags')} span={2}>
            {c.tags.length
              ? c.tags.map((tag) => (
                  <Tag key={tag} bordered={false}>
                    {tag}
                  </Tag>
                ))
              : t('common.none')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {!c.isResellerCustomer && <CustomerAssociationTabs customerId={c.id} refreshKey={changes} />}
    </div>
  );
}
