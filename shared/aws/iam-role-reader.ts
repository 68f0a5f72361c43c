import {
  type EvaluationResult,
  GetRoleCommand,
  type IAMClient,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import type {
  ContextEntryValue,
  RoleFacts,
  RoleReader,
  SimulatedDecision,
  SimulationResult,
} from '../diagnosis/role-reader.js';
import { observeCall } from './aws-errors.js';

export type {
  ContextEntryValue,
  RoleFacts,
  RoleReader,
  SimulatedDecision,
  SimulationResult,
} from '../diagnosis/role-reader.js';

/** IAM returns policy documents URL-encoded (RFC 3986); some SDKs decode them, this one does not. */
function decodePolicy(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  const decoded = text.trimStart().startsWith('{') ? text : decodeURIComponent(text);
  return JSON.parse(decoded);
}

/** Pages of SimulatePrincipalPolicy results; more than 50 pages means something is wrong. */
const MAX_PAGES = 50;

/**
 * Reads the replication role and simulates its identity policies. IAM (on the role ARN):
 * iam:GetRole, iam:SimulatePrincipalPolicy. IAM is global: one client serves every Region.
 */
export function createIamRoleReader(client: IAMClient): RoleReader {
  return {
    role: (arn) =>
      observeCall<RoleFacts | undefined>(
        'iam:GetRole',
        arn,
        async () => {
          const output = await client.send(new GetRoleCommand({ RoleName: roleNameOf(arn) }));
          const role = output.Role;
          const facts: RoleFacts = {
            arn: role?.Arn ?? arn,
            trustPolicy: decodePolicy(role?.AssumeRolePolicyDocument),
          };
          if (role?.RoleId !== undefined) facts.roleId = role.RoleId;
          const boundary = role?.PermissionsBoundary?.PermissionsBoundaryArn;
          if (boundary !== undefined) facts.permissionsBoundaryArn = boundary;
          return facts;
        },
        { names: ['NoSuchEntity', 'NoSuchEntityException'], value: undefined },
      ),
    simulate: (roleArn, actions, resources, context) =>
      observeCall('iam:SimulatePrincipalPolicy', roleArn, async () => {
        const results: SimulationResult[] = [];
        let marker: string | undefined;
        for (let page = 0; page < MAX_PAGES; page += 1) {
          const output = await client.send(
            new SimulatePrincipalPolicyCommand({
              PolicySourceArn: roleArn,
              ActionNames: [...actions],
              ResourceArns: [...resources],
              ContextEntries: Object.entries(context).map(([name, value]) => contextEntry(name, value)),
              Marker: marker,
            }),
          );
          for (const result of output.EvaluationResults ?? []) results.push(...resultsOf(result, resources));
          marker = output.IsTruncated ? output.Marker : undefined;
          if (marker === undefined) break;
        }
        return results;
      }),
  };
}

function contextEntry(name: string, value: ContextEntryValue) {
  if (typeof value === 'boolean')
    return { ContextKeyName: name, ContextKeyValues: [String(value)], ContextKeyType: 'boolean' as const };
  if (typeof value === 'string')
    return { ContextKeyName: name, ContextKeyValues: [value], ContextKeyType: 'string' as const };
  return { ContextKeyName: name, ContextKeyValues: [...value], ContextKeyType: 'stringList' as const };
}

/**
 * IAM now answers one EvaluationResult per action: the top level aggregates every resource (its
 * EvalResourceName is an ARN template) and each resource's own decision, statements and missing
 * context keys are in ResourceSpecificResults. An older answer has one result per resource.
 */
function resultsOf(evaluation: EvaluationResult, requested: readonly string[]): SimulationResult[] {
  const action = evaluation.EvalActionName ?? '';
  const organizations = evaluation.OrganizationsDecisionDetail?.AllowedByOrganizations;
  const specific = evaluation.ResourceSpecificResults ?? [];
  const parts =
    specific.length > 0
      ? specific.map((entry) => ({
          resource: entry.EvalResourceName ?? '*',
          decision: entry.EvalResourceDecision,
          statements: entry.MatchedStatements,
          missing: entry.MissingContextValues,
          boundary: entry.PermissionsBoundaryDecisionDetail ?? evaluation.PermissionsBoundaryDecisionDetail,
        }))
      : [
          {
            // Only one requested resource can be meant when the answer names a template.
            resource:
              requested.length === 1 && !requested.includes(evaluation.EvalResourceName ?? '')
                ? (requested[0] as string)
                : (evaluation.EvalResourceName ?? '*'),
            decision: evaluation.EvalDecision,
            statements: evaluation.MatchedStatements,
            missing: evaluation.MissingContextValues,
            boundary: evaluation.PermissionsBoundaryDecisionDetail,
          },
        ];
  return parts.map((part) => {
    const result: SimulationResult = {
      action,
      resource: part.resource,
      decision: (part.decision ?? 'implicitDeny') as SimulatedDecision,
      matchedPolicies: (part.statements ?? []).map((statement) => ({
        id: statement.SourcePolicyId ?? '',
        type: statement.SourcePolicyType ?? 'none',
      })),
      missingContextValues: [...(part.missing ?? [])],
    };
    const boundary = part.boundary?.AllowedByPermissionsBoundary;
    if (boundary !== undefined) result.allowedByBoundary = boundary;
    if (organizations !== undefined) result.allowedByOrganizations = organizations;
    return result;
  });
}

/** GetRole takes the name: the last segment of the ARN, whatever the role's path. */
export function roleNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
