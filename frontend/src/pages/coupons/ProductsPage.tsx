import { App, Button, Card, Descriptions, Form, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorResult } from '../../components/ErrorResult';
import { OrderPlaceDocument, ProductsDocument, type CloudService, type Payer, type ProductFieldsFragment } from '../../gql/graphql';
import { useMutation, useQuery } from '../../hooks/useGraphQL';
import { useI18n } from '../../i18n/useI18n';
import { requestErrorMessage } from '../../lib/errors';
import { applyUserErrors } from '../../lib/formErrors';
import { formatMoney } from '../../lib/format';
import { GraphQLClientError } from '../../lib/graphqlClient';
import { useSession } from '../../session/context';
import { CLOUD_SERVICES, key, testId, useMoney } from './couponsUtil';

/** The product catalogue with monthly and hourly prices; a customer user buys from here. */
export function ProductsPage() {
  const { t, locale } = useI18n();
  const { caps } = useSession();
  const money = useMoney();
  const [service, setService] = useState<CloudService | undefined>();
  const { data, error, loading, refetch } = useQuery(ProductsDocument, {
    first: 100,
    filter: { services: service ? [service] : null },
  });
  const [buying, setBuying] = useState<ProductFieldsFragment | null>(null);
  const columns: TableProps<ProductFieldsFragment>['columns'] = [
    {
      key: 'service',
      title: t('coupons.products.service'),
      render: (_: unknown, r) => <Tag bordered={false}>{t(key(`coupons.service.${r.service}`))}</Tag>,
    },
    {
      key: 'name',
      title: t('coupons.products.name'),
      render: (_: unknown, r) => (
        <Space direction="vertical" size={0}>
          <span data-testid="product-name">{locale === 'zh-CN' ? r.name : r.nameEn}</span>
          <Typography.Text type="secondary" code>
            {r.code}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'spec', title: t('coupons.products.spec'), dataIndex: 'spec' },
    {
      key: 'monthly',
      title: t('coupons.products.monthly'),
      align: 'right',
      render: (_: unknown, r) => (
        <span data-testid="product-monthly">
          {t('coupons.products.perMonth', { price: money(r.monthlyPrice) })} / {t(key(`coupons.unit.${r.unit}`))}
        </span>
      ),
    },
    {
      key: 'hourly',
      title: t('coupons.products.hourly'),
      align: 'right',
      render: (_: unknown, r) => t('coupons.products.perHour', { price: money(r.hourlyPrice) }),
    },
    ...(caps.placeOrders
      ? [
          {
            key: 'buy',
            title: t('common.actions'),
            render: (_: unknown, r: ProductFieldsFragment) => (
              <Button type="link" size="small" onClick={() => setBuying(r)} data-testid="product-buy" data-code={r.code}>
                {t('coupons.products.order')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  if (error && !data) return <ErrorResult error={error} onRetry={refetch} />;
  return (
    <div data-testid="products-page">
      <div className="pc-page-head">
        <div>
          <Typography.Title level={4} className="pc-page-title">
            {t('coupons.products.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('coupons.products.subtitle')}</Typography.Text>
        </div>
      </div>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            style={{ width: 240 }}
            placeholder={t('coupons.allProducts')}
            value={service}
            onChange={setService}
            options={CLOUD_SERVICES.map((s) => ({ value: s, label: t(key(`coupons.service.${s}`)) }))}
          />
        </Space>
        <Table
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.products.edges.map((e) => e.node) ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="products-table"
        />
      </Card>
      {buying && <OrderDialog product={buying} onClose={() => setBuying(null)} />}
    </div>
  );
}

interface OrderValues {
  quantity: number;
  months: number;
  payer: Payer;
}

function OrderDialog({ product, onClose }: { product: ProductFieldsFragment; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<OrderValues>();
  const quantity = Form.useWatch('quantity', form) ?? 1;
  const months = Form.useWatch('months', form) ?? 1;
  const [place, { loading }] = useMutation(OrderPlaceDocument);
  const total = (Math.round(Number(product.monthlyPrice.amount) * 100) * quantity * months) / 100;
  const submit = async (v: OrderValues) => {
    try {
      const res = await place({ input: { lines: [{ productId: product.id, quantity: v.quantity, months: v.months }], payer: v.payer } });
      const out = res.orderPlace;
      if (out.userErrors.length) {
        const loose = applyUserErrors(form, out.userErrors, t, locale, ['payer', 'quantity', 'months'], { 'lines.0.quantity': 'quantity', 'lines.0.months': 'months' });
        if (loose.length) message.error(loose[0]);
        return;
      }
      message.success(t('coupons.order.placed'));
      onClose();
      navigate(out.order && v.payer === 'CUSTOMER' ? `/portal/orders?pay=${encodeURIComponent(out.order.id)}` : '/portal/orders');
    } catch (err) {
      message.error(err instanceof GraphQLClientError ? requestErrorMessage(t, err) : t('error.UNKNOWN'));
    }
  };
  return (
    <Modal
      open
      title={t('coupons.order.title', { name: locale === 'zh-CN' ? product.name : product.nameEn })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('coupons.order.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      okButtonProps={testId('order-submit')}
      destroyOnClose
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('coupons.products.spec')}>{product.spec}</Descriptions.Item>
        <Descriptions.Item label={t('coupons.products.monthly')}>
          {t('coupons.products.perMonth', { price: formatMoney(product.monthlyPrice.amount, product.monthlyPrice.currency, locale) })}
        </Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ quantity: 1, months: 1, payer: 'CUSTOMER' }}>
        <Space size={16}>
          <Form.Item name="quantity" label={t('coupons.order.quantity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1000} precision={0} data-testid="order-quantity" />
          </Form.Item>
          <Form.Item name="months" label={t('coupons.order.months')} rules={[{ required: true }]}>
            <InputNumber min={1} max={36} precision={0} data-testid="order-months" />
          </Form.Item>
        </Space>
        <Form.Item name="payer" label={t('coupons.order.payer')}>
          <Radio.Group>
            <Radio value="CUSTOMER">{t('coupons.payer.CUSTOMER')}</Radio>
            <Radio value="PARTNER" data-testid="order-payer-partner">
              {t('coupons.payer.PARTNER')}
            </Radio>
          </Radio.Group>
        </Form.Item>
      </Form>
      <Typography.Text strong>
        {t('coupons.order.total')}:{' '}
        <span data-testid="order-total">{formatMoney(total.toFixed(2), product.monthlyPrice.currency, locale)}</span>
      </Typography.Text>
    </Modal>
  );
}
