// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM's ARN templates are written with ${…} literally.
import type { RequestAnalysis, RunSimulationResults } from '@cloud-copilot/iam-simulate';
import { roleName } from './iam-catalog.js';
import { missingContextKeys, withEncryptionContextDecided } from './iam-simulate-context.js';
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
  const contextVariables = contextOf(parameters);
  const rawIdentity = identityPoliciesOf(role, extraPolicies, policyTypes);
  const rawBoundaries = boundaryPoliciesOf(role, boundaries);
  const identityPolicies = withEncryptionContextDecided(rawIdentity, contextVariables);
  const boundaryPolicies = withEncryptionContextDecided(rawBoundaries, contextVariables);
  const members: string[] = [];
  for (const action of actions) {
    const perResource: ResourceResult[] = [];
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
      const missing = missingContextKeys(
        [...rawIdentity, ...rawBoundaries],
        action,
        resource,
        contextVariables,
      );
      perResource.push({ resource, result, missing });
    }
    members.push(
      evaluationXml(action, perResource, resources.length > 0, policyTypes, {
        hasBoundary: boundaryPolicies.length > 0,
        hasResourcePolicy: resourcePolicy !== undefined,
      }),
    );
  }
  return queryResult(
    state,
    IAM_NAMESPACE,
    'SimulatePrincipalPolicy',
    `<EvaluationResults>${members.join('')}</EvaluationResults><IsTruncated>false</IsTruncated>`,
  );
}

interface ResourceResult {
  resource: string;
  result: Exclude<RunSimulationResults, { resultType: 'error' }>;
  missing: string[];
}

const RESTRICTIVENESS = ['allowed', 'implicitDeny', 'explicitDeny'] as const;

/** The ARN template IAM now answers as the top-level EvalResourceName (`${…}` literally). */
function arnTemplate(resource: string): string {
  if (resource.startsWith('arn:aws:s3:::'))
    return resource.includes('/')
      ? 'arn:${Partition}:s3:::${BucketName}/${KeyName}'
      : 'arn:${Partition}:s3:::${BucketName}';
  if (resource.startsWith('arn:aws:kms:')) return 'arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}';
  return '*';
}

/**
 * One EvaluationResult per action, as IAM answers since it aggregates: the top-level decision is
 * the most restrictive over the resources, EvalResourceName an ARN template, and with ResourceArns
 * each resource's own decision, statements and missing context keys in ResourceSpecificResults.
 */
function evaluationXml(
  action: string,
  results: readonly ResourceResult[],
  perResource: boolean,
  types: Map<string, PolicyType>,
  given: { hasBoundary: boolean; hasResourcePolicy: boolean },
): string {
  const parts = results.map((entry) => resourceParts(entry, types, given));
  const decision = parts.reduce<(typeof RESTRICTIVENESS)[number]>(
    (worst, part) =>
      RESTRICTIVENESS.indexOf(part.decision) > RESTRICTIVENESS.indexOf(worst) ? part.decision : worst,
    'allowed',
  );
  const missing = [...new Set(parts.flatMap((part) => part.missing))];
  const listXml = (values: readonly string[]) =>
    values.map((value) => `<member>${escapeXml(value)}</member>`).join('');
  const specific = perResource
    ? `<ResourceSpecificResults>${parts
        .map(
          (part) =>
            `<member><EvalResourceName>${escapeXml(part.resource)}</EvalResourceName><EvalResourceDecision>${part.decision}</EvalResourceDecision>` +
            `<MatchedStatements>${part.matched}</MatchedStatements><MissingContextValues>${listXml(part.missing)}</MissingContextValues>${part.boundary}</member>`,
        )
        .join('')}</ResourceSpecificResults>`
    : '';
  const first = results[0]?.resource ?? '*';
  return (
    `<member><EvalActionName>${escapeXml(action)}</EvalActionName><EvalResourceName>${escapeXml(perResource ? arnTemplate(first) : '*')}</EvalResourceName>` +
    `<EvalDecision>${decision}</EvalDecision><MatchedStatements>${parts.map((part) => part.matched).join('')}</MatchedStatements>` +
    `<MissingContextValues>${perResource ? '' : listXml(missing)}</MissingContextValues>${parts[0]?.boundary ?? ''}${specific}</member>`
  );
}

function resourceParts(
  { resource, result, missing }: ResourceResult,
  types: Map<string, PolicyType>,
  given: { hasBoundary: boolean; hasResourcePolicy: boolean },
) {
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
  return { resource, decision, matched, boundary, missing };
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
