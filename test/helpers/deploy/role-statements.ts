import {
  alternatives,
  isRecord,
  type Json,
  referencedId,
  resourcesOfType,
  type Template,
} from './template.js';

/** One statement of a role's policies, with where it was found. */
export interface RoleStatement {
  /** `AuditRole policy "audit" statement 3`: where to look in serverless.yml. */
  origin: string;
  effect: string;
  actions: string[];
  /** Each entry one resource value (string or intrinsic), Fn::If branches included. */
  resources: Json[];
  /** NotAction, NotResource or an unreadable Action: reported, never evaluated. */
  unreadable?: string;
}

export interface RoleStatements {
  statements: RoleStatement[];
  /** Parts of the role this test cannot see through (managed policies, unreadable documents). */
  problems: string[];
}

/**
 * Every statement that applies to a role: its inline `Policies`, and AWS::IAM::Policy or
 * AWS::IAM::ManagedPolicy resources attached to it. Managed policy ARNs cannot be read offline,
 * so they are reported as problems rather than trusted.
 */
export function statementsOfRole(template: Template, roleId: string): RoleStatements {
  const role = template.Resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role')
    return { statements: [], problems: [`${roleId} is not an AWS::IAM::Role`] };
  const problems: string[] = [];
  const managed = alternatives(role.Properties?.ManagedPolicyArns);
  for (const arn of managed) {
    if (typeof arn === 'string' || referencedId(arn) === undefined) {
      problems.push(`${roleId} attaches managed policy ${JSON.stringify(arn)}, which this test cannot read`);
    }
  }
  const documents: { origin: string; document: Json }[] = [];
  for (const policy of alternatives(role.Properties?.Policies)) {
    if (!isRecord(policy)) continue;
    documents.push({
      origin: `${roleId} policy "${String(policy.PolicyName)}"`,
      document: policy.PolicyDocument,
    });
  }
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [policyId, policy] of resourcesOfType(template, type)) {
      const roles = alternatives(policy.Properties?.Roles).map(referencedId);
      if (roles.includes(roleId)) {
        documents.push({
          origin: `${policyId} (attached to ${roleId})`,
          document: policy.Properties?.PolicyDocument,
        });
      }
    }
  }
  const statements = documents.flatMap(({ origin, document }) => {
    if (!isRecord(document)) {
      problems.push(`${origin} has no readable PolicyDocument`);
      return [];
    }
    const raw = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    return raw.flatMap((entry: Json, index) => {
      const condition =
        isRecord(entry) && Array.isArray(entry['Fn::If']) ? ` (if ${entry['Fn::If'][0]})` : '';
      return alternatives(entry).map((statement) =>
        readStatement(statement, `${origin} statement ${index + 1}${condition}`),
      );
    });
  });
  return { statements, problems };
}

function readStatement(statement: Json, origin: string): RoleStatement {
  if (!isRecord(statement)) {
    return { origin, effect: 'Unknown', actions: [], resources: [], unreadable: 'not an object' };
  }
  const effect = typeof statement.Effect === 'string' ? statement.Effect : 'Unknown';
  const actions = alternatives(statement.Action);
  const unreadable =
    statement.NotAction !== undefined
      ? 'NotAction grants every action but the listed ones'
      : statement.NotResource !== undefined
        ? 'NotResource grants every resource but the listed ones'
        : actions.some((action) => typeof action !== 'string')
          ? `Action is not a list of strings: ${JSON.stringify(statement.Action)}`
          : undefined;
  return {
    origin,
    effect,
    actions: actions.filter((action): action is string => typeof action === 'string'),
    resources: alternatives(statement.Resource),
    ...(unreadable === undefined ? {} : { unreadable }),
  };
}
