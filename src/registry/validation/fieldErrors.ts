// Field errors as upstream's field.Error: a type (the StatusCause reason), the field path, the
// offending value and a detail, and the constructors that build them with upstream's texts
// ("Required value", "Unsupported value: ...: supported values: ...", "may not be more than N
// bytes", ...). errorBody() renders the cause message exactly as field.Error.ErrorBody does.
import type { FieldPath } from './fieldPath.js';
import { goQuote, renderBadValue } from './goFormat.js';

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotFound'
  | 'InternalError';

export interface FieldError {
  type: FieldErrorType;
  /** The path as upstream prints it, e.g. `spec.template.spec.containers[0].image`. */
  field: string;
  /** The offending value (a string, number, list, map or a pre-rendered GoValue). */
  badValue?: unknown;
  detail?: string;
}

/** Marks a field error whose value upstream leaves out of the message (field.OmitValueType). */
export const OMIT_VALUE: unique symbol = Symbol('omitValue');

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** The cause message: `Required value`, `Invalid value: "x": detail`, ... */
export function errorBody(error: FieldError): string {
  let body: string;
  switch (error.type) {
    case 'FieldValueRequired':
    case 'FieldValueForbidden':
    case 'FieldValueTooLong':
    case 'InternalError':
      body = typeText[error.type];
      break;
    default:
      body =
        error.badValue === OMIT_VALUE
          ? typeText[error.type]
          : `${typeText[error.type]}: ${renderBadValue(error.badValue)}`;
  }
  if (error.detail) body += `: ${error.detail}`;
  return body;
}

/** The whole error line: `spec.containers[0].image: Required value`. */
export function errorString(error: FieldError): string {
  return `${error.field}: ${errorBody(error)}`;
}

function at(path: FieldPath | string): string {
  return typeof path === 'string' ? path : path.toString();
}

export function required(path: FieldPath | string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field: at(path), badValue: '', detail };
}

export function invalid(path: FieldPath | string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: at(path), badValue: value, detail };
}

export function typeInvalid(path: FieldPath | string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueTypeInvalid', field: at(path), badValue: value, detail };
}

export function notFound(path: FieldPath | string, value: unknown, detail = ''): FieldError {
  return { type: 'FieldValueNotFound', field: at(path), badValue: value, detail };
}

export function duplicate(path: FieldPath | string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field: at(path), badValue: value, detail: '' };
}

export function forbidden(path: FieldPath | string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field: at(path), badValue: '', detail };
}

/** Unsupported value; the detail lists the supported values quoted, in the order given. */
export function notSupported(path: FieldPath | string, value: unknown, validValues: readonly string[]): FieldError {
  const detail = validValues.length > 0 ? `supported values: ${validValues.map(goQuote).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field: at(path), badValue: value, detail };
}

export function tooLong(path: FieldPath | string, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} bytes` : 'value is too long';
  return { type: 'FieldValueTooLong', field: at(path), badValue: '<value omitted>', detail };
}

export function tooMany(path: FieldPath | string, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} items` : 'has too many items';
  return { type: 'FieldValueTooMany', field: at(path), badValue: actual >= 0 ? actual : OMIT_VALUE, detail };
}

export function internalError(path: FieldPath | string, message: string): FieldError {
  return { type: 'InternalError', field: at(path), badValue: null, detail: message };
}

/** Go's sets.List: sorted, as upstream lists the supported values of a set. */
export function sortedValues(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
