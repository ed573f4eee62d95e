import { AlertOutlined, CloudServerOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { WarningCountsDocument } from '../gql/graphql';
import { useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { useSession } from '../session/context';

/** The workbench 工作台: the landing page of partner roles. Slices add their cards here. */
export function HomePage() {
  const { t } = useI18n();
  const { viewer, caps } = useSession();
  return (
    <div data-testid="home-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('warnings.home.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('warnings.home.subtitle', { name: viewer.user?.name ?? '' })}</Typography.Text>
        </div>
      </div>
      {caps.warnings ? <WarningCards /> : <Card><Empty description={t('warnings.home.empty')} /></Card>}
    </div>
  );
}

function WarningCards() {
  const { t } = useI18n();
  const { data, loading } = useQuery(WarningCountsDocument, {});
  const c = data?.warningCounts;
  const cards = [
    { key: 'CHURN', icon: <UserDeleteOutlined />, title: t('warnings.home.churnPending'), value: c?.churnPending, color: '#cf1322' },
    { key: 'RESOURCE', icon: <CloudServerOutlined />, title: t('warnings.home.resourcePending'), value: c?.resourcePending, color: '#d46b08' },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((card) => (
        <Col xs={24} md={12} xl={8} key={card.key}>
          <Card
            loading={loading && !c}
            data-testid={`home-warnings-${card.key.toLowerCase()}`}
            actions={[
              <Link key="go" to={`/warnings?kind=${card.key}&state=PENDING`} data-testid={`home-warnings-${card.key.toLowerCase()}-link`}>
                {t('warnings.home.view')}
              </Link>,
            ]}
          >
            <Statistic
              title={card.title}
              value={card.value ?? 0}
              prefix={card.icon}
              valueStyle={{ color: card.value ? card.color : undefined }}
              valueRender={(node) => <span data-testid={`home-warnings-${card.key.toLowerCase()}-count`}>{node}</span>}
            />
          </Card>
        </Col>
      ))}
      <Col xs={24} md={12} xl={8}>
        <Card loading={loading && !c} data-testid="home-warnings-total">
          <Statistic title={t('warnings.home.totalPending')} value={c?.totalPending ?? 0} prefix={<AlertOutlined />} />
        </Card>
      </Col>
    </Row>
  );
}
