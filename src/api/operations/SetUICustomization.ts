import type { SetUICustomizationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoError } from '../../core/errors.js';
import { setUICustomization } from '../../core/pool/ui-customization.js';
import { ClientId, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, str, struct } from '../shapes.js';

const IMAGE_MAX_BYTES = 131072;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The blob's constraint (ImageFileType, max 131072 bytes) applies to the decoded bytes. */
function decodeImage(text: string | undefined): Buffer | undefined {
  if (text === undefined) return undefined;
  if (!BASE64.test(text)) throw new CognitoError('SerializationException', 'Could not decode the ImageFile blob: it is not valid base64.');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > IMAGE_MAX_BYTES) {
    throw new CognitoError(
      'InvalidParameterException',
      `1 validation error detected: Value at 'imageFile' failed to satisfy constraint: Member must have length less than or equal to ${IMAGE_MAX_BYTES}`,
    );
  }
  return bytes;
}

export default defineOperation({
  name: 'SetUICustomization',
  auth: 'iam',
  input: struct({
    UserPoolId: req(UserPoolId),
    ClientId,
    CSS: str({ min: 0, max: 131072 }),
    // The blob arrives as base64 text in awsJson; decodeImage checks it.
    ImageFile: str(),
  }),
  run: async (services, input): Promise<SetUICustomizationResponse> => ({
    UICustomization: await setUICustomization(services, {
      UserPoolId: input.UserPoolId,
      ClientId: input.ClientId,
      CSS: input.CSS,
      ImageFile: decodeImage(input.ImageFile),
    }),
  }),
});
