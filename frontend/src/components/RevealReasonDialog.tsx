import { Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import type { RevealReason } from '../gql/graphql';
import { useI18n } from '../i18n/useI18n';
import { type GivenReason, REVEAL_REASONS } from '../lib/revealReason';

/** 查看明文的原因: a short list and free text (required with 其他). Mounted while asking, so it starts empty. */
export function RevealReasonDialog({
  open,
  onOk,
  onCancel,
}: {
  open: boolean;
  onOk: (given: GivenReason) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState<RevealReason | undefined>(undefined);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const textMissing = reason === 'OTHER' && text.trim() === '';
  const submit = () => {
    setTried(true);
    if (!reason || textMissing) return;
    onOk({ reason, reasonText: text.trim() });
  };
  return (
    <Modal
      open={open}
      title={t('reveal.reason.title')}
      okText={t('reveal.reason.ok')}
      onOk={submit}
      onCancel={onCancel}
      destroyOnHidden
      data-testid="reveal-reason-dialog"
    >
      <Typography.Paragraph type="secondary">{t('reveal.reason.hint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('reveal.reason.select')} required validateStatus={tried && !reason ? 'error' : undefined}>
          <Select<RevealReason>
            value={reason}
            onChange={setReason}
            options={REVEAL_REASONS.map((r) => ({ value: r, label: t(`audit.reason.${r}`) }))}
            data-testid="reveal-reason-select"
          />
        </Form.Item>
        <Form.Item
          label={t('reveal.reason.text')}
          required={reason === 'OTHER'}
          validateStatus={tried && textMissing ? 'error' : undefined}
          help={tried && textMissing ? t('reveal.reason.textRequired') : undefined}
        >
          <Input.TextArea
            value={text}
            maxLength={500}
            rows={2}
            onChange={(e) => setText(e.target.value)}
            data-testid="reveal-reason-text"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
