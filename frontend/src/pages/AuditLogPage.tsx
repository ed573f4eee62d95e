import { Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { ConnectionPager } from '../components/ConnectionPager';
import { ErrorResult } from '../components/ErrorResult';
import { ExportButton } from '../components/ExportButton';
import { AuditEntriesDocument, AuditEntriesExportDocument, type AuditEntriesQuery } from '../gql/graphql';
import { useCursorPaging } from '../hooks/useCursorPaging';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime } from '../lib/format';
import { useSession } from '../session/context';

type Entry = AuditEntriesQuery['auditEntries']['edges'][number]['node'];

const ACTIONS = ['REVEAL', 'EXPORT', 'FUNDS_RECHARGE', 'FUNDS_SECOND_FACTOR'] as const;

/** 审计日志 (partner admins: their partner; vendor staff: everything) or 我的操作记录 (everyone else). */
export function AuditLogPage() {
  const { t, locale } = useI18n();
  const { caps } = useSession();
  const paging = useCursorPaging(20);
  const [actions, setActions] = useState<string[]>([]);
  const [recordId, setRecordId] = useState('');
  const [person, setPerson] = useState<{ id: string; name: string } | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const filter = useMemo(
    () => ({
      actions: actions.length ? actions : null,
      recordId: recordId.trim() || null,
      actorIds: person ? [person.id] : null,
      from: range?.[0] ? range[0].startOf('day').toISOString() : null,
      to: range?.[1] ? range[1].endOf('day').toISOString() : null,
    }),
    [actions, recordId, person, range],
  );
  const { data, error, loading, refetch } = useQuery(AuditEntriesDocument, { ...paging.vars, filter });
  const [exportEntries] = useMutation(AuditEntriesExportDocument);
  const conn = data?.auditEntries;
  const others = caps.auditLogOthers;
  const actionLabel = (a: string) => ((ACTIONS as readonly string[]).includes(a) ? t(`audit.action.${a as (typeof ACTIONS)[number]}`) : a);

  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;

  const columns = [
    { title: t('audit.col.time'), key: 'time', render: (e: Entry) => formatDateTime(e.createdAt, locale) },
    { title: t('audit.col.action'), key: 'action', render: (e: Entry) => <Tag>{actionLabel(e.action)}</Tag> },
    ...(others
      ? [
          {
            title: t('audit.col.person'),
            key: 'person',
            render: (e: Entry) =>
              e.actor ? (
                <Button
                  type="link"
                  size="small"
                  onClick={() => {
                    setPerson({ id: e.actor!.id, name: e.actor!.name });
                    paging.reset();
                  }}
                  title={t('audit.filter.person')}
                >
                  {e.actor.name}
                </Button>
              ) : e.actorTokenName ? (
                t('audit.token', { name: e.actorTokenName })
              ) : (
                ''
              ),
          },
          { title: t('audit.col.organization'), key: 'org', render: (e: Entry) => e.organizationName },
        ]
      : []),
    {
      title: t('audit.col.records'),
      key: 'records',
      render: (e: Entry) => (
        <Space direction="vertical" size={0}>
          {e.records.map((r) => (
            <Typography.Text key={r.recordId} code>
              {r.recordId}
              {r.fields.length ? ` (${r.fields.join(', ')})` : ''}
            </Typography.Text>
          ))}
        </Space>
      ),
    },
    {
      title: t('audit.col.reason'),
      key: 'reason',
      render: (e: Entry) => [e.reason ? t(`audit.reason.${e.reason}`) : '', e.reasonText ?? ''].filter(Boolean).join(' · '),
    },
    { title: t('audit.col.ip'), key: 'ip', render: (e: Entry) => e.clientIp },
  ];

  return (
    <Card
      title={others ? t('audit.title.log') : t('audit.title.mine')}
      extra={
        <ExportButton
          testId="audit-export"
          run={async (language) => (await exportEntries({ input: { filter, language } })).auditEntriesExport}
        />
      }
      data-testid="audit-log"
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<string[]>
          mode="multiple"
          allowClear
          style={{ minWidth: 240 }}
          placeholder={t('audit.filter.actions')}
          value={actions}
          onChange={(v) => {
            setActions(v);
            paging.reset();
          }}
          options={ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
          data-testid="audit-action-filter"
        />
        <Input.Search
          allowClear
          style={{ width: 240 }}
          placeholder={t('audit.filter.record')}
          onSearch={(v) => {
            setRecordId(v);
            paging.reset();
          }}
          data-testid="audit-record-filter"
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v);
            paging.reset();
          }}
          data-testid="audit-date-filter"
        />
        {person && (
          <Tag
            closable
            onClose={() => {
              setPerson(null);
              paging.reset();
            }}
            data-testid="audit-person-filter"
          >
            {person.name}
          </Tag>
        )}
      </Space>
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={loading}
        pagination={false}
        columns={columns}
        dataSource={conn?.edges.map((e) => e.node) ?? []}
        locale={{ emptyText: t('audit.empty') }}
        data-testid="audit-table"
      />
      <ConnectionPager conn={conn} paging={paging} loading={loading} />
    </Card>
  );
}
