import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Select, Space, Typography } from 'antd';
import { useI18n } from '../i18n/useI18n';
import { formatCount } from '../lib/format';
import { PAGE_SIZES, type PageSize } from '../hooks/useCursorPaging';

interface Props {
  total: number | undefined;
  page: number;
  size: PageSize;
  hasNext: boolean;
  hasPrevious: boolean;
  loading?: boolean;
  onNext: () => void;
  onPrevious: () => void;
  onSize: (size: PageSize) => void;
  testId?: string;
}

export function CursorPager(props: Props) {
  const { t, locale } = useI18n();
  const pages = props.total !== undefined ? Math.max(1, Math.ceil(props.total / props.size)) : undefined;
  return (
    <div className="pc-pager" data-testid={props.testId ?? 'pager'}>
      <Typography.Text type="secondary" data-testid="pager-total">
        {t('pager.total', { count: formatCount(props.total ?? 0, locale) })}
      </Typography.Text>
      <Space size={8} wrap>
        <Typography.Text type="secondary" data-testid="pager-page">
          {pages !== undefined ? t('pager.pageOf', { page: props.page, pages }) : t('pager.page', { page: props.page })}
        </Typography.Text>
        <Button
          size="small"
          icon={<LeftOutlined />}
          disabled={!props.hasPrevious || props.loading}
          onClick={props.onPrevious}
          data-testid="pager-prev"
        >
          {t('pager.previous')}
        </Button>
        <Button
          size="small"
          disabled={!props.hasNext || props.loading}
          onClick={props.onNext}
          data-testid="pager-next"
        >
          {t('pager.next')}
          <RightOutlined />
        </Button>
        <Select<PageSize>
          size="small"
          value={props.size}
          onChange={props.onSize}
          data-testid="pager-size"
          style={{ width: 110 }}
          options={PAGE_SIZES.map((s) => ({ value: s, label: t('pager.size', { size: s }) }))}
        />
      </Space>
    </div>
  );
}
