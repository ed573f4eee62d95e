import { LinkOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, List, Skeleton, Space, Table, Tabs, Tag, Typography, type TableProps } from 'antd';
import { useEffect, useMemo } from 'react';
import { ConnectionPager } from '../../components/ConnectionPager';
import { DateCell } from '../../components/DateCell';
import {
  CustomerAssignmentsDocument,
  CustomerKnowledgeDocument,
  type CustomerAssignmentsQuery,
} from '../../gql/graphql';
import { useCursorPaging } from '../../hooks/useCursorPaging';
import { useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useSession } from '../../session/context';
import { AssociationLogTable } from './AssociationLogTable';
import { PersonCell } from './shared';

/** The customer detail's association tabs: 知识推荐, 分配记录, 关联关系操作记录. */
export function CustomerAssociationTabs({ customerId, refreshKey }: { customerId: string; refreshKey: number }) {
  const { t } = useI18n();
  const { caps } = useSession();
  const filter = useMemo(() => ({ customerIds: [customerId] }), [customerId]);
  const items = [
    { key: 'knowledge', label: <span data-testid="tab-knowledge">{t('association.tab.knowledge')}</span>, children: <KnowledgeTab customerId={customerId} /> },
    {
      key: 'assignments',
      label: <span data-testid="tab-assignments">{t('association.tab.assignments')}</span>,
      children: <AssignmentsTab customerId={customerId} refreshKey={refreshKey} />,
    },
  ];
  if (caps.associationLog) {
    items.push({
      key: 'log',
      label: <span data-testid="tab-association-log">{t('association.tab.log')}</span>,
      children: <AssociationLogTable filter={filter} showCustomer={false} refreshKey={refreshKey} />,
    });
  }
  return (
    <Card size="small" style={{ marginTop: 16 }} data-testid="customer-association-tabs">
      <Tabs items={items} destroyInactiveTabPane />
    </Card>
  );
}

function KnowledgeTab({ customerId }: { customerId: string }) {
  const { t, locale } = useI18n();
  const { data, error } = useQuery(CustomerKnowledgeDocument, { customerId });
  if (error && !data) return <Alert type="error" showIcon message={requestErrorMessage(t, error)} />;
  if (!data) return <Skeleton active />;
  const k = data.customerKnowledge;
  if (!k) return <Empty description={t('association.knowledge.empty')} />;
  if (!k.available && k.reason) {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="knowledge-reason"
        data-reason={k.reason}
        message={t(`association.knowledge.reason.${k.reason}`, {
          signed: k.signedNoticeVersion ?? '',
          latest: k.latestNoticeVersion ?? '',
        })}
      />
    );
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary" data-testid="knowledge-signed">
        {t('association.knowledge.signed', { version: k.signedNoticeVersion ?? '', date: formatDate(k.signedAt, locale) })}
      </Typography.Text>
      <List
        data-testid="knowledge-list"
        dataSource={k.items}
        locale={{ emptyText: <Empty description={t('association.knowledge.empty')} /> }}
        renderItem={(item) => (
          <List.Item
            data-testid="knowledge-item"
            actions={
              item.url
                ? [
                    <a key="open" href={item.url} target="_blank" rel="noreferrer noopener">
                      <LinkOutlined /> {t('association.knowledge.open')}
                    </a>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space>
                  <Tag color="geekblue">{t(`association.knowledgeKind.${item.kind}`)}</Tag>
                  <span>{item.title}</span>
                </Space>
              }
              description={
                <Space direction="vertical" size={2}>
                  <span>{item.summary}</span>
                  <Space size={[0, 4]} wrap>
                    {item.industries.map((i) => (
                      <Tag key={i} bordered={false}>
                        {t(`industry.${i}`)}
                      </Tag>
                    ))}
                    {item.tags.map((tag) => (
                      <Tag key={tag} bordered={false} color="blue">
                        {tag}
                      </Tag>
                    ))}
                  </Space>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Space>
  );
}

type AssignmentRow = CustomerAssignmentsQuery['customerAssignments']['nodes'][number];

function AssignmentsTab({ customerId, refreshKey }: { customerId: string; refreshKey: number }) {
  const { t } = useI18n();
  const paging = useCursorPaging(20);
  const { data, error, loading, refetch } = useQuery(CustomerAssignmentsDocument, { ...paging.vars, customerIds: [customerId] });
  useEffect(() => {
    if (refreshKey) refetch();
  }, [refreshKey, refetch]);
  const conn = data?.customerAssignments;
  const columns: TableProps<AssignmentRow>['columns'] = [
    { key: 'at', title: t('association.assignments.at'), width: 120, render: (_: unknown, r) => <DateCell iso={r.assignedAt} /> },
    { key: 'from', title: t('association.assignments.from'), render: (_: unknown, r) => <PersonCell person={r.fromManager} /> },
    { key: 'to', title: t('association.assignments.to'), render: (_: unknown, r) => <PersonCell person={r.toManager} testId="assignment-to" /> },
    { key: 'by', title: t('association.assignments.by'), render: (_: unknown, r) => <PersonCell person={r.assignedBy} /> },
  ];
  return (
    <>
      {error && <Alert type="error" showIcon message={requestErrorMessage(t, error)} style={{ marginBottom: 12 }} />}
      <Table<AssignmentRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={conn?.nodes ?? []}
        loading={loading}
        pagination={false}
        locale={{ emptyText: <Empty description={t('association.assignments.empty')} /> }}
        data-testid="assignments-table"
      />
      <ConnectionPager conn={conn} paging={paging} loading={loading} testId="assignments-pager" />
    </>
  );
}
