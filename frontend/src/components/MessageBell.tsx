import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { UnreadMessageCountDocument } from '../gql/graphql';
import { useQuery } from '../hooks/useGraphQL';
import { useI18n } from '../i18n/useI18n';
import { MESSAGES_CHANGED } from '../lib/messageEvents';

const POLL_MS = 30_000;

/** The header's unread badge: refreshed on navigation, every 30 s, and when messages are marked read. */
export function MessageBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const { data, refetch } = useQuery(UnreadMessageCountDocument, {});
  const count = data?.unreadMessageCount ?? 0;

  useEffect(() => {
    refetch();
  }, [location.pathname, refetch]);

  useEffect(() => {
    const timer = window.setInterval(refetch, POLL_MS);
    window.addEventListener(MESSAGES_CHANGED, refetch);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(MESSAGES_CHANGED, refetch);
    };
  }, [refetch]);

  return (
    <Tooltip title={t('messages.unreadCount', { count })}>
      <Button
        type="text"
        className="pc-header__bell"
        onClick={() => navigate('/messages')}
        data-testid="message-bell"
        data-unread={count}
        aria-label={t('messages.bell')}
      >
        <Badge count={count} size="small" overflowCount={99} data-testid="message-bell-count">
          <BellOutlined style={{ fontSize: 18, color: 'rgba(255,255,255,0.88)' }} />
        </Badge>
      </Button>
    </Tooltip>
  );
}
