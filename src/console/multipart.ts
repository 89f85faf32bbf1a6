import type { BusboyHeaders, BusboyInstance } from '@fastify/busboy';
import { Busboy } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Multipart forms (the logo upload: a file input, which needs no script). Busboy parses; this only
 * collects. The fields become the body, as a urlencoded form's do; the files are kept apart, for
 * `uploadOf`, so that a file sent where a text field is expected never reaches the form readers as
 * bytes. @fastify/multipart did the same job, but it reads `globalThis.FormData` when registered,
 * which loads Node's fetch implementation (undici, ~40 ms) on every start, for a form few starts see.
 */
export interface MultipartLimits {
  /** Bytes of one file. */
  fileSize: number;
  files: number;
  fields: number;
  /** Bytes of one field's value. */
  fieldSize: number;
  parts: number;
}

const uploads = new WeakMap<FastifyRequest, Map<string, Buffer>>();

/** The bytes of the file posted as `name` (empty when the file input was left empty), if there was one. */
export const uploadOf = (request: FastifyRequest, name: string): Buffer | undefined => uploads.get(request)?.get(name);

/** A refusal in the scope's error handler: 413 for what is over a limit, 400 for what is not multipart. */
const refusal = (statusCode: 400 | 413, message: string) => Object.assign(new Error(message), { statusCode });

export function acceptMultipartForms(app: FastifyInstance, limits: MultipartLimits): void {
  app.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    let settled = false;
    const finish = (error: Error | null, body?: Record<string, string | string[]>) => {
      if (settled) return;
      settled = true;
      // What is still coming is read and dropped, so the refusal can be answered on the connection.
      if (error) payload.unpipe().resume();
      done(error, body);
    };
    let parser: BusboyInstance;
    try {
      parser = Busboy({ headers: request.headers as BusboyHeaders, limits });
    } catch (error) {
      // No boundary, or a content type busboy cannot read.
      finish(refusal(400, `The form could not be read: ${(error as Error).message}`));
      return;
    }
    const fields: Record<string, string | string[]> = Object.create(null);
    const files = new Map<string, Buffer>();
    const tooLarge = (what: string) => finish(refusal(413, `The form is too large: ${what}.`));
    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) return tooLarge(`the field ${name.slice(0, 100)} is over ${limits.fieldSize} bytes`);
      const before = fields[name];
      fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => tooLarge(`a file is over ${limits.fileSize} bytes`));
      stream.on('end', () => {
        if (!stream.truncated) files.set(name, Buffer.concat(chunks));
      });
    });
    parser.on('filesLimit', () => tooLarge(`more than ${limits.files} file`));
    parser.on('fieldsLimit', () => tooLarge(`more than ${limits.fields} fields`));
    parser.on('partsLimit', () => tooLarge(`more than ${limits.parts} parts`));
    parser.on('error', (error: Error) => finish(refusal(400, `The form could not be read: ${error.message}`)));
    parser.on('finish', () => {
      uploads.set(request, files);
      finish(null, fields);
    });
    payload.on('error', (error) => finish(error));
    payload.pipe(parser);
  });
}
