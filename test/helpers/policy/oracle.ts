import type { AccessRequest, PolicyDecision, PolicyResult } from '../../../shared/diagnosis/policy/index.js';

/**
 * @cloud-copilot/iam-simulate as the reference our evaluator is compared with. It is AGPL: only
 * tests import it, on demand, as shared/sim/iam-simulate.ts does.
 */

type IamSimulate = typeof import('@cloud-copilot/iam-simulate');
let loaded: Promise<IamSimulate> | undefined;
const load = () => {
  loaded ??= import('@cloud-copilot/iam-simulate');
  return loaded;
};

const DECISIONS = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
} as const;

/** Stands for "the identity side allows": one policy allowing everything, denying nothing. */
export const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

export interface OracleInput {
  request: AccessRequest;
  identityPolicies: unknown[];
  resourcePolicy?: unknown;
  resourceAccount: string;
  /**
   * `validated` is runSimulation, which checks the policies and drops context keys that do not
   * apply to the action. `unsafe` (runUnsafeSimulation) keeps every key: needed for
   * `kms:EncryptionContext:<key>`, which runSimulation drops (see differential.test.ts).
   */
  engine?: 'validated' | 'unsafe';
}

export interface OracleResult {
  decision: PolicyDecision;
  /** Context keys runSimulation ignored because they do not apply to the action and resource. */
  ignoredContextKeys: string[];
}

export async function simulate(input: OracleInput): Promise<OracleResult> {
  const { runSimulation, runUnsafeSimulation } = await load();
  const simulation = {
    request: {
      principal:
        input.request.principal.kind === 'AWS' ? input.request.principal.arn : input.request.principal.name,
      action: input.request.action,
      resource: { resource: input.request.resource, accountId: input.resourceAccount },
      contextVariables: contextVariables(input.request.context),
    },
    identityPolicies: input.identityPolicies.map((policy, index) => ({ name: `identity-${index}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(input.resourcePolicy === undefined ? {} : { resourcePolicy: input.resourcePolicy }),
  };
  if (input.engine === 'unsafe') {
    // runUnsafeSimulation loads the resource policy without a name and then reads it; the
    // pre-validated shape iam-policy accepts carries one.
    const named =
      input.resourcePolicy === undefined
        ? {}
        : {
            resourcePolicy: {
              __validated: true,
              policyDocument: input.resourcePolicy,
              metadata: { name: 'resource' },
              errors: [],
            },
          };
    return {
      decision: DECISIONS[runUnsafeSimulation({ ...simulation, ...named }, {})],
      ignoredContextKeys: [],
    };
  }
  const result = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (result.resultType !== 'single') {
    throw new Error(`iam-simulate did not run one simulation: ${JSON.stringify(result)}`);
  }
  return {
    decision: DECISIONS[result.overallResult],
    ignoredContextKeys: result.result.ignoredContextKeys ?? [],
  };
}

/** The decision one policy gives on its own: an applicable Deny wins, then an Allow. */
export function decisionOf(result: PolicyResult): PolicyDecision {
  if (result.denies.length > 0) return 'explicitDeny';
  return result.allows.length > 0 ? 'allowed' : 'implicitDeny';
}

/** The request without the context keys iam-simulate ignored, so both sides see the same context. */
export function withoutKeys(request: AccessRequest, keys: string[]): AccessRequest {
  if (keys.length === 0 || request.context === undefined) return request;
  const ignored = new Set(keys.map((key) => key.toLowerCase()));
  const context = Object.fromEntries(
    Object.entries(request.context).filter(([key]) => !ignored.has(key.toLowerCase())),
  );
  return { ...request, context };
}

function contextVariables(context: AccessRequest['context']): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(context ?? {}).map(([key, value]) => [key, Array.isArray(value) ? value : String(value)]),
  );
}
