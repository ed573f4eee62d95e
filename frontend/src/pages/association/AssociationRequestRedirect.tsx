import { Navigate } from 'react-router';
import { ForbiddenResult } from '../../components/ErrorResult';
import { useSession } from '../../session/context';

/**
 * A message's link to a switch/unbind request: the customer user answers it in the portal, the
 * partner side finds it in the association log (the admin on the unbind requests tab).
 */
export function AssociationRequestRedirect() {
  const { caps } = useSession();
  if (caps.customerPortal) return <Navigate to="/portal" replace />;
  if (caps.associationAdmin) return <Navigate to="/association-log?tab=unbind" replace />;
  if (caps.associationLog) return <Navigate to="/association-log" replace />;
  return <ForbiddenResult />;
}
