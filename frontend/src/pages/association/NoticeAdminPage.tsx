import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { useState } from 'react';
import { ConnectionPager } from '../../components/ConnectionPager';
import { DateCell } from '../../components/DateCell';
import {
  AssociationNoticePublishDocument,
  AssociationNoticesDocument,
  KnowledgeItemCreateDocument,
  KnowledgeItemDeleteDocument,
  KnowledgeItemsDocument,
  type Industry,
  type KnowledgeItemsQuery,
  type KnowledgeKind,
} from '../../gql/graphql';
import { useCursorPaging } from '../../hooks/useCursorPaging';
import { useMutation, useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { INDUSTRIES } from '../../lib/enums';
import { requestErrorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { applyUserErrors } from '../../lib/formErrors';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { KNOWLEDGE_KINDS, useUserErrorText } from '../../lib/association';

/** Vendor PDM: versions of 《客户关联合作伙伴须知》 and the knowledge items recommended by industry. */
export function NoticeAdminPage() {
  const { t } = useI18n();
  return (
    <div data-testid="notice-admin-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('association.noticeAdmin.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('association.noticeAdmin.subtitle')}</Typography.Text>
        </div>
      </div>
      <Card size="small">
        <Tabs
          items={[
            { key: 'notice', label: <span data-testid="tab-notice">{t('association.noticeAdmin.tab.notice')}</span>, children: <NoticeVersions /> },
            {
              key: 'knowledge',
              label: <span data-testid="tab-knowledge-admin">{t('association.noticeAdmin.tab.knowledge')}</span>,
              children: <KnowledgeItems />,
            },
          ]}
        />
      </Card>
    </div>
  );
}

function failText(t: ReturnType<typeof useI18n>['t'], e: unknown) {
  return e instanceof GraphQLClientError ? requestErrorMessage(t, e) : t('error.UNKNOWN');
}

function NoticeVersions() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const paging = useCursorPaging(20);
  const { data, error, loading, refetch } = useQuery(AssociationNoticesDocument, paging.vars);
  const [publish, publishing] = useMutation(AssociationNoticePublishDocument);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ title: string; body: string }>();
  const conn = data?.associationNotices;
  const nodes = conn?.nodes ?? [];
  const latestVersion = nodes.length && paging.page === 1 ? nodes[0].version : null;

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const res = await publish({ input: v });
      const p = res.associationNoticePublish;
      const loose = applyUserErrors(form, p.userErrors, t, locale, ['title', 'body']);
      if (loose.length) message.error(loose[0]);
      if (p.userErrors.length || !p.notice) return;
      message.success(t('association.noticeAdmin.published', { version: p.notice.version }));
      setOpen(false);
      form.resetFields();
      refetch();
    } catch (e) {
      message.error(failText(t, e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Text type="secondary">{t('association.noticeAdmin.publishHint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="notice-publish">
          {t('association.noticeAdmin.publish')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={requestErrorMessage(t, error)} />}
      {nodes.length === 0 && !loading ? (
        <Empty description={t('association.noticeAdmin.empty')} />
      ) : (
        <Collapse
          key={nodes[0]?.id ?? 'none'}
          data-testid="notice-versions"
          defaultActiveKey={nodes.length ? [nodes[0].id] : []}
          items={nodes.map((n) => ({
            key: n.id,
            label: (
              <Space data-testid="notice-version" data-version={n.version}>
                <Tag color={n.version === latestVersion ? 'green' : 'default'}>
                  {t('association.noticeAdmin.version', { version: n.version })}
                </Tag>
                <span>{n.title}</span>
                {n.version === latestVersion && <Tag color="green">{t('association.noticeAdmin.latest')}</Tag>}
                <Typography.Text type="secondary">{formatDateTime(n.publishedAt, locale)}</Typography.Text>
              </Space>
            ),
            children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{n.body}</Typography.Paragraph>,
          }))}
        />
      )}
      <ConnectionPager conn={conn} paging={paging} loading={loading} testId="notice-pager" />
      <Modal
        open={open}
        title={t('association.noticeAdmin.publish')}
        okText={t('association.noticeAdmin.publish')}
        cancelText={t('common.cancel')}
        onOk={submit}
        onCancel={() => setOpen(false)}
        okButtonProps={{ loading: publishing.loading, 'data-testid': 'notice-publish-submit' } as never}
        width={720}
        destroyOnClose
      >
        <Form form={form} layout="vertical" initialValues={{ title: '客户关联合作伙伴须知' }}>
          <Form.Item name="title" label={t('association.noticeAdmin.field.title')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} data-testid="notice-title" />
          </Form.Item>
          <Form.Item name="body" label={t('association.noticeAdmin.field.body')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={10} data-testid="notice-body" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

type KnowledgeRow = KnowledgeItemsQuery['knowledgeItems']['nodes'][number];

interface KnowledgeFormValues {
  kind: KnowledgeKind;
  title: string;
  summary?: string;
  url?: string;
  industries: Industry[];
  tags?: string[];
}

function KnowledgeItems() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useUserErrorText();
  const paging = useCursorPaging(20);
  const { data, error, loading, refetch } = useQuery(KnowledgeItemsDocument, paging.vars);
  const [create, creating] = useMutation(KnowledgeItemCreateDocument);
  const [remove] = useMutation(KnowledgeItemDeleteDocument);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<KnowledgeFormValues>();
  const conn = data?.knowledgeItems;

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const res = await create({
        input: { kind: v.kind, title: v.title, summary: v.summary ?? '', url: v.url ?? '', industries: v.industries, tags: v.tags ?? [] },
      });
      const p = res.knowledgeItemCreate;
      const loose = applyUserErrors(form, p.userErrors, t, locale, ['kind', 'title', 'summary', 'url', 'industries']);
      if (loose.length) message.error(loose[0]);
      if (p.userErrors.length) return;
      message.success(t('association.knowledgeAdmin.created'));
      setOpen(false);
      form.resetFields();
      refetch();
    } catch (e) {
      message.error(failText(t, e));
    }
  };
  const onDelete = async (id: string) => {
    try {
      const res = await remove({ input: { id } });
      const err = errorText(res.knowledgeItemDelete.userErrors);
      if (err) message.error(err);
      else {
        message.success(t('association.knowledgeAdmin.deleted'));
        refetch();
      }
    } catch (e) {
      message.error(failText(t, e));
    }
  };

  const columns: TableProps<KnowledgeRow>['columns'] = [
    {
      key: 'kind',
      title: t('association.knowledgeAdmin.field.kind'),
      width: 110,
      render: (_: unknown, r) => <Tag color="geekblue">{t(`association.knowledgeKind.${r.kind}`)}</Tag>,
    },
    {
      key: 'title',
      title: t('association.knowledgeAdmin.field.title'),
      width: 240,
      render: (_: unknown, r) =>
        r.url ? (
          <a href={r.url} target="_blank" rel="noreferrer noopener">
            {r.title}
          </a>
        ) : (
          r.title
        ),
    },
    { key: 'summary', title: t('association.knowledgeAdmin.field.summary'), dataIndex: 'summary', ellipsis: true },
    {
      key: 'industries',
      title: t('association.knowledgeAdmin.field.industries'),
      width: 220,
      render: (_: unknown, r) => (
        <Space size={[0, 4]} wrap>
          {r.industries.map((i) => (
            <Tag key={i} bordered={false}>
              {t(`industry.${i}`)}
            </Tag>
          ))}
        </Space>
      ),
    },
    { key: 'createdAt', title: t('association.knowledgeAdmin.field.createdAt'), width: 110, render: (_: unknown, r) => <DateCell iso={r.createdAt} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 90,
      render: (_: unknown, r) => (
        <Popconfirm
          title={t('association.knowledgeAdmin.deleteConfirm')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => onDelete(r.id)}
        >
          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('association.knowledgeAdmin.delete')} />
        </Popconfirm>
      ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="knowledge-create">
          {t('association.knowledgeAdmin.create')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={requestErrorMessage(t, error)} />}
      <Table<KnowledgeRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={conn?.nodes ?? []}
        loading={loading}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 960 }}
        locale={{ emptyText: <Empty description={t('association.knowledgeAdmin.empty')} /> }}
        data-testid="knowledge-table"
      />
      <ConnectionPager conn={conn} paging={paging} loading={loading} testId="knowledge-pager" />
      <Modal
        open={open}
        title={t('association.knowledgeAdmin.create')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={submit}
        onCancel={() => setOpen(false)}
        okButtonProps={{ loading: creating.loading, 'data-testid': 'knowledge-create-submit' } as never}
        destroyOnClose
      >
        <Form form={form} layout="vertical" initialValues={{ kind: 'PRODUCT' }}>
          <Form.Item name="kind" label={t('association.knowledgeAdmin.field.kind')} rules={[{ required: true }]}>
            <Select options={KNOWLEDGE_KINDS.map((k) => ({ value: k, label: t(`association.knowledgeKind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="title" label={t('association.knowledgeAdmin.field.title')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} data-testid="knowledge-title" />
          </Form.Item>
          <Form.Item name="summary" label={t('association.knowledgeAdmin.field.summary')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="url" label={t('association.knowledgeAdmin.field.url')}>
            <Input placeholder="https://" maxLength={500} />
          </Form.Item>
          <Form.Item name="industries" label={t('association.knowledgeAdmin.field.industries')} rules={[{ required: true }]}>
            <Select mode="multiple" options={INDUSTRIES.map((i) => ({ value: i, label: t(`industry.${i}`) }))} data-testid="knowledge-industries" />
          </Form.Item>
          <Form.Item name="tags" label={t('association.knowledgeAdmin.field.tags')}>
            <Select mode="tags" open={false} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
