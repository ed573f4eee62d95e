import { GlobalOutlined } from '@ant-design/icons';
import { Segmented, Space } from 'antd';
import { useI18n } from '../i18n/useI18n';
import { LOCALES, type Locale } from '../lib/locale';

const LABEL_KEYS = { 'zh-CN': 'language.zh-CN', en: 'language.en' } as const;

/** Language names are written in their own language in both dictionaries, so anyone can find theirs. */
export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Space size={6} className={dark ? 'pc-lang pc-lang--dark' : 'pc-lang'}>
      <GlobalOutlined aria-label={t('topbar.language')} />
      <Segmented<Locale>
        size="small"
        value={locale}
        onChange={setLocale}
        data-testid="language-switch"
        options={LOCALES.map((l) => ({ value: l, label: <span data-testid={`language-${l}`}>{t(LABEL_KEYS[l])}</span> }))}
      />
    </Space>
  );
}
