import type { FormInstance } from 'antd';
import type { MessageKey, MessageParams } from '../i18n/messages';
import { userErrorMessage, type UserErrorLike } from './errors';
import type { Locale } from './locale';

/**
 * Puts each userError next to its form field (API field names are the input's camelCase names;
 * `aliases` maps them to the form's names). Returns the messages that belong to no field.
 */
export function applyUserErrors<V>(
  form: FormInstance<V>,
  errors: readonly UserErrorLike[],
  t: (key: MessageKey, params?: MessageParams) => string,
  locale: Locale,
  fields: readonly string[],
  aliases: Record<string, string> = {},
): string[] {
  const loose: string[] = [];
  const byField = new Map<string, string[]>();
  for (const err of errors) {
    const text = userErrorMessage(t, locale, err);
    const raw = (err.field ?? '').replace(/^input\./, '');
    const head = raw.split('.')[0];
    const name = aliases[raw] ?? aliases[head] ?? head;
    if (name && fields.includes(name)) byField.set(name, [...(byField.get(name) ?? []), text]);
    else loose.push(text);
  }
  form.setFields([...byField].map(([name, errs]) => ({ name: name as never, errors: errs })));
  return loose;
}
