import { Button, Result, Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { ErrorResult, ForbiddenResult } from './components/ErrorResult';
import { useI18n } from './i18n/useI18n';
import { AppLayout } from './layout/AppLayout';
import type { Capabilities } from './lib/roles';
import { ApiTokensPage } from './pages/ApiTokensPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { AssociationLogPage } from './pages/association/AssociationLogPage';
import { AssociationRequestRedirect } from './pages/association/AssociationRequestRedirect';
import { CustomerPortalPage } from './pages/association/CustomerPortalPage';
import { NoticeAdminPage } from './pages/association/NoticeAdminPage';
import { CustomerDetailPage } from './pages/CustomerDetailPage';
import { CustomersPage } from './pages/CustomersPage';
import { FundsSecurityPage } from './pages/FundsSecurityPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { MessagesPage } from './pages/MessagesPage';
import { OpportunitiesPage } from './pages/OpportunitiesPage';
import { OpportunityCreatePage } from './pages/OpportunityCreatePage';
import { OpportunityDetailPage } from './pages/OpportunityDetailPage';
import { OpportunityEditPage } from './pages/OpportunityEditPage';
import { HoDetailPage } from './pages/sharing/HoDetailPage';
import { PcePlanPage } from './pages/sharing/PcePlanPage';
import { SharingPage } from './pages/sharing/SharingPage';
import { VendorFundsPage } from './pages/VendorFundsPage';
import { WarningDetailPage } from './pages/WarningDetailPage';
import { WarningsPage } from './pages/WarningsPage';
import { CouponOperationsPage } from './pages/coupons/CouponOperationsPage';
import { CouponQuotasPage } from './pages/coupons/CouponQuotasPage';
import { IssuedCouponsPage } from './pages/coupons/IssuedCouponsPage';
import { MyCouponsPage } from './pages/coupons/MyCouponsPage';
import { OrdersPage } from './pages/coupons/OrdersPage';
import { ProductsPage } from './pages/coupons/ProductsPage';
import { useAuth, useSession } from './session/context';

function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div className="pc-fullpage" data-testid="app-loading">
      <Spin size="large" tip={t('common.loading')}>
        <div style={{ width: 120, height: 80 }} />
      </Spin>
    </div>
  );
}

// The funds page brings recharts: its own chunk, loaded when first opened.
const FundsPage = lazy(() => import('./pages/FundsPage').then((m) => ({ default: m.FundsPage })));

function RequireSession({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.loading) return <FullPageSpin />;
  if (!auth.viewer && auth.loadError) {
    return (
      <div className="pc-fullpage">
        <ErrorResult error={auth.loadError} onRetry={auth.reload} />
      </div>
    );
  }
  if (!auth.viewer) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function RequireCap({ cap, children }: { cap: keyof Capabilities; children: ReactNode }) {
  const { caps } = useSession();
  return caps[cap] ? <>{children}</> : <ForbiddenResult />;
}

function HomeRedirect() {
  const { caps } = useSession();
  if (caps.home) return <Navigate to="/home" replace />;
  if (caps.opportunities) return <Navigate to="/opportunities" replace />;
  if (caps.customers) return <Navigate to="/customers" replace />;
  if (caps.apiTokens) return <Navigate to="/integrations/api-tokens" replace />;
  if (caps.placeOrders) return <Navigate to="/portal/coupons" replace />;
  if (caps.couponQuotas) return <Navigate to="/coupons/quotas" replace />;
  if (caps.customerPortal) return <Navigate to="/portal" replace />;
  if (caps.messages) return <Navigate to="/messages" replace />;
  return <ForbiddenResult />;
}

function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('result.notFoundTitle')}
      subTitle={<span data-testid="not-found">{t('result.pageNotFound')}</span>}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

function LoginRoute() {
  const auth = useAuth();
  if (auth.loading) return <FullPageSpin />;
  return <LoginPage />;
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginRoute />} />
        <Route
          element={
            <RequireSession>
              <AppLayout />
            </RequireSession>
          }
        >
          <Route index element={<HomeRedirect />} />
          <Route path="customers" element={<RequireCap cap="customers"><CustomersPage /></RequireCap>} />
          <Route path="customers/:id" element={<RequireCap cap="customers"><CustomerDetailPage /></RequireCap>} />
          <Route path="association-log" element={<RequireCap cap="associationLog"><AssociationLogPage /></RequireCap>} />
          <Route path="vendor/association-notice" element={<RequireCap cap="noticeAdmin"><NoticeAdminPage /></RequireCap>} />
          <Route path="portal" element={<RequireCap cap="customerPortal"><CustomerPortalPage /></RequireCap>} />
          <Route path="association-requests/:id" element={<AssociationRequestRedirect />} />
          <Route path="opportunities" element={<RequireCap cap="opportunities"><OpportunitiesPage /></RequireCap>} />
          <Route
            path="opportunities/new"
            element={<RequireCap cap="createOpportunity"><OpportunityCreatePage /></RequireCap>}
          />
          <Route path="opportunities/:id" element={<RequireCap cap="opportunities"><OpportunityDetailPage /></RequireCap>} />
          <Route
            path="opportunities/:id/edit"
            element={<RequireCap cap="opportunities"><OpportunityEditPage /></RequireCap>}
          />
          <Route path="home" element={<RequireCap cap="home"><HomePage /></RequireCap>} />
          <Route path="warnings" element={<RequireCap cap="warnings"><WarningsPage /></RequireCap>} />
          <Route path="warnings/:id" element={<RequireCap cap="warnings"><WarningDetailPage /></RequireCap>} />
          <Route path="sharing" element={<RequireCap cap="sharingPo"><SharingPage /></RequireCap>} />
          <Route path="sharing/ho/:id" element={<RequireCap cap="sharingHo"><HoDetailPage /></RequireCap>} />
          <Route path="sharing/pce" element={<RequireCap cap="pcePlan"><PcePlanPage /></RequireCap>} />
          <Route path="messages" element={<RequireCap cap="messages"><MessagesPage /></RequireCap>} />
          <Route path="audit" element={<RequireCap cap="auditLog"><AuditLogPage /></RequireCap>} />
          <Route path="integrations/api-tokens" element={<RequireCap cap="apiTokens"><ApiTokensPage /></RequireCap>} />
          <Route
            path="funds"
            element={<RequireCap cap="funds"><Suspense fallback={<FullPageSpin />}><FundsPage /></Suspense></RequireCap>}
          />
          <Route path="funds/security" element={<RequireCap cap="funds"><FundsSecurityPage /></RequireCap>} />
          <Route path="funds/partners" element={<RequireCap cap="vendorFunds"><VendorFundsPage /></RequireCap>} />
          {/* coupons and orders */}
          <Route path="coupons/quotas" element={<RequireCap cap="couponQuotas"><CouponQuotasPage /></RequireCap>} />
          <Route path="coupons/issued" element={<RequireCap cap="issuedCoupons"><IssuedCouponsPage /></RequireCap>} />
          <Route path="coupons/operations" element={<RequireCap cap="couponQuotas"><CouponOperationsPage /></RequireCap>} />
          <Route path="coupons/orders" element={<RequireCap cap="partnerOrders"><OrdersPage /></RequireCap>} />
          <Route path="products" element={<RequireCap cap="products"><ProductsPage /></RequireCap>} />
          <Route path="portal/coupons" element={<RequireCap cap="placeOrders"><MyCouponsPage /></RequireCap>} />
          <Route path="portal/orders" element={<RequireCap cap="placeOrders"><OrdersPage /></RequireCap>} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
