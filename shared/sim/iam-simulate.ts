import type { RequestAnalysis, RunSimulationResults } from '@cloud-copilot/iam-simulate';
import { roleName } from './iam-catalog.js';
import {
  boundaryPoliciesOf,
  contextOf,
  identityPoliciesOf,
  type PolicyType,
  resourceAccount,
  resourcePolicyFor,
} from './iam-simulate-input.js';
import { queryError, queryList, queryResult } from './protocols.js';
import type { SimResponse } from './sim-http.js';
import type { SimState } from './state.js';
import { escapeXml } from './xml.js';

const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

type StatementAnalysis = NonNullable<RequestAnalysis['identityAnalysis']>['allowStatements'][number];

const DECISIONS = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
} as const;

/**
 * SimulatePrincipalPolicy over the role's inline and attached policies and its permissions
 * boundary, evaluated by @cloud-copilot/iam-simulate. That package is AGPL: it is a
 * devDependency loaded only here, on demand, so no bundle ever contains it.
 *
 * Without `ResourcePolicy`, IAM's simulator evaluates identity policies only; the resource is
 * then simulated in the role's own account so no resource policy is required, as AWS does.
 */
export async function simulatePrincipalPolicy(
  state: SimState,
  parameters: URLSearchParams,
): Promise<SimResponse> {
  const sourceArn = parameters.get('PolicySourceArn') ?? '';
  const role = state.world.roles.find((candidate) => candidate.arn === sourceArn);
  if (role === undefined) {
    return queryError(
      state,
      IAM_NAMESPACE,
      404,
      'NoSuchEntity',
      `The role with name ${roleName(sourceArn)} cannot be found.`,
    );
  }
  const actions = queryList(parameters, 'ActionNames');
  const resources = queryList(parameters, 'ResourceArns');
  const resourcePolicyText = parameters.get('ResourcePolicy');
  let resourcePolicy: unknown;
  let extraPolicies: unknown[];
  let boundaries: unknown[];
  try {
    resourcePolicy = resourcePolicyText === null ? undefined : JSON.parse(resourcePolicyText);
    extraPolicies = queryList(parameters, 'PolicyInputList').map((text) => JSON.parse(text));
    boundaries = queryList(parameters, 'PermissionsBoundaryPolicyInputList').map((text) => JSON.parse(text));
  } catch (error) {
    return queryError(
      state,
      IAM_NAMESPACE,
      400,
      'MalformedPolicyDocument',
      `Policy is not valid JSON: ${String(error)}`,
    );
  }
  const { runSimulation } = await import('@cloud-copilot/iam-simulate');
  const policyTypes = new Map<string, PolicyType>();
  const identityPolicies = identityPoliciesOf(role, extraPolicies, policyTypes);
  const boundaryPolicies = boundaryPoliciesOf(role, boundaries);
  const contextVariables = contextOf(parameters);
  const members: string[] = [];
  for (const action of actions) {
    for (const resource of resources.length === 0 ? ['*'] : resources) {
      const result = await runSimulation(
        {
          request: {
            principal: role.arn,
            action,
            resource: {
              resource,
              accountId: resourceAccount(state, role, resource, parameters, resourcePolicy),
            },
            contextVariables,
          },
          identityPolicies,
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          ...resourcePolicyFor(role, resource, resourcePolicy),
          ...(boundaryPolicies.length === 0 ? {} : { permissionBoundaryPolicies: boundaryPolicies }),
        },
        { simulationMode: 'Strict' },
      );
      if (result.resultType === 'error') {
        return queryError(
          state,
          IAM_NAMESPACE,
          400,
          'InvalidInput',
          `Cannot simulate ${action} on ${resource}: ${result.errors.message}`,
        );
      }
      members.push(
        evaluationXml(action, resource, result, policyTypes, {
          hasBoundary: boundaryPolicies.length > 0,
          hasResourcePolicy: resourcePolicy !== undefined,
        }),
      );
    }
  }
  return queryResult(
    state,
    IAM_NAMESPACE,
    'SimulatePrincipalPolicy',
    `<EvaluationResults>${members.join('')}</EvaluationResults><IsTruncated>false</IsTruncated>`,
  );
}

function evaluationXml(
  action: string,
  resource: string,
  result: Exclude<RunSimulationResults, { resultType: 'error' }>,
  types: Map<string, PolicyType>,
  given: { hasBoundary: boolean; hasResourcePolicy: boolean },
): string {
  const analysis: RequestAnalysis | undefined =
    result.resultType === 'single' ? result.result.analysis : result.results[0]?.analysis;
  const decision = DECISIONS[result.overallResult];
  const matched = matchedStatements(analysis, decision)
    .filter((statement) => given.hasResourcePolicy || !statement.fromResource)
    .map((statement) => {
      const type = statement.fromResource ? 'resource' : (types.get(statement.policyId) ?? 'none');
      return `<member><SourcePolicyId>${escapeXml(statement.policyId)}</SourcePolicyId><SourcePolicyType>${type}</SourcePolicyType></member>`;
    })
    .join('');
  const boundary = given.hasBoundary
    ? `<PermissionsBoundaryDecisionDetail><AllowedByPermissionsBoundary>${analysis?.permissionBoundaryAnalysis?.result === 'Allowed'}</AllowedByPermissionsBoundary></PermissionsBoundaryDecisionDetail>`
    : '';
  return (
    `<member><EvalActionName>${escapeXml(action)}</EvalActionName><EvalResourceName>${escapeXml(resource)}</EvalResourceName>` +
    `<EvalDecision>${decision}</EvalDecision><MatchedStatements>${matched}</MatchedStatements>` +
    `<MissingContextValues/>${boundary}</member>`
  );
}

function matchedStatements(
  analysis: RequestAnalysis | undefined,
  decision: string,
): { policyId: string; fromResource: boolean }[] {
  if (analysis === undefined) return [];
  const pick = (statements: StatementAnalysis[] | undefined, fromResource: boolean) =>
    (statements ?? []).map((statement) => ({
      policyId: statement.policyId ?? 'ResourcePolicy',
      fromResource,
    }));
  if (decision === 'explicitDeny') {
    return [
      ...pick(analysis.identityAnalysis?.denyStatements, false),
      ...pick(analysis.resourceAnalysis?.denyStatements, true),
    ];
  }
  if (decision === 'allowed') {
    return [
      ...pick(analysis.identityAnalysis?.allowStatements, false),
      ...pick(analysis.resourceAnalysis?.allowStatements, true),
    ];
  }
  return [];
}
