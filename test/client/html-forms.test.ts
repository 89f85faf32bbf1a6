import { describe, expect, it } from 'vitest';
import { dataSecret, errorText, formValues, parseForms } from '../../src/client/html-forms.js';

describe('reading hosted sign-in pages without a browser', () => {
  it('reads forms by name with their hidden values, decoding entities, and skips commented-out markup', () => {
    const html = `
      <!-- <form name="cognitoSignInForm"><input name="_csrf" value="old"></form> -->
      <form name='cognitoSignInForm' method="post" action="/login?client_id=abc&amp;state=x%201">
        <input type="hidden" name="_csrf" value="t&#x2F;k&amp;n">
        <input type=hidden name=cognitoAsfData value="">
        <input id="signInFormUsername" name="username" type="text">
        <input id="signInFormPassword" name="password" type="password">
        <button type="submit" name="signInSubmitButton">Sign in</button>
      </form>`;
    const [form] = parseForms(html);
    expect(parseForms(html)).toHaveLength(1);
    expect(form).toMatchObject({ name: 'cognitoSignInForm', method: 'post', action: '/login?client_id=abc&state=x%201' });
    expect(formValues(form!)).toEqual({ _csrf: 't/k&n', cognitoAsfData: '', username: '', password: '' });
  });

  it('offers radio and select choices and submits the checked or selected one', () => {
    const [radio, select] = parseForms(`
      <form name="selectMfaForm"><input type="radio" name="mfaType" value="SMS_MFA" checked><input type="radio" name="mfaType" value="SOFTWARE_TOKEN_MFA"></form>
      <form name="other"><select name="mfaType"><option value="EMAIL_OTP">E-mail</option><option value="SOFTWARE_TOKEN_MFA" selected>App</option></select></form>`);
    expect(radio!.choices('mfaType')).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    expect(formValues(radio!)).toEqual({ mfaType: 'SMS_MFA' });
    expect(select!.choices('mfaType')).toEqual(['EMAIL_OTP', 'SOFTWARE_TOKEN_MFA']);
    expect(formValues(select!)).toEqual({ mfaType: 'SOFTWARE_TOKEN_MFA' });
  });

  it('finds the error text and the MFA set-up secret', () => {
    expect(errorText('<div class="banner"></div><p class="errorMessage-customizable error" role="alert"> Incorrect <b>username</b> or password. </p>')).toBe(
      'Incorrect username or password.',
    );
    expect(errorText('<p class="error"></p><p>fine</p>')).toBeUndefined();
    expect(dataSecret('<code data-secret="JBSWY3DPEHPK3PXP">JBSW Y3DP</code>')).toBe('JBSWY3DPEHPK3PXP');
  });
});
