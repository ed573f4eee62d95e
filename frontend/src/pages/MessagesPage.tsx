import { CheckOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Empty, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ConnectionPager } from '../components/ConnectionPager';
import { ErrorResult } from '../components/ErrorResult';
import {
  MessagesDocument,
  MessagesMarkAllReadDocument,
  MessagesMarkReadDocument,
  type MessageFieldsFragment,
  type MessageKind,
} from '../gql/graphql';
import { useCursorPaging } from '../hooks/useCursorPaging';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { requestErrorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { GraphQLClientError } from '../lib/graphqlClient';
import { announceMessagesChanged } from '../lib/messageEvents';
import { messageDetails, messageTitle } from '../lib/messageText';
import { recordPath } from '../lib/recordLinks';

/** What the linked record is called, as the reader may see it (names come masked by the policy). */
function recordLabel(record: MessageFieldsFragment['record']): string | null {
  if (!record) return null;
  const parts: string[] = [];
  if ('name' in record && record.name) parts.push(record.name);
  if ('title' in record && record.title) parts.push(record.title);
  if ('customer' in record && record.customer?.name) parts.push(record.customer.name);
  if ('need' in record && record.need) parts.push(record.need);
  return parts.length ? parts.join(' · ') : null;
}

/** Kinds grouped as the filter offers them. */
const KIND_GROUPS: { label: 'messages.group.sharing' | 'messages.group.customers' | 'messages.group.money'; kinds: MessageKind[] }[] = [
  {
    label: 'messages.group.sharing',
    kinds: ['HO_SHARED', 'HO_EXPIRING', 'HO_EXPIRED', 'HO_ACCEPTED', 'HO_REJECTED', 'PO_SHARED', 'PO_VALIDATED', 'PO_REJECTED'],
  },
  {
    label: 'messages.group.customers',
    kinds: [
      'WARNING_ASSIGNED',
      'CUSTOMER_ASSIGNED',
      'ASSOCIATION_CONFIRMATION_PENDING',
      'ASSOCIATION_CONFIRMED',
      'ASSOCIATION_DECLINED',
      'ASSOCIATION_EXPIRED',
      'UNBIND_REQUESTED',
      'UNBIND_APPROVED',
      'UNBIND_REJECTED',
    ],
  },
  { label: 'messages.group.money', kinds: ['COUPON_ISSUED', 'QUOTA_GRANTED', 'SECOND_FACTOR_CHANGED'] },
];

export function MessagesPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const paging = useCursorPaging(20);
  const [kinds, setKinds] = useState<MessageKind[]>([]);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const filter = useMemo(() => ({ kinds: kinds.length ? kinds : null, unreadOnly }), [kinds, unreadOnly]);
  const { data, error, loading, refetch } = useQuery(MessagesDocument, { ...paging.vars, filter });
  const [markRead] = useMutation(MessagesMarkReadDocument);
  const [markAllRead, markAll] = useMutation(MessagesMarkAllReadDocument);
  const conn = data?.messages;

  const fail = (err: unknown) =>
    message.error(requestErrorMessage(t, err instanceof GraphQLClientError ? err : new GraphQLClientError('UNKNOWN', String(err))));

  const open = async (m: MessageFieldsFragment) => {
    try {
      if (!m.read) {
        await markRead({ input: { ids: [m.id] } });
        announceMessagesChanged();
      }
      const path = recordPath(m.recordType, m.record?.id);
      if (path) navigate(path);
      else refetch();
    } catch (err) {
      fail(err);
    }
  };

  const onMarkAll = async () => {
    try {
      const r = await markAllRead({ input: { kinds: kinds.length ? kinds : null } });
      message.success(t('messages.markedAllRead', { count: r.messagesMarkAllRead.markedCount }));
      announceMessagesChanged();
      refetch();
    } catch (err) {
      fail(err);
    }
  };

  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;

  return (
    <Card
      title={
        <Space>
          <span>{t('messages.title')}</span>
          <Tag color={data?.unreadMessageCount ? 'red' : 'default'} data-testid="messages-unread">
            {t('messages.unreadCount', { count: data?.unreadMessageCount ?? 0 })}
          </Tag>
        </Space>
      }
      extra={
        <Button icon={<CheckOutlined />} onClick={onMarkAll} loading={markAll.loading} data-testid="messages-mark-all">
          {t('messages.markAllRead')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<MessageKind[]>
          mode="multiple"
          allowClear
          style={{ minWidth: 320 }}
          placeholder={t('messages.filter.kinds')}
          value={kinds}
          onChange={(v) => {
            setKinds(v);
            paging.reset();
          }}
          options={KIND_GROUPS.map((g) => ({
            label: t(g.label),
            options: g.kinds.map((k) => ({ value: k, label: messageTitle(t, k) })),
          }))}
          data-testid="messages-kind-filter"
        />
        <Space>
          <Switch
            checked={unreadOnly}
            onChange={(v) => {
              setUnreadOnly(v);
              paging.reset();
            }}
            data-testid="messages-unread-only"
          />
          <span>{t('messages.filter.unreadOnly')}</span>
        </Space>
      </Space>
      <List<MessageFieldsFragment>
        loading={loading}
        dataSource={conn?.edges.map((e) => e.node) ?? []}
        locale={{ emptyText: <Empty description={t('messages.empty')} /> }}
        data-testid="messages-list"
        renderItem={(m) => {
          const path = recordPath(m.recordType, m.record?.id);
          const details = messageDetails(t, locale, m.params);
          return (
            <List.Item
              data-testid="message-item"
              data-kind={m.kind}
              data-read={m.read ? 'true' : 'false'}
              actions={[
                path ? (
                  <Button key="open" type="link" onClick={() => void open(m)} data-testid="message-open">
                    {t('messages.open')}
                  </Button>
                ) : null,
                !m.read ? (
                  <Button key="read" type="link" onClick={() => void open({ ...m, recordType: null })} data-testid="message-mark-read">
                    {t('messages.markRead')}
                  </Button>
                ) : null,
              ].filter(Boolean)}
            >
              <List.Item.Meta
                avatar={<Badge status={m.read ? 'default' : 'processing'} />}
                title={
                  <Typography.Text strong={!m.read} data-testid="message-title">
                    {messageTitle(t, m.kind)}
                  </Typography.Text>
                }
                description={
                  <Space direction="vertical" size={0}>
                    {recordLabel(m.record) ? <span data-testid="message-record">{recordLabel(m.record)}</span> : null}
                    {details.map((line) => (
                      <span key={line}>{line}</span>
                    ))}
                    {m.recordType && !m.record ? (
                      <Typography.Text type="secondary">{t('messages.recordUnavailable')}</Typography.Text>
                    ) : null}
                    <Typography.Text type="secondary">
                      <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, locale)}</time>
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          );
        }}
      />
      <ConnectionPager conn={conn} paging={paging} loading={loading} />
    </Card>
  );
}
