import { evaluateConditions } from '../diagnosis/policy/conditions.js';
import { conditionContextOf } from '../diagnosis/policy/context.js';
import { parsePolicy } from '../diagnosis/policy/parse.js';
import { statementApplies } from '../diagnosis/policy/statement.js';
import type { AccessRequest } from '../diagnosis/policy/types.js';

/** A policy as iam-simulate takes it. */
export interface NamedPolicy {
  name: string;
  policy: unknown;
}

/**
 * iam-simulate (0.1.173) knows `kms:EncryptionContext:${key}` only as a variable key with a `/`
 * separator, so it drops `kms:EncryptionContext:aws:s3:arn` from the request and then denies every
 * grant conditioned on it, right or wrong. IAM evaluates these keys, so the simulator does too:
 * those clauses are decided here by the project's evaluator, and iam-simulate sees statements
 * without them (kept when the clauses hold, dropped when they do not).
 */
const ENCRYPTION_CONTEXT = /^kms:encryptioncontext:/i;

export function withEncryptionContextDecided(
  policies: readonly NamedPolicy[],
  context: Record<string, string | string[]>,
): NamedPolicy[] {
  const request: AccessRequest = {
    principal: { kind: 'Service', name: 'unused' },
    action: 'unused:Unused',
    resource: '*',
    context,
  };
  const conditionContext = conditionContextOf(request);
  return policies.map(({ name, policy }) => {
    const document = policy as { Statement?: unknown };
    const raw = document?.Statement;
    if (raw === undefined) return { name, policy };
    const statements = (Array.isArray(raw) ? raw : [raw]).flatMap((statement) =>
      decideStatement(statement, conditionContext),
    );
    return { name, policy: { ...document, Statement: statements } };
  });
}

function decideStatement(statement: unknown, context: ReturnType<typeof conditionContextOf>): unknown[] {
  const raw = statement as { Condition?: Record<string, Record<string, unknown>> };
  if (raw?.Condition === undefined || typeof raw.Condition !== 'object') return [statement];
  const kept: Record<string, Record<string, unknown>> = {};
  const decided: Record<string, Record<string, unknown>> = {};
  for (const [operator, clauses] of Object.entries(raw.Condition)) {
    for (const [key, values] of Object.entries(clauses ?? {})) {
      const target = ENCRYPTION_CONTEXT.test(key) ? decided : kept;
      target[operator] = { ...(target[operator] ?? {}), [key]: values };
    }
  }
  if (Object.keys(decided).length === 0) return [statement];
  const parsed = parsePolicy(
    { Version: '2012-10-17', Statement: [{ ...raw, Condition: decided }] },
    'identity',
  );
  const [clauses] = parsed.statements;
  if (clauses === undefined) return [statement];
  if (evaluateConditions(clauses.conditions, context, context.values).holds !== true) return [];
  const { Condition: _decided, ...rest } = raw;
  return [Object.keys(kept).length === 0 ? rest : { ...rest, Condition: kept }];
}

/**
 * The condition keys the policies' statements for this action and resource use but the request
 * does not give: IAM's `MissingContextValues`. Such a key is evaluated as absent.
 */
export function missingContextKeys(
  policies: readonly NamedPolicy[],
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
): string[] {
  const given = new Set(Object.keys(context).map((key) => key.toLowerCase()));
  const request: AccessRequest = { principal: { kind: 'Service', name: 'unused' }, action, resource };
  const input = {
    request,
    context: conditionContextOf(request),
    variables: undefined,
    ignoreConditions: true,
  };
  const missing = new Set<string>();
  for (const { policy } of policies) {
    for (const statement of parsePolicy(policy, 'identity').statements) {
      if (statementApplies(statement, input) === undefined) continue;
      for (const clause of statement.conditions)
        if (!given.has(clause.key.toLowerCase())) missing.add(clause.key);
    }
  }
  return [...missing];
}
