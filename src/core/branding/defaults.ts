/**
 * The branding settings a style starts from when it takes Cognito's values. Cognito's own default
 * document is far larger and not published in full; these are the members its branding editor shows
 * first, with its documented default values, so a merged view has the expected structure.
 */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = Object.freeze({
  categories: {
    auth: {
      authMethodOrder: [[{ display: 'BUTTON', type: 'FEDERATED' }, { display: 'INPUT', type: 'USERNAME_PASSWORD' }]],
      federation: { interfaceStyle: 'BUTTON_LIST', order: [] },
    },
    form: {
      displayGraphics: true,
      instructions: { enabled: false },
      languageSelector: { enabled: false },
      location: { horizontal: 'CENTER', vertical: 'CENTER' },
      sessionTimerDisplay: 'NONE',
    },
    global: {
      colorSchemeMode: 'LIGHT',
      pageFooter: { enabled: false },
      pageHeader: { enabled: false },
      spacingDensity: 'REGULAR',
    },
    signUp: { acceptanceElements: [] },
  },
  componentClasses: {
    buttons: { borderRadius: 8 },
    focusState: { lightMode: { borderColor: '075ca7ff' }, darkMode: { borderColor: '539fe5ff' } },
    input: { borderRadius: 8, lightMode: { defaults: { backgroundColor: 'ffffffff', borderColor: '8c8c94ff' } } },
    link: { lightMode: { defaults: { textColor: '0972d3ff' } } },
  },
  components: {
    form: { borderRadius: 8, lightMode: { backgroundColor: 'ffffffff', borderColor: 'c6c6cdff' } },
    pageBackground: { image: { enabled: true }, lightMode: { color: 'ffffffff' } },
    primaryButton: { lightMode: { defaults: { backgroundColor: '0972d3ff', textColor: 'ffffffff' } } },
  },
});

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Cognito's values under the style's own: objects merge member by member, anything else the style sets wins. */
export function mergeSettings(base: unknown, own: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(own)) return own === undefined ? base : own;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(own)) out[k] = mergeSettings(base[k], v);
  return out;
}
