import { createHash } from 'node:crypto';

/**
 * The hosted pages' one stylesheet, served from this server (`<base>/ui/hosted.css`), so the pages
 * need no inline styles and no third-party resources. The `*-customizable` class names are the ones
 * Cognito's classic hosted UI lets SetUICustomization style; a pool's CSS overrides these rules.
 */
export const HOSTED_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 16px; }
body {
  margin: 0; min-height: 100vh; display: flex; align-items: flex-start; justify-content: center;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1f2933; background: #eef1f5; line-height: 1.45;
}
.background-customizable { background: #eef1f5; }
main.modal-content {
  width: 100%; max-width: 400px; margin: 48px 16px; background: #fff; border-radius: 8px;
  box-shadow: 0 1px 3px rgba(16, 24, 40, .12), 0 8px 24px rgba(16, 24, 40, .08); overflow: hidden;
}
.banner-customizable { padding: 20px 24px 4px; text-align: center; background: #fff; }
.logo-customizable { max-width: 60%; max-height: 96px; display: inline-block; }
.pool-name { margin: 4px 0 0; font-size: .95rem; font-weight: 600; color: #52606d; letter-spacing: .02em; }
.modal-body { padding: 12px 28px 28px; }
h1 { font-size: 1.35rem; margin: 8px 0 16px; font-weight: 600; }
.textDescription-customizable { margin: 0 0 16px; color: #52606d; font-size: .95rem; }
form { margin: 0; }
.field { margin-bottom: 14px; }
.label-customizable { display: block; margin-bottom: 6px; font-size: .9rem; font-weight: 600; color: #323f4b; }
.inputField-customizable {
  display: block; width: 100%; padding: 9px 11px; font: inherit; color: inherit;
  border: 1px solid #cbd2d9; border-radius: 6px; background: #fff;
}
.inputField-customizable:focus { outline: 2px solid #2563eb; outline-offset: 1px; border-color: #2563eb; }
.choice { display: flex; align-items: center; gap: 8px; margin: 8px 0; font-size: .95rem; }
.submitButton-customizable {
  display: block; width: 100%; margin-top: 18px; padding: 10px 14px; font: inherit; font-weight: 600;
  color: #fff; background: #2563eb; border: 0; border-radius: 6px; cursor: pointer;
}
.submitButton-customizable:hover { background: #1d4ed8; }
a.idpButton-customizable { display: block; text-align: center; text-decoration: none; }
.submitButton-customizable:focus-visible { outline: 2px solid #1e3a8a; outline-offset: 2px; }
.secondary { color: #2563eb; background: none; border: 0; padding: 0; font: inherit; cursor: pointer; text-decoration: underline; }
.errorMessage-customizable {
  margin: 0 0 16px; padding: 10px 12px; border-radius: 6px; font-size: .92rem;
  color: #8a1c1c; background: #fdecec; border: 1px solid #f5c2c2;
}
.notice { margin: 0 0 16px; padding: 10px 12px; border-radius: 6px; font-size: .92rem; color: #14532d; background: #ecfdf3; border: 1px solid #b7ebc9; }
.redirect-customizable { margin-top: 18px; font-size: .9rem; text-align: center; color: #52606d; }
.redirect-customizable p { margin: 6px 0; }
a { color: #2563eb; }
.legalText-customizable { font-size: .8rem; color: #7b8794; text-align: center; margin-top: 16px; }
.qr { display: flex; justify-content: center; margin: 4px 0 12px; }
.qr svg { width: 200px; height: 200px; }
.secret { display: block; margin: 0 0 16px; padding: 8px 10px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: .9rem; word-break: break-all; text-align: center; background: #f5f7fa; border: 1px solid #e4e7eb; border-radius: 6px; }
.details { margin: 0; padding-left: 18px; color: #52606d; font-size: .9rem; }
@media (max-width: 440px) { main.modal-content { margin: 0; border-radius: 0; box-shadow: none; min-height: 100vh; } }
`;

/** A short content hash for the stylesheet URL, so browsers may cache it for good. */
export const HOSTED_CSS_VERSION = createHash('sha256').update(HOSTED_CSS).digest('hex').slice(0, 12);
