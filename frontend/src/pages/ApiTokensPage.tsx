import { ExclamationCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type ButtonProps,
  type TableProps,
} from 'antd';
import { useState } from 'react';
import { ErrorResult } from '../components/ErrorResult';
import {
  ApiTokenCreateDocument,
  ApiTokenRevokeDocument,
  ApiTokensDocument,
  type ApiTokenFieldsFragment,
  type TokenScope,
} from '../gql/graphql';
import { useMutation, useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { TOKEN_SCOPES } from '../lib/enums';
import { requestErrorMessage, userErrorMessage } from '../lib/errors';
import { applyUserErrors } from '../lib/formErrors';
import { formatDateTime } from '../lib/format';
import { GraphQLClientError } from '../lib/graphqlClient';

const TOKEN_NAME_MAX = 100;

/** data-testid for antd props typed without data attributes (e.g. okButtonProps). */
function testId(id: string): ButtonProps {
  return { 'data-testid': id } as ButtonProps;
}

interface CreateValues {
  name: string;
  scopes: TokenScope[];
  expiresInDays: number;
}

/** How long a new token may live (the server accepts 1 to 365 days; 90 by default). */
const TOKEN_LIFETIMES = [30, 90, 180, 365];

export function ApiTokensPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, refetch } = useQuery(ApiTokensDocument, {});
  const [createOpen, setCreateOpen] = useState(false);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [revoke] = useMutation(ApiTokenRevokeDocument);
  const [revoking, setRevoking] = useState<string | null>(null);

  const onRevoke = async (token: ApiTokenFieldsFragment) => {
    setRevoking(token.id);
    try {
      const res = await revoke({ input: { id: token.id } });
      const errs = res.apiTokenRevoke.userErrors;
      if (errs.length) message.error(userErrorMessage(t, locale, errs[0]));
      else message.success(t('apiTokens.revoked'));
      refetch();
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    } finally {
      setRevoking(null);
    }
  };

  const columns: TableProps<ApiTokenFieldsFragment>['columns'] = [
    { key: 'name', title: t('apiTokens.field.name'), dataIndex: 'name', render: (v: string) => <span data-testid="token-name">{v}</span> },
    {
      key: 'prefix',
      title: t('apiTokens.field.prefix'),
      render: (_: unknown, r) => <Typography.Text code>{`${r.prefix}…`}</Typography.Text>,
    },
    {
      key: 'scopes',
      title: t('apiTokens.field.scopes'),
      render: (_: unknown, r) => (
        <Space size={[0, 4]} wrap>
          {r.scopes.map((s) => (
            <Tag key={s} color="geekblue" bordered={false}>
              {t(`tokenScope.${s}`)}
            </Tag>
          ))}
        </Space>
      ),
    },
    { key: 'createdAt', title: t('apiTokens.field.createdAt'), render: (_: unknown, r) => formatDateTime(r.createdAt, locale) },
    {
      key: 'lastUsedAt',
      title: t('apiTokens.field.lastUsedAt'),
      render: (_: unknown, r) => (r.lastUsedAt ? formatDateTime(r.lastUsedAt, locale) : t('apiTokens.neverUsed')),
    },
    {
      key: 'expiresAt',
      title: t('apiTokens.field.expiresAt'),
      render: (_: unknown, r) => formatDateTime(r.expiresAt, locale),
    },
    {
      key: 'status',
      title: t('apiTokens.field.status'),
      render: (_: unknown, r) =>
        r.revokedAt ? (
          <Tag data-testid="token-status" data-status="revoked">
            {t('apiTokens.status.revoked')}
          </Tag>
        ) : new Date(r.expiresAt).getTime() <= Date.now() ? (
          <Tag color="orange" data-testid="token-status" data-status="expired">
            {t('apiTokens.status.expired')}
          </Tag>
        ) : (
          <Tag color="green" data-testid="token-status" data-status="active">
            {t('apiTokens.status.active')}
          </Tag>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, r) =>
        r.revokedAt ? (
          <Typography.Text type="secondary">{formatDateTime(r.revokedAt, locale)}</Typography.Text>
        ) : (
          <Popconfirm
            title={t('apiTokens.revokeConfirmTitle')}
            description={t('apiTokens.revokeConfirm', { name: r.name })}
            okText={t('apiTokens.revoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, ...testId('token-revoke-confirm') }}
            onConfirm={() => onRevoke(r)}
          >
            <Button type="link" danger size="small" loading={revoking === r.id} data-testid="token-revoke">
              {t('apiTokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;

  return (
    <div data-testid="api-tokens-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('apiTokens.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('apiTokens.subtitle')}</Typography.Text>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="token-create">
          {t('apiTokens.create')}
        </Button>
      </div>
      <Card size="small">
        <Table<ApiTokenFieldsFragment>
          rowKey="id"
          columns={columns}
          dataSource={data?.apiTokens ?? []}
          loading={loading}
          pagination={false}
          locale={{ emptyText: <Empty description={t('apiTokens.empty')} /> }}
          data-testid="tokens-table"
        />
      </Card>
      <CreateTokenModal
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(name, value) => {
          setCreateOpen(false);
          setSecret({ name, value });
          refetch();
        }}
      />
      <Modal
        open={secret !== null}
        title={t('apiTokens.secretTitle')}
        onCancel={() => setSecret(null)}
        maskClosable={false}
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setSecret(null)} data-testid="secret-done">
            {t('apiTokens.secretDone')}
          </Button>
        }
        data-testid="secret-modal"
      >
        <Alert type="warning" showIcon icon={<ExclamationCircleOutlined />} message={t('apiTokens.secretOnce')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph type="secondary">{t('apiTokens.secretFor', { name: secret?.name ?? '' })}</Typography.Paragraph>
        <Typography.Paragraph
          code
          copyable={{ text: secret?.value ?? '', tooltips: [t('common.copy'), t('common.copied')] }}
          className="pc-secret"
          data-testid="token-secret"
        >
          {secret?.value}
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}

function CreateTokenModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (name: string, secret: string) => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<CreateValues>();
  const [create, { loading }] = useMutation(ApiTokenCreateDocument);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async () => {
    setFormError(null);
    let v: CreateValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      const res = await create({
        input: { name: v.name.trim(), scopes: v.scopes, expiresInDays: v.expiresInDays },
      });
      const payload = res.apiTokenCreate;
      if (payload.userErrors.length || !payload.secret) {
        const loose = applyUserErrors(form, payload.userErrors, t, locale, ['name', 'scopes']);
        setFormError(loose[0] ?? (payload.secret ? null : t('error.UNKNOWN')));
        return;
      }
      form.resetFields();
      onCreated(payload.apiToken?.name ?? v.name, payload.secret);
    } catch (err) {
      setFormError(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };

  return (
    <Modal
      open={open}
      title={t('apiTokens.create')}
      onCancel={onClose}
      onOk={submit}
      okText={t('apiTokens.createSubmit')}
      okButtonProps={testId('token-create-submit')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      data-testid="token-create-modal"
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ scopes: ['OPPORTUNITIES_READ'], expiresInDays: 90 }}
      >
        <Form.Item
          name="name"
          label={t('apiTokens.field.name')}
          rules={[
            { required: true, whitespace: true, message: t('apiTokens.nameRequired') },
            { max: TOKEN_NAME_MAX, message: t('validation.maxLength', { max: TOKEN_NAME_MAX }) },
          ]}
        >
          <Input maxLength={TOKEN_NAME_MAX} placeholder={t('apiTokens.namePlaceholder')} data-testid="token-name-input" />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('apiTokens.field.scopes')}
          rules={[{ required: true, type: 'array', min: 1, message: t('apiTokens.scopesRequired') }]}
        >
          <Checkbox.Group
            options={TOKEN_SCOPES.map((s) => ({ value: s, label: t(`tokenScope.${s}`) }))}
            data-testid="token-scopes"
          />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('apiTokens.field.lifetime')} extra={t('apiTokens.lifetimeHint')}>
          <Select
            options={TOKEN_LIFETIMES.map((d) => ({ value: d, label: t('apiTokens.days', { days: d }) }))}
            data-testid="token-lifetime"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
