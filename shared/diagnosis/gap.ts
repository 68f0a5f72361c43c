import type { PermissionDecision, PermissionLayer } from '../model/findings.js';
import type { Need } from './needs.js';
import type { Requirement } from './requirement.js';

/** One requirement the role does not meet (or that could not be decided), and the layer that decides it. */
export interface PermissionGap {
  sourceBucket: string;
  requirement: Requirement;
  /** The action that is missing: the requirement's, or its alternative's when only that one counts. */
  action?: string;
  roleArn: string;
  decision: PermissionDecision;
  layer: PermissionLayer;
  /** One sentence: why this layer does not allow it (or why it cannot be decided). */
  reason: string;
  /** What goes wrong without it: the requirement's need, or what its alternative leaves. */
  need: Need;
  /** False when the decision rests on condition keys the monitor does not know (`unknownKeys`). */
  verified: boolean;
  unknownKeys?: string[];
  /** For a resource-side gap: the account that owns the bucket or key. */
  resourceAccount?: string;
  /** For a boundary gap: the boundary policy's ARN. */
  boundaryArn?: string;
  /** Statements that decided it (an explicit deny's Sid and policy), as evidence. */
  matched?: unknown[];
}
