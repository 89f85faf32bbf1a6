/**
 * Just enough HTML reading for the hosted sign-in pages: their forms (name, action, inputs with
 * values, radio and select choices), the text of an element with class `error`, and a `data-secret`.
 * The pages follow a fixed contract (docs/token-client.md), so a full HTML parser is not needed.
 */

export interface FormField {
  name: string;
  type: string;
  value: string;
  checked: boolean;
}

export interface HtmlForm {
  name: string;
  action?: string;
  method: string;
  fields: FormField[];
  /** Values offered for a field by radio buttons, select options or submit buttons. */
  choices(name: string): string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** The attributes of a start tag's inside (`input name="a" value='b' checked`). */
export function attributesOf(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const m of tag.matchAll(re)) attrs[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  return attrs;
}

const withoutComments = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/<script\b[\s\S]*?<\/script>/gi, '');

export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of withoutComments(html).matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributesOf(m[1]!);
    const body = m[2]!;
    const fields: FormField[] = [];
    const options = new Map<string, string[]>();
    const offer = (name: string, value: string) => options.set(name, [...(options.get(name) ?? []), value]);
    for (const tag of body.matchAll(/<(input|button|textarea|select)\b([^>]*)>([\s\S]*?<\/select>)?/gi)) {
      const kind = tag[1]!.toLowerCase();
      const a = attributesOf(tag[2]!);
      if (!a.name) continue;
      if (kind === 'select') {
        const values = [...(tag[3] ?? '').matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((o) => {
          const oa = attributesOf(o[1]!);
          return { value: oa.value ?? decodeEntities(o[2]!.trim()), selected: 'selected' in oa };
        });
        for (const v of values) offer(a.name, v.value);
        fields.push({ name: a.name, type: 'select', value: (values.find((v) => v.selected) ?? values[0])?.value ?? '', checked: true });
        continue;
      }
      const type = (a.type ?? (kind === 'button' ? 'submit' : 'text')).toLowerCase();
      if (type === 'radio' || type === 'submit') offer(a.name, a.value ?? '');
      fields.push({ name: a.name, type, value: a.value ?? '', checked: 'checked' in a });
    }
    forms.push({
      name: attrs.name ?? attrs.id ?? '',
      action: attrs.action,
      method: (attrs.method ?? 'get').toLowerCase(),
      fields,
      choices: (name) => options.get(name) ?? [],
    });
  }
  return forms;
}

/** The text of the first element whose class list contains `error` and that has text. */
export function errorText(html: string): string | undefined {
  const source = withoutComments(html);
  for (const m of source.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
    const cls = attributesOf(m[2]!).class;
    if (!cls || !cls.split(/\s+/).includes('error')) continue;
    const rest = source.slice(m.index! + m[0].length);
    const end = rest.search(new RegExp(`</${m[1]}\\s*>`, 'i'));
    const text = decodeEntities((end >= 0 ? rest.slice(0, end) : rest).replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
    if (text) return text;
  }
  return undefined;
}

/** The value of the first `data-secret` attribute (the MFA set-up page's TOTP secret). */
export function dataSecret(html: string): string | undefined {
  const m = /\bdata-secret\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(html);
  return m ? decodeEntities(m[1] ?? m[2] ?? '') : undefined;
}

/** The form's successful controls (hidden values and the like), as a browser would submit them. */
export function formValues(form: HtmlForm): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of form.fields) {
    if (f.type === 'submit' || f.type === 'button' || f.type === 'reset' || f.type === 'image' || f.type === 'file') continue;
    if ((f.type === 'radio' || f.type === 'checkbox') && !f.checked) continue;
    if (!(f.name in values)) values[f.name] = f.value;
  }
  return values;
}
