import { createRequire } from 'node:module';
import type * as NodeSaml from '@node-saml/node-saml';
import type * as XmlDom from '@xmldom/xmldom';
import type * as XPath from 'xpath';

/**
 * The SAML libraries, loaded by the first SAML message or metadata rather than at start: a server
 * with no SAML provider never needs them, and they were a good part of the start time and memory.
 * All three are CommonJS, so a synchronous require keeps their callers synchronous.
 */
const require = createRequire(import.meta.url);
let saml: typeof NodeSaml | undefined;
let dom: typeof XmlDom | undefined;
let xpathModule: typeof XPath | undefined;

export const nodeSaml = (): typeof NodeSaml => (saml ??= require('@node-saml/node-saml') as typeof NodeSaml);
export const xmlDom = (): typeof XmlDom => (dom ??= require('@xmldom/xmldom') as typeof XmlDom);
export const xpath = (): typeof XPath => (xpathModule ??= require('xpath') as typeof XPath);
