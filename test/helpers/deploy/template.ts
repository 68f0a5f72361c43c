/**
 * Reading a packaged CloudFormation template. Intrinsics (Ref, Fn::GetAtt, Fn::Sub, Fn::If …) are
 * not evaluated: a Ref or a GetAtt names one resource, so it is never a wildcard; a Sub is its
 * text with `${…}` placeholders; an Fn::If is both of its branches (a statement is granted when
 * any configuration grants it).
 */
export interface Resource {
  Type: string;
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Properties?: Record<string, unknown>;
}

export interface Template {
  Resources: Record<string, Resource>;
  Conditions?: Record<string, unknown>;
}

export type Json = unknown;

export function isRecord(value: Json): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The values a property may take: Fn::If's branches, AWS::NoValue dropped, arrays flattened. */
export function alternatives(value: Json): Json[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(alternatives);
  if (isRecord(value)) {
    if (value.Ref === 'AWS::NoValue') return [];
    const branches = value['Fn::If'];
    if (Array.isArray(branches) && branches.length === 3) return branches.slice(1).flatMap(alternatives);
  }
  return [value];
}

/** The logical id a Ref or a GetAtt points at, if the value is one. */
export function referencedId(value: Json): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const attribute = value['Fn::GetAtt'];
  if (Array.isArray(attribute) && typeof attribute[0] === 'string') return attribute[0];
  if (typeof attribute === 'string') return attribute.split('.')[0];
  return undefined;
}

/** A readable, comparable text of a resource value: `{GetAtt Queue.Arn}`, a Sub's template … */
export function textOf(value: Json): string {
  if (typeof value === 'string') return value;
  if (isRecord(value)) {
    if (typeof value.Ref === 'string') return `{Ref ${value.Ref}}`;
    const attribute = value['Fn::GetAtt'];
    if (Array.isArray(attribute)) return `{GetAtt ${attribute.join('.')}}`;
    if (typeof attribute === 'string') return `{GetAtt ${attribute}}`;
    const sub = value['Fn::Sub'];
    if (typeof sub === 'string') return sub;
    if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map(textOf).join(join[0]);
    }
  }
  return JSON.stringify(value) ?? String(value);
}

/** `*` outside `${…}` placeholders: a wildcard in the ARN itself. */
export function hasWildcard(value: Json): boolean {
  if (isRecord(value) && referencedId(value) !== undefined) return false;
  return textOf(value)
    .replace(/\$\{[^}]*\}/g, '')
    .includes('*');
}

export function isStar(value: Json): boolean {
  return value === '*';
}

/** The logical ids of the resources of one type. */
export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The serverless function key of a function's logical id (`AuditLambdaFunction` → `audit`). */
export function functionKeyOf(logicalId: string): string {
  const name = logicalId.replace(/LambdaFunction$/, '');
  return name.charAt(0).toLowerCase() + name.slice(1);
}
