import { AccountBookOutlined, AlertOutlined, ApiOutlined, BankOutlined, BellOutlined, CustomerServiceOutlined, DashboardOutlined, FileProtectOutlined, FundOutlined, GiftOutlined, HistoryOutlined, LinkOutlined, LogoutOutlined, SafetyCertificateOutlined, ShareAltOutlined, ShoppingOutlined, TeamOutlined, UserOutlined, WalletOutlined, AuditOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import { useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { MessageBell } from '../components/MessageBell';
import { useI18n } from '../i18n/useI18n';
import { useSession } from '../session/context';

const { Header, Sider, Content } = Layout;

type MenuItem = Required<MenuProps>['items'][number];

export function AppLayout() {
  const { t } = useI18n();
  const { viewer, caps, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  const items = useMemo<MenuItem[]>(() => {
    const sales: MenuItem[] = [];
    if (caps.customers)
      sales.push({ key: '/customers', icon: <TeamOutlined />, label: <span data-testid="menu-customers">{t('menu.customers')}</span> });
    if (caps.opportunities)
      sales.push({
        key: '/opportunities',
        icon: <FundOutlined />,
        label: <span data-testid="menu-opportunities">{t('menu.opportunities')}</span>,
      });
    if (caps.warnings)
      sales.push({ key: '/warnings', icon: <AlertOutlined />, label: <span data-testid="menu-warnings">{t('warnings.menu')}</span> });
    if (caps.sharingPo)
      sales.push({ key: '/sharing', icon: <ShareAltOutlined />, label: <span data-testid="menu-sharing">{t('sharing.menu')}</span> });
    if (caps.pcePlan)
      sales.push({ key: '/sharing/pce', icon: <SafetyCertificateOutlined />, label: <span data-testid="menu-pce">{t('sharing.menu.pce')}</span> });
    // Customer association
    if (caps.associationLog)
      sales.push({ key: '/association-log', icon: <HistoryOutlined />, label: <span data-testid="menu-association-log">{t('association.menu.log')}</span> });
    if (caps.noticeAdmin)
      sales.push({ key: '/vendor/association-notice', icon: <FileProtectOutlined />, label: <span data-testid="menu-notice-admin">{t('association.menu.notice')}</span> });
    if (caps.customerPortal)
      sales.push({ key: '/portal', icon: <LinkOutlined />, label: <span data-testid="menu-portal">{t('association.menu.portal')}</span> });
    const billing: MenuItem[] = [];
    if (caps.funds)
      billing.push({ key: '/funds', icon: <WalletOutlined />, label: <span data-testid="menu-funds">{t('funds.menu.account')}</span> });
    if (caps.vendorFunds)
      billing.push({
        key: '/funds/partners',
        icon: <WalletOutlined />,
        label: <span data-testid="menu-vendor-funds">{t('funds.menu.partnerAccounts')}</span>,
      });
    const support: MenuItem[] = [];
    if (caps.apiTokens)
      support.push({ key: '/integrations/api-tokens', icon: <ApiOutlined />, label: <span data-testid="menu-api-tokens">{t('menu.apiTokens')}</span> });
    const coupons: MenuItem[] = [];
    if (caps.couponQuotas)
      coupons.push({ key: '/coupons/quotas', label: <span data-testid="menu-coupon-quotas">{t('coupons.menu.quotas')}</span> });
    if (caps.issuedCoupons)
      coupons.push({ key: '/coupons/issued', label: <span data-testid="menu-issued-coupons">{t('coupons.menu.issued')}</span> });
    if (caps.couponQuotas)
      coupons.push({ key: '/coupons/operations', label: <span data-testid="menu-coupon-operations">{t('coupons.menu.operations')}</span> });
    if (caps.partnerOrders)
      coupons.push({ key: '/coupons/orders', label: <span data-testid="menu-partner-orders">{t('coupons.menu.partnerOrders')}</span> });
    if (caps.couponQuotas) coupons.push({ key: '/products', label: <span data-testid="menu-products">{t('coupons.menu.products')}</span> });
    const costs: MenuItem[] = [];
    if (caps.placeOrders) {
      costs.push({ key: '/portal/coupons', label: <span data-testid="menu-my-coupons">{t('coupons.menu.myCoupons')}</span> });
      costs.push({ key: '/portal/orders', label: <span data-testid="menu-my-orders">{t('coupons.menu.orders')}</span> });
      costs.push({ key: '/products', label: <span data-testid="menu-products">{t('coupons.menu.products')}</span> });
    }
    const out: MenuItem[] = [];
    if (caps.home)
      out.push({ key: '/home', icon: <DashboardOutlined />, label: <span data-testid="menu-home">{t('warnings.menu.home')}</span> });
    if (sales.length) out.push({ key: 'sales', icon: <ShoppingOutlined />, label: t('menu.sales'), children: sales });
    if (billing.length)
      out.push({ key: 'billing', icon: <AccountBookOutlined />, label: t('funds.menu.billing'), children: billing });
    if (coupons.length) out.push({ key: 'coupons', icon: <GiftOutlined />, label: t('coupons.menu.group'), children: coupons });
    if (costs.length) out.push({ key: 'costs', icon: <WalletOutlined />, label: t('coupons.menu.costs'), children: costs });
    if (support.length)
      out.push({ key: 'support', icon: <CustomerServiceOutlined />, label: t('menu.support'), children: support });
    if (caps.messages)
      out.push({ key: '/messages', icon: <BellOutlined />, label: <span data-testid="menu-messages">{t('menu.messages')}</span> });
    if (caps.auditLog)
      out.push({
        key: '/audit',
        icon: <AuditOutlined />,
        label: <span data-testid="menu-audit">{t(caps.auditLogOthers ? 'audit.menu.log' : 'audit.menu.mine')}</span>,
      });
    return out;
  }, [caps, t]);

  const selected = [
    '/home',
    '/customers',
    '/opportunities',
    '/warnings',
    '/sharing/pce',
    '/sharing',
    '/integrations/api-tokens',
    '/messages',
    '/audit',
    '/funds/partners',
    '/funds',
    '/coupons/quotas',
    '/coupons/issued',
    '/coupons/operations',
    '/coupons/orders',
    '/products',
    '/portal/coupons',
    '/portal/orders',
    '/association-log',
    '/vendor/association-notice',
    '/portal',
  ].find((k) => location.pathname.startsWith(k));

  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      setSigningOut(false);
      navigate('/login', { replace: true });
    }
  };

  return (
    <Layout className="pc-shell">
      <Header className="pc-header">
        <div className="pc-header__brand" onClick={() => navigate('/')} role="link" tabIndex={0}>
          <div className="pc-logo" aria-hidden>
            P
          </div>
          <span className="pc-header__title">{t('app.name')}</span>
        </div>
        <Space size={16} className="pc-header__right" wrap={false}>
          <Tooltip title={t('topbar.organization')}>
            <Space size={6} className="pc-header__item" data-testid="topbar-org">
              <BankOutlined />
              <span>{viewer.organization.name}</span>
            </Space>
          </Tooltip>
          <Space size={6} className="pc-header__item">
            <UserOutlined />
            <span data-testid="topbar-user" data-user-id={viewer.user?.id ?? ''}>
              {viewer.user?.name ?? t('topbar.apiClient')}
            </span>
            <Tag color="blue" bordered={false} data-testid="topbar-role" data-role={viewer.role}>
              {t(`role.${viewer.role}`)}
            </Tag>
          </Space>
          {caps.messages ? <MessageBell /> : null}
          <LanguageSwitch dark />
          <Button
            type="text"
            className="pc-header__logout"
            icon={<LogoutOutlined />}
            loading={signingOut}
            onClick={onSignOut}
            data-testid="logout"
          >
            {t('topbar.logout')}
          </Button>
        </Space>
      </Header>
      <Layout>
        <Sider
          width={200}
          theme="light"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          className="pc-sider"
          data-testid="side-menu"
        >
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            defaultOpenKeys={['sales', 'billing', 'support', 'coupons', 'costs']}
            items={items}
            onClick={({ key }) => navigate(key)}
          />
        </Sider>
        <Content className="pc-content">
          <Outlet />
          <Typography.Paragraph type="secondary" className="pc-footer">
            {t('app.footer')}
          </Typography.Paragraph>
        </Content>
      </Layout>
    </Layout>
  );
}
