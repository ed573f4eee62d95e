import { DownOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Form, Modal, Select, Space, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { useReveal } from '../../components/reveal';
import {
  AssignableManagersDocument,
  AssociationRequestCreateDocument,
  CustomerAssignDocument,
  CustomerAssociationStatusDocument,
  type AssociationRequestKind,
  type AssociationType,
} from '../../gql/graphql';
import { useMutation, useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { useSession } from '../../session/context';
import { useUserErrorText } from '../../lib/association';

export interface AssociationTarget {
  id: string;
  associationType: AssociationType;
  isResellerCustomer: boolean;
  manager: { id: string } | null;
}

/** 更多: switch association type and unbind (partner admin), assign the account manager (admin, supervisor). */
export function CustomerAssociationMenu({
  customer,
  onChanged,
  size = 'middle',
}: {
  customer: AssociationTarget;
  onChanged: () => void;
  size?: 'small' | 'middle';
}) {
  const { t } = useI18n();
  const { caps } = useSession();
  const [request, setRequest] = useState<AssociationRequestKind | null>(null);
  const [assigning, setAssigning] = useState(false);
  if (customer.isResellerCustomer) return null;
  const items: MenuProps['items'] = [];
  if (caps.associationAdmin) {
    items.push(
      { key: 'SWITCH_TYPE', label: <span data-testid="menu-switch-type">{t('association.switchType')}</span> },
      { key: 'UNBIND', label: <span data-testid="menu-unbind">{t('association.unbind')}</span>, danger: true },
    );
  }
  if (caps.assignCustomers) {
    items.push({ key: 'ASSIGN', icon: <UserSwitchOutlined />, label: <span data-testid="menu-assign">{t('association.assign')}</span> });
  }
  if (!items.length) return null;
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items,
          onClick: ({ key, domEvent }) => {
            domEvent.stopPropagation();
            if (key === 'ASSIGN') setAssigning(true);
            else setRequest(key as AssociationRequestKind);
          },
        }}
      >
        <Button size={size} data-testid="customer-more" onClick={(e) => e.stopPropagation()}>
          <Space size={4}>
            {t('association.more')}
            <DownOutlined />
          </Space>
        </Button>
      </Dropdown>
      {request && (
        <AssociationRequestDialog
          customer={customer}
          kind={request}
          onClose={() => setRequest(null)}
          onDone={() => {
            setRequest(null);
            onChanged();
          }}
        />
      )}
      {assigning && (
        <CustomerAssignDialog
          customer={customer}
          onClose={() => setAssigning(false)}
          onDone={() => {
            setAssigning(false);
            onChanged();
          }}
        />
      )}
    </>
  );
}

function AssociationRequestDialog({
  customer,
  kind,
  onClose,
  onDone,
}: {
  customer: AssociationTarget;
  kind: AssociationRequestKind;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useUserErrorText();
  const status = useQuery(CustomerAssociationStatusDocument, { customerId: customer.id });
  const [create, { loading }] = useMutation(AssociationRequestCreateDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const s = status.data?.customerAssociationStatus;
  const from = customer.associationType;
  const to: AssociationType = from === 'RESALE' ? 'CONSULTING' : 'RESALE';
  const blockers: string[] = [];
  if (s) {
    if (s.pendingRequest) {
      blockers.push(
        s.pendingRequest.initiator === 'CUSTOMER'
          ? t('association.status.pendingCustomer')
          : t('association.status.pending', {
              kind: t(`association.requestKind.${s.pendingRequest.kind}`),
              date: formatDateTime(s.pendingRequest.expiresAt, locale),
            }),
      );
    } else if (s.nextRequestAllowedAt) {
      blockers.push(t('association.status.tooSoon', { date: formatDateTime(s.nextRequestAllowedAt, locale) }));
    }
    for (const o of s.blockingObligations) blockers.push(t(`association.status.obligation.${o}`));
  }

  const submit = async () => {
    setFailure(null);
    try {
      const res = await create({ input: { customerId: customer.id, kind } });
      const p = res.associationRequestCreate;
      const err = errorText(p.userErrors);
      if (err) {
        const tooSoon = p.userErrors[0].code === 'REQUEST_TOO_SOON' && s?.nextRequestAllowedAt;
        setFailure(tooSoon ? `${err}（${formatDateTime(s.nextRequestAllowedAt, locale)}）` : err);
        status.refetch();
        return;
      }
      message.success(t('association.requested'));
      onDone();
    } catch (e) {
      setFailure(e instanceof GraphQLClientError ? requestErrorMessage(t, e) : t('error.UNKNOWN'));
    }
  };

  return (
    <Modal
      open
      title={t(kind === 'UNBIND' ? 'association.unbind' : 'association.switchType')}
      okText={t('association.submit')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ danger: kind === 'UNBIND', loading, disabled: !s || !s.canRequest, 'data-testid': 'association-request-submit' } as never}
      data-testid="association-request-dialog"
      destroyOnClose
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph data-testid="association-request-text">
          {kind === 'UNBIND'
            ? t('association.unbind.confirm')
            : t('association.switch.confirm', { from: t(`associationType.${from}`), to: t(`associationType.${to}`) })}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('association.rule.window')}</Typography.Text>
        {blockers.map((b) => (
          <Alert key={b} type="warning" showIcon message={b} data-testid="association-blocker" />
        ))}
        {failure && <Alert type="error" showIcon message={failure} data-testid="association-request-error" />}
      </Space>
    </Modal>
  );
}

function CustomerAssignDialog({
  customer,
  onClose,
  onDone,
}: {
  customer: AssociationTarget;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const reveal = useReveal();
  const errorText = useUserErrorText();
  const [form] = Form.useForm<{ managerId: string }>();
  const managers = useQuery(AssignableManagersDocument, {});
  const [assign, { loading }] = useMutation(CustomerAssignDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const options = (managers.data?.assignableManagers ?? []).map((m) => ({
    value: m.id,
    label: `${reveal.get(m.id, 'NAME') ?? m.name}（${t(`role.${m.role}`)}）`,
    disabled: m.id === customer.manager?.id,
  }));
  const submit = async () => {
    const { managerId } = await form.validateFields();
    setFailure(null);
    try {
      const res = await assign({ input: { customerId: customer.id, managerId } });
      const err = errorText(res.customerAssign.userErrors);
      if (err) {
        setFailure(err);
        return;
      }
      message.success(t('association.assign.done'));
      onDone();
    } catch (e) {
      setFailure(e instanceof GraphQLClientError ? requestErrorMessage(t, e) : t('error.UNKNOWN'));
    }
  };
  return (
    <Modal
      open
      title={t('association.assign.title')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ loading, 'data-testid': 'assign-submit' } as never}
      destroyOnClose
    >
      <Typography.Paragraph type="secondary">{t('association.assign.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="managerId"
          label={t('association.assign.manager')}
          rules={[{ required: true, message: t('association.assign.managerRequired') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={managers.loading}
            options={options}
            placeholder={t('common.pleaseSelect')}
            data-testid="assign-manager"
          />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon message={failure} data-testid="assign-error" />}
    </Modal>
  );
}
