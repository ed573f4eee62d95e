import { InfoCircleOutlined } from '@ant-design/icons';
import { Button, Empty, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import type { CustomerSearch } from '../hooks/useCustomerSearch';
import { useI18n } from '../i18n/useI18n';
import { optionRecords } from '../lib/customerSearch';
import { useReveal } from './reveal';

interface CustomerSelectProps {
  search: CustomerSearch;
  /** Set by Form.Item. */
  value?: string | string[] | null;
  onChange?: (value: string | string[] | undefined) => void;
  multiple?: boolean;
  placeholder?: string;
  emptyText?: string;
  testId?: string;
  allowClear?: boolean;
}

const NEAR_BOTTOM_PX = 24;

/**
 * A customer picker that scales: it searches on the server by (part of) the clear name as the
 * user types (the options show masked names, so nothing is filtered in the browser) and loads
 * more on scroll. Roles that may not search by name page through the list, with a hint.
 */
export function CustomerSelect({
  search,
  value,
  onChange,
  multiple = false,
  placeholder,
  emptyText,
  testId,
  allowClear = false,
}: CustomerSelectProps) {
  const { t } = useI18n();
  const reveal = useReveal();
  const selected = useMemo(() => (value == null ? [] : Array.isArray(value) ? value : [value]), [value]);
  const { ensureKnown, setTerm, loadMore, state } = search;

  useEffect(() => {
    ensureKnown(selected);
  }, [selected, ensureKnown]);

  const records = optionRecords(state, selected);
  const options = records.map((c) => ({ value: c.id, label: reveal.get(c.id, 'NAME') ?? c.name }));
  const byId = new Map(records.map((c) => [c.id, c]));
  const busy = search.loading && search.state.results.length === 0;

  const footer = (
    <>
      {!search.searchable && (
        <div className="pc-picker-hint" data-testid="customer-search-hint">
          <InfoCircleOutlined /> {t('customerPicker.noSearchHint')}
        </div>
      )}
      {state.hasNext && (
        <div className="pc-picker-more">
          <Button
            type="link"
            size="small"
            loading={search.loadingMore}
            onMouseDown={(e) => e.preventDefault()}
            onClick={loadMore}
            data-testid="customer-load-more"
          >
            {t('customerPicker.loadMore', { shown: state.results.length })}
          </Button>
        </div>
      )}
      {search.error && (
        <Typography.Text type="danger" className="pc-picker-hint" data-testid="customer-picker-error">
          {t('customerPicker.error')}
        </Typography.Text>
      )}
    </>
  );

  return (
    <Select<string | string[]>
      mode={multiple ? 'multiple' : undefined}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      allowClear={allowClear}
      maxTagCount={multiple ? 'responsive' : undefined}
      showSearch={search.searchable}
      filterOption={false}
      onSearch={setTerm}
      onSelect={() => setTerm('')}
      onOpenChange={(open) => {
        if (!open) setTerm('');
      }}
      loading={search.loading}
      placeholder={placeholder}
      options={options}
      // Pages of 20 are appended on demand: a plain list keeps every loaded option in the DOM.
      virtual={false}
      onPopupScroll={(e) => {
        const el = e.currentTarget;
        if (el.scrollTop + el.clientHeight >= el.scrollHeight - NEAR_BOTTOM_PX) loadMore();
      }}
      optionRender={(o) => {
        const c = byId.get(String(o.value));
        return (
          <Space size={8} data-testid="customer-option" data-customer-id={String(o.value)} className="pc-customer-option">
            <span className="pc-customer-option__name">{o.label}</span>
            {c && (
              <Typography.Text type="secondary" className="pc-customer-option__meta">
                {t(`industry.${c.industry}`)}
                {c.region ? ` · ${c.region}` : ''}
              </Typography.Text>
            )}
          </Space>
        );
      }}
      popupRender={(menu) => (
        <>
          {menu}
          {footer}
        </>
      )}
      notFoundContent={
        busy ? (
          <Spin size="small" />
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={search.state.query ? t('customerPicker.noMatch') : (emptyText ?? t('customerPicker.none'))}
          />
        )
      }
      data-testid={testId}
      data-name-search={search.searchable ? 'on' : 'off'}
    />
  );
}
