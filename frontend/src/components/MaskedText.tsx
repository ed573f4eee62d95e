import { EyeInvisibleOutlined, EyeOutlined, LoadingOutlined, LockOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import type { MaskedField } from '../gql/graphql';
import { useI18n } from '../i18n/useI18n';
import { canReveal, denialTipKey, maskDisplay, type MaskRights } from '../lib/masking';
import { useReveal, type RevealItem } from './reveal';

const FIELD_KEYS = {
  NAME: 'mask.field.NAME',
  ACCOUNT_NAME: 'mask.field.ACCOUNT_NAME',
  PHONE: 'mask.field.PHONE',
  EMAIL: 'mask.field.EMAIL',
  TEXT: 'mask.field.TEXT',
} as const;

interface MaskedTextProps {
  id: string;
  field: MaskedField;
  value: string | null | undefined;
  rights: MaskRights;
  testId?: string;
  /** Rendered around the text (e.g. a link); the eye stays outside it. */
  wrap?: (text: string) => React.ReactNode;
  /** Revealed and hidden together with this value, in the same audited call. */
  companions?: RevealItem[];
}

/** One identifier as the policy allows: withheld "—", masked, masked with an eye, or revealed. */
export function MaskedText({ id, field, value, rights, testId, wrap, companions }: MaskedTextProps) {
  const { t } = useI18n();
  const reveal = useReveal();
  const display = maskDisplay(value, field, rights, reveal.get(id, field));
  const fieldLabel = t(FIELD_KEYS[field]);

  if (display.kind === 'withheld') {
    return (
      <Tooltip title={t(denialTipKey(display), { field: fieldLabel })}>
        <span
          data-testid={testId}
          data-mask-state="withheld"
          data-denial-reason={display.reason}
          className="pc-masked pc-masked--withheld"
        >
          <span data-testid="mask-value">{display.text}</span>
        </span>
      </Tooltip>
    );
  }
  if (display.kind === 'plain') {
    return (
      <span data-testid={testId} data-mask-state="plain">
        <span data-testid="mask-value">{wrap ? wrap(display.text) : display.text}</span>
      </span>
    );
  }
  if (display.kind === 'locked') {
    const tip = t(denialTipKey(display), { field: fieldLabel });
    return (
      <span data-testid={testId} data-mask-state="locked" data-denial-reason={display.reason} className="pc-masked">
        <span data-testid="mask-value">{wrap ? wrap(display.text) : display.text}</span>
        <Tooltip title={tip}>
          <LockOutlined className="pc-masked__lock" data-testid="mask-lock" aria-label={tip} />
        </Tooltip>
      </span>
    );
  }
  const pending = reveal.isPending(id, field);
  const shown = display.kind === 'revealed';
  const label = shown ? t('mask.hide', { field: fieldLabel }) : t('mask.show', { field: fieldLabel });
  return (
    <span data-testid={testId} data-mask-state={display.kind} className="pc-masked">
      <span data-testid="mask-value" title={display.text}>
        {wrap ? wrap(display.text) : display.text}
      </span>
      <Tooltip title={label}>
        <Button
          type="text"
          size="small"
          className="pc-eye"
          data-testid="mask-eye"
          aria-label={label}
          aria-pressed={shown}
          disabled={pending}
          icon={pending ? <LoadingOutlined /> : shown ? <EyeOutlined /> : <EyeInvisibleOutlined />}
          onClick={(e) => {
            e.stopPropagation();
            void (companions?.length ? reveal.toggleWith({ id, field }, companions) : reveal.toggle(id, field));
          }}
        />
      </Tooltip>
    </span>
  );
}

interface RevealAllProps {
  field: MaskedField;
  records: ReadonlyArray<{ id: string } & MaskRights>;
  testId?: string;
  /** Shown next to the eye (e.g. a column title). */
  label?: React.ReactNode;
}

/** The "reveal this page" eye of a column header: one mutation for every revealable row shown. */
export function RevealAllToggle({ field, records, testId, label }: RevealAllProps) {
  const { t } = useI18n();
  const reveal = useReveal();
  const items: RevealItem[] = records.filter((r) => canReveal(field, r)).map((r) => ({ id: r.id, field }));
  const fieldLabel = t(FIELD_KEYS[field]);
  if (items.length === 0) return <>{label}</>;
  const shown = reveal.allRevealed(items);
  const pending = items.some((i) => reveal.isPending(i.id, i.field));
  const tip = shown ? t('mask.hidePage', { field: fieldLabel }) : t('mask.showPage', { field: fieldLabel });
  return (
    <span className="pc-masked">
      {label}
      <Tooltip title={tip}>
        <Button
          type="text"
          size="small"
          className="pc-eye"
          data-testid={testId}
          aria-label={tip}
          aria-pressed={shown}
          disabled={pending}
          icon={pending ? <LoadingOutlined /> : shown ? <EyeOutlined /> : <EyeInvisibleOutlined />}
          onClick={(e) => {
            e.stopPropagation();
            void reveal.toggleMany(items);
          }}
        />
      </Tooltip>
    </span>
  );
}
