import type { Observed } from '../model/observed.js';

/** The port through which the diagnosis reads the replication role and asks IAM's simulator; shared/aws implements it. */

export interface RoleFacts {
  arn: string;
  /** `AROA…`: requests made with the role carry aws:userid `RoleId:session`. */
  roleId?: string;
  /** The trust (assume-role) policy document, decoded. */
  trustPolicy: unknown;
  permissionsBoundaryArn?: string;
}

/** A context entry: a string, a list of strings, or a boolean (sent with its IAM type). */
export type ContextEntryValue = string | readonly string[] | boolean;

export type SimulatedDecision = 'allowed' | 'implicitDeny' | 'explicitDeny';

/** IAM's verdict on one (action, resource) for the role's identity side. */
export interface SimulationResult {
  action: string;
  resource: string;
  decision: SimulatedDecision;
  /** `false` when the permissions boundary is what does not allow it. */
  allowedByBoundary?: boolean;
  /** `false` when an SCP of the role's organization does not allow it. */
  allowedByOrganizations?: boolean;
  matchedPolicies: { id: string; type: string }[];
  /** Condition keys the policies use that the request did not give: IAM read them as absent. */
  missingContextValues?: string[];
}

export interface RoleReader {
  /** `undefined` when the role does not exist. */
  role(arn: string): Promise<Observed<RoleFacts | undefined>>;
  /** Every action on every resource, with the context entries S3 would present. */
  simulate(
    roleArn: string,
    actions: readonly string[],
    resources: readonly string[],
    context: Readonly<Record<string, ContextEntryValue>>,
  ): Promise<Observed<SimulationResult[]>>;
}
