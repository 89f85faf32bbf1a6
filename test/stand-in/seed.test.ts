import { expect, it } from 'vitest';
import { applySeed } from '../../src/api/seed.js';
import { parseForms } from '../../src/client/html-forms.js';
import { forEachEngine } from '../helpers/server.js';

const CALLBACK = 'https://app.example.test/cb';

forEachEngine('seeding stand-in identities', (s) => {
  const page = async (type: string) =>
    (await fetch(`${s().services.settings.publicUrl}/_cognate/social/${type}/authorize?response_type=code&client_id=c&redirect_uri=${encodeURIComponent(CALLBACK)}`)).text();
  const picks = (html: string) => parseForms(html).find((f) => f.name === 'standInPickForm')?.choices('pick') ?? [];

  it('pre-creates identities the page offers, once', async () => {
    const doc = {
      StandInIdentities: [
        { Provider: 'Google', Subject: '111', Email: 'seeded@example.com', Name: 'Seeded Person', Picture: 'https://example.com/p.png' },
        { Provider: 'SignInWithApple', Subject: '000111.aa.0001', Email: 'apple@example.com' },
      ],
    };
    const first = await applySeed(s().services, doc);
    expect(first.created).toEqual(['stand-in identity Google 111', 'stand-in identity SignInWithApple 000111.aa.0001']);
    const second = await applySeed(s().services, doc);
    expect(second.created).toEqual([]);
    expect(second.unchanged).toContain('stand-in identity Google 111');

    const google = await page('Google');
    expect(picks(google)).toEqual(['111']);
    expect(google).toContain('Seeded Person');
    expect(picks(await page('SignInWithApple'))).toEqual(['000111.aa.0001']);
    expect(picks(await page('Facebook'))).toEqual([]);
  });

  it('refuses a bad stand-in identity in Cognito words', async () => {
    for (const bad of [
      { StandInIdentities: 'nope' },
      { StandInIdentities: [{ Provider: 'Twitter', Subject: '1' }] },
      { StandInIdentities: [{ Provider: 'Google' }] },
      { StandInIdentities: [{ Provider: 'Google', Subject: '1', Colour: 'red' }] },
      { StandInIdentities: [{ Provider: 'Google', Subject: 'a\u0000b' }] },
    ]) {
      await expect(applySeed(s().services, bad as never)).rejects.toMatchObject({ type: 'InvalidParameterException', message: expect.stringContaining('Invalid seed') });
    }
  });
});
