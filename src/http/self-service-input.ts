import confirmForgotPassword from '../api/operations/ConfirmForgotPassword.js';
import confirmSignUp from '../api/operations/ConfirmSignUp.js';
import forgotPassword from '../api/operations/ForgotPassword.js';
import resendConfirmationCode from '../api/operations/ResendConfirmationCode.js';
import signUp from '../api/operations/SignUp.js';
import { validateInput } from '../api/validate.js';
import type { CheckSelfServiceInput, SelfServiceOperation } from '../ui/self-service-input.js';

/**
 * What the hosted self-service pages are checked with: each operation's own input shape, as the API
 * validates it. The limits exist once (the API's shapes, from the service model); http hands them to ui.
 */
const SHAPES = {
  SignUp: signUp.input,
  ConfirmSignUp: confirmSignUp.input,
  ResendConfirmationCode: resendConfirmationCode.input,
  ForgotPassword: forgotPassword.input,
  ConfirmForgotPassword: confirmForgotPassword.input,
} satisfies Record<SelfServiceOperation, unknown>;

export const checkSelfServiceInput: CheckSelfServiceInput = (operation, input) => validateInput(SHAPES[operation], input);
