import type { ManagedLoginBrandingType } from '@aws-sdk/client-cognito-identity-provider';
import type { ManagedLoginBranding } from '../core/branding/branding.js';
import { enumOf, list, req, str, struct } from './shapes.js';

// The members of the managed login branding operations, with the service model's constraints.
export const ManagedLoginBrandingId = str({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$' });

const Asset = struct({
  Category: req(
    enumOf([
      'FAVICON_ICO', 'FAVICON_SVG', 'EMAIL_GRAPHIC', 'SMS_GRAPHIC', 'AUTH_APP_GRAPHIC', 'PASSWORD_GRAPHIC', 'PASSKEY_GRAPHIC', 'PAGE_HEADER_LOGO',
      'PAGE_HEADER_BACKGROUND', 'PAGE_FOOTER_LOGO', 'PAGE_FOOTER_BACKGROUND', 'PAGE_BACKGROUND', 'FORM_BACKGROUND', 'FORM_LOGO', 'IDP_BUTTON_ICON',
    ]),
  ),
  ColorMode: req(enumOf(['LIGHT', 'DARK', 'DYNAMIC'])),
  Extension: req(enumOf(['ICO', 'JPEG', 'PNG', 'SVG', 'WEBP'])),
  // A blob: base64 on the wire; its 1,000,000-byte bound applies to the decoded bytes, checked in the core.
  Bytes: str(),
  ResourceId: str({ min: 1, max: 40, pattern: '^[\\w\\- ]+$' }),
});
export const Assets = list(Asset, { min: 0, max: 40 });

/** A style on the wire: dates as timestamps; Bytes stay base64, as awsJson carries blobs. */
export function wireBranding(b: ManagedLoginBranding): ManagedLoginBrandingType {
  return { ...b, CreationDate: new Date(b.CreationDate), LastModifiedDate: new Date(b.LastModifiedDate) } as unknown as ManagedLoginBrandingType;
}
