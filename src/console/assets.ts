import { createHash } from 'node:crypto';

/**
 * The console's stylesheet and its one small script, served from this server (`/console/assets/*`)
 * so the pages need no inline code under their Content-Security-Policy. Every page works without the
 * script: it only adds copy buttons' clipboard writes and the live preview's refresh.
 */
export const CONSOLE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2933; background: #f4f6f8; line-height: 1.5; }
a { color: #1d4ed8; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px; }
.skip:focus { left: 8px; z-index: 10; }
header.top { background: #111827; color: #f9fafb; }
header.top .bar { max-width: 1100px; margin: 0 auto; padding: 10px 16px; display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; }
header.top .brand { font-weight: 700; color: #fff; text-decoration: none; margin-right: 8px; }
header.top nav a { color: #d1d5db; text-decoration: none; padding: 4px 2px; }
header.top nav a:hover, header.top nav a[aria-current="page"] { color: #fff; text-decoration: underline; }
header.top nav { display: flex; flex-wrap: wrap; gap: 4px 14px; }
header.top form { margin-left: auto; }
header.top .linkish { color: #d1d5db; }
main { max-width: 1100px; margin: 0 auto; padding: 16px; }
.crumbs { font-size: .9rem; color: #52606d; margin: 4px 0 8px; }
.crumbs a { color: #52606d; }
h1 { font-size: 1.5rem; margin: 4px 0 14px; }
h2 { font-size: 1.15rem; margin: 0 0 10px; }
h3 { font-size: 1rem; margin: 14px 0 8px; }
.card { background: #fff; border: 1px solid #e1e5ea; border-radius: 8px; padding: 16px 18px; margin: 0 0 16px; }
.tabs { display: flex; flex-wrap: wrap; gap: 4px; margin: 0 0 14px; border-bottom: 1px solid #d5dbe1; }
.tabs a { padding: 8px 12px; text-decoration: none; color: #323f4b; border-radius: 6px 6px 0 0; }
.tabs a[aria-current="page"] { background: #fff; border: 1px solid #d5dbe1; border-bottom-color: #fff; margin-bottom: -1px; font-weight: 600; }
table { width: 100%; border-collapse: collapse; font-size: .95rem; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid #eef1f4; vertical-align: top; }
th { font-weight: 600; color: #3e4c59; background: #f8fafc; }
.scroll { overflow-x: auto; }
dl.props { display: grid; grid-template-columns: minmax(120px, max-content) 1fr; gap: 6px 16px; margin: 0; }
dl.props dt { color: #52606d; font-weight: 600; }
dl.props dd { margin: 0; word-break: break-word; }
.field { margin: 0 0 12px; }
.field > label, .field > .label, legend { display: block; font-weight: 600; margin: 0 0 4px; font-size: .93rem; }
.hint { color: #52606d; font-size: .85rem; margin: 2px 0 0; }
input[type=text], input[type=password], input[type=number], input[type=url], input[type=email], input[type=search], select, textarea {
  width: 100%; max-width: 560px; padding: 7px 9px; font: inherit; color: inherit; border: 1px solid #bcc5cf; border-radius: 6px; background: #fff; }
textarea { max-width: 100%; min-height: 90px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88rem; }
input[aria-invalid="true"], textarea[aria-invalid="true"], select[aria-invalid="true"] { border-color: #b42318; }
.field-error { color: #b42318; font-size: .88rem; margin: 4px 0 0; }
fieldset { border: 1px solid #e1e5ea; border-radius: 8px; padding: 10px 14px 4px; margin: 0 0 14px; }
.choices { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 10px; }
.choices label { display: inline-flex; gap: 6px; align-items: center; font-weight: 400; }
.row { display: flex; flex-wrap: wrap; gap: 0 18px; }
.row > .field { flex: 1 1 200px; }
button, .button { display: inline-block; padding: 7px 14px; font: inherit; font-weight: 600; border-radius: 6px; border: 1px solid #1d4ed8; background: #1d4ed8; color: #fff; cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: #fff; color: #1d4ed8; }
button.danger { background: #b42318; border-color: #b42318; }
button.linkish { background: none; border: 0; padding: 0; color: #1d4ed8; text-decoration: underline; font-weight: 400; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0 0; }
.actions.top { margin: 0 0 14px; }
.inline { display: inline; }
.alert { padding: 10px 12px; border-radius: 6px; margin: 0 0 14px; border: 1px solid; }
.alert.error { color: #7a1c12; background: #fef1ef; border-color: #f4c7c0; }
.alert.notice { color: #14532d; background: #ecfdf3; border-color: #b7ebc9; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88rem; }
.copy { display: flex; gap: 6px; align-items: flex-start; max-width: 100%; }
.copy code { background: #f4f6f8; border: 1px solid #e1e5ea; border-radius: 5px; padding: 3px 6px; word-break: break-all; flex: 1 1 auto; }
.copy button { padding: 2px 8px; font-size: .82rem; flex: 0 0 auto; }
pre { background: #0f172a; color: #e2e8f0; padding: 10px 12px; border-radius: 6px; overflow-x: auto; font-size: .85rem; white-space: pre-wrap; word-break: break-all; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: .8rem; background: #e6eefc; color: #1e3a8a; }
.badge.ok { background: #e7f7ee; color: #14532d; }
.badge.bad { background: #fdecea; color: #7a1c12; }
.muted { color: #52606d; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
img.current-logo { max-width: 100%; max-height: 96px; border: 1px solid #e1e5ea; border-radius: 6px; padding: 4px; background: #fff; }
input[type=file] { max-width: 100%; }
iframe.preview { width: 100%; min-height: 520px; border: 1px solid #e1e5ea; border-radius: 8px; background: #fff; }
@media (max-width: 720px) { .grid2 { grid-template-columns: 1fr; } dl.props { grid-template-columns: 1fr; } main { padding: 10px; } .card { padding: 12px; } }
`;

export const CONSOLE_JS = `
document.addEventListener('click', function (event) {
  var button = event.target.closest && event.target.closest('button[data-copy]');
  if (!button || !navigator.clipboard) return;
  event.preventDefault();
  navigator.clipboard.writeText(button.getAttribute('data-copy')).then(function () {
    var label = button.textContent; button.textContent = 'Copied'; setTimeout(function () { button.textContent = label; }, 1200);
  });
});
document.querySelectorAll('form[data-preview]').forEach(function (form) {
  var frame = document.getElementById(form.getAttribute('data-preview'));
  var css = form.querySelector('textarea[name=CSS]');
  if (!frame || !css) return;
  var base = frame.getAttribute('src');
  css.addEventListener('input', function () { frame.src = base + (base.indexOf('?') < 0 ? '?' : '&') + 'css=' + encodeURIComponent(css.value); });
  // A chosen logo file is shown in the preview before it is sent (as a data: URL, which the page's policy allows).
  var logo = form.querySelector('input[type=file][name=logo]');
  var chosen = null;
  function showLogo() {
    var img = chosen && frame.contentDocument && frame.contentDocument.querySelector('img.logo-customizable');
    if (img) { img.src = chosen; img.hidden = false; }
  }
  frame.addEventListener('load', showLogo);
  if (logo && window.FileReader) logo.addEventListener('change', function () {
    var file = logo.files && logo.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { chosen = reader.result; showLogo(); };
    reader.readAsDataURL(file);
  });
});
`;

const version = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
export const CSS_VERSION = version(CONSOLE_CSS);
export const JS_VERSION = version(CONSOLE_JS);
