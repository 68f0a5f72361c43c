import type { ParsedStatement } from './model.js';
import { parseStatement } from './parse-statement.js';
import { isRecord } from './parse-values.js';
import type { PolicyKind, PolicyProblem } from './types.js';

const DOCUMENT_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

export interface ParsedPolicy {
  statements: ParsedStatement[];
  problems: PolicyProblem[];
  /**
   * Policy variables (`${aws:SourceAccount}`) are substituted only under Version 2012-10-17; under
   * 2008-10-17, or with no Version, IAM reads them as literal text
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html).
   */
  substitutesVariables: boolean;
}

/**
 * Reads a policy document as IAM would, without throwing: a JSON string or an already parsed
 * object (AWS returns documents URL-encoded; decoding is the adapter's job). What cannot be read
 * becomes a problem naming its JSON path; an unreadable statement is skipped, the others kept.
 */
export function parsePolicy(document: unknown, kind: PolicyKind): ParsedPolicy {
  const problems: PolicyProblem[] = [];
  const empty = { statements: [], problems, substitutesVariables: false };
  const parsed = typeof document === 'string' ? parseJson(document, problems) : document;
  if (problems.length > 0) return empty;
  if (!isRecord(parsed)) {
    const message = 'The policy document must be a JSON object with a Statement';
    problems.push({ code: 'invalid-document', path: '', message, consequence: 'policy not evaluated' });
    return empty;
  }
  for (const key of Object.keys(parsed)) {
    if (!DOCUMENT_ELEMENTS.has(key)) {
      const message = `${key} is not a policy element (Version, Id, Statement)`;
      problems.push({ code: 'unknown-element', path: key, message, consequence: 'ignored' });
    }
  }
  const version = parsed.Version;
  if (version !== undefined && (typeof version !== 'string' || !VERSIONS.has(version))) {
    const message = `Version must be "2012-10-17" or "2008-10-17" (found ${JSON.stringify(version)}); policy variables are read literally`;
    problems.push({ code: 'invalid-value', path: 'Version', message, consequence: 'ignored' });
  }
  const raw = parsed.Statement;
  if (raw === undefined || (!isRecord(raw) && !Array.isArray(raw))) {
    const code = raw === undefined ? 'missing-element' : 'invalid-type';
    const message = 'Statement must be an object or an array of objects';
    problems.push({ code, path: 'Statement', message, consequence: 'policy not evaluated' });
    return empty;
  }
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  const statements: ParsedStatement[] = [];
  items.forEach((item, index) => {
    const path = Array.isArray(raw) ? `Statement[${index}]` : 'Statement';
    const { statement, issues } = parseStatement(item, index, path, kind);
    for (const issue of issues)
      problems.push({ ...issue, consequence: 'statement skipped', statementIndex: index });
    if (statement !== undefined) statements.push(statement);
  });
  return { statements, problems, substitutesVariables: version === '2012-10-17' };
}

function parseJson(text: string, problems: PolicyProblem[]): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = `The policy document is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    problems.push({ code: 'invalid-json', path: '', message, consequence: 'policy not evaluated' });
    return undefined;
  }
}
