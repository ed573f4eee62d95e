import { useEffect } from 'react';
import { Alert, Empty, Table, Typography, type TableProps } from 'antd';
import { ConnectionPager } from '../../components/ConnectionPager';
import { DateCell } from '../../components/DateCell';
import { AssociationLogDocument, type AssociationLogFilter, type AssociationLogQuery } from '../../gql/graphql';
import { useCursorPaging } from '../../hooks/useCursorPaging';
import { useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage } from '../../lib/errors';
import { CustomerCell, PersonCell, TypeChange } from './shared';

type Row = AssociationLogQuery['associationLog']['nodes'][number];

/** The association operation log 关联关系操作记录, keyset paged, in the viewer's scope. */
export function AssociationLogTable({
  filter,
  showCustomer = true,
  refreshKey = 0,
}: {
  filter: AssociationLogFilter;
  showCustomer?: boolean;
  refreshKey?: number;
}) {
  const { t } = useI18n();
  const paging = useCursorPaging(20);
  const { data, error, loading, refetch } = useQuery(AssociationLogDocument, { ...paging.vars, filter });
  useEffect(() => {
    if (refreshKey) refetch();
  }, [refreshKey, refetch]);
  const conn = data?.associationLog;
  const rows = conn?.nodes ?? [];
  const columns: TableProps<Row>['columns'] = [
    { key: 'at', title: t('association.log.field.at'), width: 120, render: (_: unknown, r: Row) => <DateCell iso={r.at} /> },
    {
      key: 'action',
      title: t('association.log.field.action'),
      width: 150,
      render: (_: unknown, r: Row) => (
        <span data-testid="log-action" data-action={r.action}>
          {t(`association.action.${r.action}`)}
        </span>
      ),
    },
    ...(showCustomer
      ? [
          {
            key: 'customer',
            title: t('association.log.field.customer'),
            width: 220,
            render: (_: unknown, r: Row) => <CustomerCell customer={r.customer} />,
          },
        ]
      : []),
    {
      key: 'change',
      title: t('association.log.field.change'),
      width: 170,
      render: (_: unknown, r: Row) => <TypeChange from={r.fromType} to={r.toType} />,
    },
    {
      key: 'actor',
      title: t('association.log.field.actor'),
      width: 130,
      render: (_: unknown, r: Row) => <PersonCell person={r.actor} system={r.bySystem} testId="log-actor" />,
    },
    {
      key: 'note',
      title: t('association.log.field.note'),
      render: (_: unknown, r: Row) => r.note || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
  ];
  return (
    <>
      {error && <Alert type="error" showIcon message={requestErrorMessage(t, error)} style={{ marginBottom: 12 }} />}
      <Table<Row>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('association.log.empty')} /> }}
        data-testid="association-log-table"
      />
      <ConnectionPager conn={conn} paging={paging} loading={loading} testId="association-log-pager" />
    </>
  );
}
